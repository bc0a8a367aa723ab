import type { GraphUser } from '../types';
import { Random, WeightedTable, hashSeed } from './random';
import {
  DEMO_PEOPLE,
  DEPARTMENTS,
  FIRST_NAMES,
  LAST_NAMES,
  OFFICES,
  type Department,
  type Office,
} from './tenantVocabulary';
import { isoSeconds, licenseAssignmentTime, licensesFor, type UserCategory } from './userLicenses';

const DAY_MS = 86_400_000;

/** User properties Graph returns by default that the sync's GraphUser type does not carry. */
export interface UserProfile {
  givenName: string;
  surname: string;
  businessPhones: string[];
  mobilePhone: string | null;
  preferredLanguage: string | null;
  usageLocation: string | null;
  userType: 'Member';
  createdDateTime: string;
}

/** A directory user of the synthetic tenant and how they relate to Copilot. */
export interface SimUser {
  /** Position in the tenant (seeds this user's interaction history). */
  index: number;
  graph: GraphUser;
  profile: UserProfile;
  /** Holds the Microsoft 365 Copilot SKU. */
  licensed: boolean;
  /** The export API serves this user's history; false answers 403 (plan disabled or license just assigned). */
  copilotEnabled: boolean;
  /** Has Copilot history. */
  active: boolean;
}

/** Hidden per-user knobs that shape generated activity. */
export interface UserTraits {
  department: Department | null;
  office: Office;
  locale: string;
  /** Relative activity level (mean 1, heavy-tailed). */
  activityMultiplier: number;
  /** First day this user used Copilot (epoch ms). */
  adoptionStartMs: number;
  /** Whether the generated history is non-empty (addActivity may later make others active). */
  initiallyActive: boolean;
}

interface Draft {
  givenName: string;
  surname: string;
  department: Department | null;
  office: Office;
  category: UserCategory;
  disabled: boolean;
}

export interface GenerateUsersOptions {
  seed: number;
  userCount: number;
  domain: string;
  referenceTime: Date;
  historyDays: number;
}

/** Builds the tenant's users deterministically from the seed. */
export function generateUsers(options: GenerateUsersOptions): { users: SimUser[]; traits: UserTraits[] } {
  const random = new Random(hashSeed(options.seed, 'users'));
  const drafts = draftPeople(random, options.userCount);
  ensureEveryCategory(drafts);
  const upns = new Set<string>();
  const users: SimUser[] = [];
  const traits: UserTraits[] = [];
  drafts.forEach((draft, index) => {
    const userRandom = new Random(hashSeed(options.seed, 'user', index));
    const built = buildUser(draft, index, userRandom, options, upns);
    users.push(built.user);
    traits.push(built.traits);
  });
  return { users, traits };
}

const departmentTable = new WeightedTable(DEPARTMENTS.map((d) => [d, d.weight] as const));
const officeTable = new WeightedTable(OFFICES.map((o) => [o, o.weight] as const));

function draftPeople(random: Random, count: number): Draft[] {
  const usedNames = new Set<string>();
  const drafts: Draft[] = [];
  for (let i = 0; i < count; i++) {
    const [givenName, surname] = pickName(random, i, usedNames);
    const department = random.chance(0.03) ? null : departmentTable.draw(random);
    const office = officeTable.draw(random);
    drafts.push({
      givenName,
      surname,
      department,
      office,
      category: pickCategory(random, department),
      disabled: random.chance(0.02),
    });
  }
  return drafts;
}

function pickName(random: Random, index: number, used: Set<string>): readonly [string, string] {
  const demo = DEMO_PEOPLE[index];
  if (demo) {
    used.add(`${demo[0]} ${demo[1]}`);
    return demo;
  }
  let name: readonly [string, string] = [random.pick(FIRST_NAMES), random.pick(LAST_NAMES)];
  // Retry a few times so display names stay unique at 10,000 users; real tenants do have namesakes, so give up quietly.
  for (let attempt = 0; attempt < 24 && used.has(`${name[0]} ${name[1]}`); attempt++) {
    name = [random.pick(FIRST_NAMES), random.pick(LAST_NAMES)];
  }
  used.add(`${name[0]} ${name[1]}`);
  return name;
}

function pickCategory(random: Random, department: Department | null): UserCategory {
  if (!random.chance(department?.licenseRate ?? 0.5)) return 'unlicensed';
  const r = random.next();
  if (r < 0.015) return 'chatPlanDisabled';
  if (r < 0.03) return 'justAssigned';
  if (r < 0.18) return 'unused';
  return 'active';
}

/** Small tenants still get at least one user of each kind the sync must handle. */
function ensureEveryCategory(drafts: Draft[]): void {
  if (drafts.length < 20) return;
  const need: UserCategory[] = ['chatPlanDisabled', 'unused', 'unlicensed', 'active'];
  for (const category of need) {
    if (drafts.some((d) => d.category === category)) continue;
    const donor = [...drafts].reverse().find((d) => d.category === 'active' || d.category === 'unused');
    if (donor) donor.category = category;
  }
  if (!drafts.some((d) => d.disabled)) {
    const donor = drafts[drafts.length - 2];
    if (donor) donor.disabled = true;
  }
}

function buildUser(
  draft: Draft,
  index: number,
  random: Random,
  options: GenerateUsersOptions,
  upns: Set<string>,
): { user: SimUser; traits: UserTraits } {
  const referenceMs = options.referenceTime.getTime();
  const historyStartMs = referenceMs - options.historyDays * DAY_MS;
  const id = random.uuid();
  const upn = uniqueUpn(draft, options.domain, upns);
  const licensed = draft.category !== 'unlicensed';
  const adoptionStartMs = pickAdoptionStart(random, historyStartMs, referenceMs, options.historyDays);
  const licenseAssignedMs = licenseAssignmentTime(random, draft.category, adoptionStartMs, historyStartMs, referenceMs);
  const { assignedLicenses, assignedPlans } = licensesFor(random, draft.category, licenseAssignedMs, referenceMs);
  const hasMailbox = assignedLicenses.length > 0;
  const graph: GraphUser = {
    id,
    displayName: `${draft.givenName} ${draft.surname}`,
    userPrincipalName: upn,
    mail: hasMailbox ? upn : null,
    department: draft.department?.name ?? null,
    jobTitle: draft.department ? random.pick(draft.department.titles) : null,
    officeLocation: draft.office.name,
    accountEnabled: !draft.disabled,
    assignedLicenses,
    assignedPlans,
  };
  const profile: UserProfile = {
    givenName: draft.givenName,
    surname: draft.surname,
    businessPhones: random.chance(0.7) ? [`+1 425 555 ${String(random.int(100, 9999)).padStart(4, '0')}`] : [],
    mobilePhone: random.chance(0.3) ? `+1 206 555 ${String(random.int(100, 9999)).padStart(4, '0')}` : null,
    preferredLanguage: draft.office.locale.replace(/-(\w+)$/, (_, region: string) => `-${region.toUpperCase()}`),
    usageLocation: draft.office.usageLocation,
    userType: 'Member',
    createdDateTime: isoSeconds(referenceMs - random.int(200, 2500) * DAY_MS - random.int(0, DAY_MS)),
  };
  const sigma = 0.9;
  const multiplier = Math.min(12, Math.exp(-(sigma * sigma) / 2 + sigma * random.normal()));
  const traits: UserTraits = {
    department: draft.department,
    office: draft.office,
    locale: random.chance(0.05) ? 'en-us' : draft.office.locale,
    activityMultiplier: multiplier,
    adoptionStartMs,
    initiallyActive: draft.category === 'active',
  };
  const user: SimUser = {
    index,
    graph,
    profile,
    licensed,
    copilotEnabled: licensed && draft.category !== 'chatPlanDisabled' && draft.category !== 'justAssigned',
    active: draft.category === 'active',
  };
  return { user, traits };
}

function uniqueUpn(draft: Draft, domain: string, used: Set<string>): string {
  const local = `${slug(draft.givenName)}.${slug(draft.surname)}`;
  let candidate = `${local}@${domain}`;
  for (let n = 2; used.has(candidate); n++) candidate = `${local}${n}@${domain}`;
  used.add(candidate);
  return candidate;
}

function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '');
}

/** A third of active users adopted Copilot before the history starts; the rest join over time (growing adoption). */
function pickAdoptionStart(random: Random, historyStartMs: number, referenceMs: number, historyDays: number): number {
  const u = random.next();
  if (u < 0.35) return historyStartMs;
  const spanDays = Math.max(1, historyDays - 7);
  return Math.min(referenceMs - 7 * DAY_MS, historyStartMs + ((u - 0.35) / 0.65) * spanDays * DAY_MS);
}
