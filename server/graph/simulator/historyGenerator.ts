import type { AiInteraction } from '../types';
import {
  KNOWN_APPS,
  POWERPOINT_LOWERCASE_RATE,
  UNKNOWN_APPS,
  UNKNOWN_APP_RATE,
  profileForAppClass,
  type AppProfile,
} from './copilotAppProfiles';
import { MAX_SESSION_MS, MEAN_INTERACTIONS_PER_SESSION, buildSession, type BuildContext } from './interactionBuilder';
import { Random, WeightedTable, hashSeed } from './random';
import type { SimUser, UserTraits } from './syntheticUsers';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Local hour of day weights: office hours, a lunch dip, a little evening work. */
const HOURS = new WeightedTable(
  [0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 0.8, 2, 5, 8, 9, 8, 5, 7, 8, 8, 7, 5, 3, 2, 1.5, 1, 0.6, 0.3].map(
    (w, hour) => [hour, w] as const,
  ),
);
const UNKNOWN_TABLE = new WeightedTable(UNKNOWN_APPS.map((p) => [p, p.weight] as const));

export interface HistoryContext extends BuildContext {
  seed: number;
  referenceMs: number;
  historyStartMs: number;
  avgInteractionsPerActiveUser: number;
}

/**
 * A user's generated history, sorted by time: a pure function of (seed, user index) so any user can be rebuilt
 * on demand in well under a millisecond per interaction.
 */
export function generateHistory(ctx: HistoryContext, user: SimUser, traits: UserTraits): AiInteraction[] {
  if (!traits.initiallyActive) return [];
  const random = new Random(hashSeed(ctx.seed, 'history', user.index));
  const target = ctx.avgInteractionsPerActiveUser * traits.activityMultiplier;
  const sessions = Math.max(1, Math.round(target / MEAN_INTERACTIONS_PER_SESSION));
  const mix = appMix(traits, random);
  const out: AiInteraction[] = [];
  const latestStart = ctx.referenceMs - MAX_SESSION_MS;
  const earliestStart = Math.max(ctx.historyStartMs, Math.min(traits.adoptionStartMs, latestStart));
  for (let s = 0; s < sessions; s++) {
    const startMs = sessionStart(random, traits, earliestStart, latestStart);
    const profile = pickApp(mix, random);
    out.push(
      ...buildSession(
        ctx,
        { profile, appClass: wireAppClass(profile, random), user, locale: traits.locale, startMs },
        random,
        Math.floor,
      ),
    );
  }
  return uniqueInTimeOrder(out);
}

/**
 * Sorts by time and bumps colliding timestamps by 1 ms, since id = epoch ms must be unique per user (cheaper
 * than a Set of claimed milliseconds: collisions are rare). Order is kept, so responses stay after prompts.
 */
function uniqueInTimeOrder(list: AiInteraction[]): AiInteraction[] {
  list.sort((a, b) => (a.createdDateTime < b.createdDateTime ? -1 : a.createdDateTime > b.createdDateTime ? 1 : 0));
  let previous = Number.NEGATIVE_INFINITY;
  for (const interaction of list) {
    let ms = Number(interaction.id);
    if (ms <= previous) {
      ms = previous + 1;
      interaction.id = String(ms);
      interaction.etag = interaction.id;
      interaction.createdDateTime = new Date(ms).toISOString();
    }
    previous = ms;
  }
  return list;
}

export interface NewActivity {
  sessions: number;
  atMs: number;
  appClass?: string;
}

/** Fresh sessions for a user starting at/after `atMs`, a few minutes apart; `usedMs` keeps ids unique. */
export function generateActivity(
  ctx: HistoryContext,
  user: SimUser,
  traits: UserTraits,
  random: Random,
  request: NewActivity,
  usedMs: Set<number>,
): AiInteraction[] {
  const mix = appMix(traits, random);
  const claim = claimer(usedMs);
  const out: AiInteraction[] = [];
  let t = request.atMs;
  for (let s = 0; s < request.sessions; s++) {
    const profile = request.appClass ? profileForAppClass(request.appClass) : pickApp(mix, random);
    const appClass = request.appClass ?? wireAppClass(profile, random);
    const session = buildSession(ctx, { profile, appClass, user, locale: traits.locale, startMs: t }, random, claim);
    out.push(...session);
    t = Number(session[session.length - 1]?.id ?? t) + random.int(60_000, 20 * 60_000);
  }
  return out;
}

/** Claims unique milliseconds (the id of an interaction) among those a user's history already uses. */
export function claimer(used: Set<number>): (ms: number) => number {
  return (ms) => {
    let t = Math.floor(ms);
    while (used.has(t)) t += 1;
    used.add(t);
    return t;
  };
}

/** The tenant mix, bent by the user's department and by personal taste. */
function appMix(traits: UserTraits, random: Random): WeightedTable<AppProfile> {
  const affinity = traits.department?.appAffinity ?? {};
  return new WeightedTable(
    KNOWN_APPS.map((p) => [p, p.weight * (affinity[p.key] ?? 1) * Math.exp(0.7 * random.normal())] as const),
  );
}

function pickApp(mix: WeightedTable<AppProfile>, random: Random): AppProfile {
  return random.chance(UNKNOWN_APP_RATE) ? UNKNOWN_TABLE.draw(random) : mix.draw(random);
}

function wireAppClass(profile: AppProfile, random: Random): string {
  if (profile.key === 'PowerPoint' && random.chance(POWERPOINT_LOWERCASE_RATE))
    return profile.appClass.replace('PowerPoint', 'Powerpoint');
  return profile.appClass;
}

/**
 * A session start: usage grows over time (density rising linearly towards the reference time), weekdays are
 * much busier, and the hour follows the user's local office day.
 */
function sessionStart(random: Random, traits: UserTraits, earliest: number, latest: number): number {
  const span = Math.max(DAY_MS, latest - earliest);
  const offsetMs = traits.office.utcOffsetHours * HOUR_MS;
  let candidate = latest;
  for (let attempt = 0; attempt < 6; attempt++) {
    // Inverse CDF of a density proportional to (a + x) on [0, 1].
    const a = 0.5;
    const x = -a + Math.sqrt(a * a + 2 * random.next() * (a + 0.5));
    const localDay = Math.floor((earliest + x * span + offsetMs) / DAY_MS);
    const weekday = new Date(localDay * DAY_MS).getUTCDay();
    if ((weekday === 0 || weekday === 6) && random.chance(0.85)) continue;
    const hour = HOURS.draw(random);
    candidate = localDay * DAY_MS - offsetMs + hour * HOUR_MS + random.int(0, HOUR_MS - 1);
    if (candidate >= earliest && candidate <= latest) return candidate;
  }
  return Math.min(latest, Math.max(earliest, candidate));
}
