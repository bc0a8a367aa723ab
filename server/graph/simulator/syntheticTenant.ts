import type { AiInteraction } from '../types';
import { createDataSourcePool } from './dataSourcePool';
import { buildGivenSession, toLink, type GivenTurn } from './givenActivity';
import { claimer, generateActivity, generateHistory, type HistoryContext } from './historyGenerator';
import { LruCache } from './lruCache';
import { Random, hashSeed } from './random';
import type { RiskLabel, RiskSeedRates } from './riskSeeds';
import { generateUsers, type SimUser, type UserTraits } from './syntheticUsers';
import { countInteractions, countUsers, type InteractionCounts, type TenantSummary } from './tenantSummary';
import { TENANT_NAMES } from './tenantVocabulary';

export type { SimUser, UserProfile } from './syntheticUsers';
export type { TenantSummary } from './tenantSummary';

const DAY_MS = 86_400_000;

export interface SyntheticTenantOptions {
  seed?: number;
  userCount?: number;
  /** "Now" for the generated history: everything happens in the `historyDays` before it. Defaults to now(). */
  referenceTime?: Date;
  historyDays?: number;
  avgInteractionsPerActiveUser?: number;
  /** Clock for addActivity's default time. */
  now?: () => Date;
  /** How many users' histories stay generated in memory (LRU). */
  cacheUsers?: number;
  /** Upper bound on cached interactions across those users. */
  cacheInteractions?: number;
  /** Share of turns replaced by labelled risky content, per kind (none by default). */
  riskSeedRates?: RiskSeedRates;
}

export interface AddActivityOptions {
  userId?: string;
  at?: Date;
  sessions?: number;
  appClass?: string;
  /**
   * Serve only the turns created by this time; the rest of the session is held and served by releaseDue once its time
   * comes, as Graph shows a session still in progress (no interaction dated in the future).
   */
  happenedBy?: Date;
}

export interface AddGivenActivityOptions {
  userId: string;
  appClass?: string;
  at?: Date;
  turns: readonly GivenTurn[];
}

/** An edit of added activity: new body text, new cited links (replacing the old ones), or both. */
export interface ActivityEdit {
  content?: string;
  links?: GivenTurn['links'];
}

export interface GroundTruthRow {
  userId: string;
  interaction: AiInteraction;
  /** Risk categories seeded into it ([] for a seeded turn's clean half); absent when nothing was seeded. */
  riskLabels?: RiskLabel[];
}

/** A deterministic fake Microsoft 365 tenant: users, licenses and Copilot interaction history. */
export interface SyntheticTenant {
  readonly seed: number;
  readonly tenantId: string;
  readonly domain: string;
  /** The registered app whose credentials the simulator's token endpoint accepts. */
  readonly app: { clientId: string; clientSecret: string };
  /** A second secret of the same app that the token endpoint answers with AADSTS7000222 (expired). */
  readonly expiredSecret: string;
  readonly referenceTime: Date;
  readonly historyDays: number;
  readonly users: readonly SimUser[];
  findUser(userId: string): SimUser | undefined;
  /** The user's history in time order, then activity added later. Unknown users have none. */
  interactionsFor(userId: string): AiInteraction[];
  /** The order the export API serves them: a fixed shuffle of the history (Graph does not sort), additions last. */
  servedOrder(userId: string): readonly AiInteraction[];
  /** Appends realistic new sessions for a user (default: a random one) at/after `at`; returns what was added. */
  addActivity(options?: AddActivityOptions): AiInteraction[];
  /** Serves the held turns (addActivity's happenedBy) created by `now`, in time order; returns them. */
  releaseDue(now: Date): AiInteraction[];
  /** Appends one session of exactly the given turns for a Copilot-enabled user; returns what was added. */
  addGivenActivity(options: AddGivenActivityOptions): AiInteraction[];
  /**
   * Edits (new body text or cited links, new etag) or deletes one interaction added through addActivity/
   * addGivenActivity, as Graph would after a change at the source; returns the interaction as it now is (or was, when
   * deleted). Generated history is fixed by the seed and cannot change.
   */
  changeAddedActivity(userId: string, interactionId: string, change: ActivityEdit | 'delete'): AiInteraction;
  /** Every interaction the export API would serve (licensed, Copilot-enabled users), strictly inside the window. */
  groundTruth(window?: { after?: Date; before?: Date }): Iterable<GroundTruthRow>;
  summary(): TenantSummary;
  /** Licensed users the export API refuses (403). */
  forbiddenUserIds(): string[];
  /** Users holding the Copilot SKU. */
  licensedUserIds(): string[];
}

/** Builds a synthetic tenant; the same options always give the same tenant. */
export function createSyntheticTenant(options: SyntheticTenantOptions = {}): SyntheticTenant {
  return new GeneratedTenant(options);
}

interface CachedHistory {
  base: AiInteraction[];
  served: AiInteraction[] | null;
}

class GeneratedTenant implements SyntheticTenant {
  readonly seed: number;
  readonly tenantId: string;
  readonly domain: string;
  readonly app: { clientId: string; clientSecret: string };
  readonly expiredSecret: string;
  readonly referenceTime: Date;
  readonly historyDays: number;
  readonly users: readonly SimUser[];
  private readonly traits: readonly UserTraits[];
  private readonly byId: Map<string, SimUser>;
  private readonly ctx: HistoryContext;
  private readonly cache: LruCache<number, CachedHistory>;
  private readonly added = new Map<number, AiInteraction[]>();
  private readonly usedMs = new Map<number, Set<number>>();
  private readonly activityRandom: Random;
  /** Turns of sessions still in progress (addActivity's happenedBy), by user, in time order. */
  private readonly held = new Map<number, AiInteraction[]>();
  private readonly now: () => Date;
  private counts: InteractionCounts | null = null;

  constructor(options: SyntheticTenantOptions) {
    this.seed = options.seed ?? 42;
    this.now = options.now ?? (() => new Date());
    this.referenceTime = new Date(options.referenceTime ?? this.now());
    this.historyDays = options.historyDays ?? 180;
    const random = new Random(hashSeed(this.seed, 'tenant'));
    this.tenantId = random.uuid();
    const tenantName = random.pick(TENANT_NAMES);
    this.domain = `${tenantName}.example`;
    this.app = { clientId: random.uuid(), clientSecret: clientSecret(random) };
    this.expiredSecret = clientSecret(random);
    const generated = generateUsers({
      seed: this.seed,
      userCount: options.userCount ?? 50,
      domain: this.domain,
      referenceTime: this.referenceTime,
      historyDays: this.historyDays,
    });
    this.users = generated.users;
    this.traits = generated.traits;
    this.byId = new Map(this.users.map((u) => [u.graph.id, u]));
    const referenceMs = this.referenceTime.getTime();
    this.ctx = {
      seed: this.seed,
      tenantId: this.tenantId,
      users: this.users,
      pool: createDataSourcePool(this.seed, tenantName, this.users),
      referenceMs,
      historyStartMs: referenceMs - this.historyDays * DAY_MS,
      avgInteractionsPerActiveUser: options.avgInteractionsPerActiveUser ?? 60,
      ...(options.riskSeedRates
        ? { risk: { rates: options.riskSeedRates, seed: this.seed, domain: this.domain, labels: new WeakMap() } }
        : {}),
    };
    this.cache = new LruCache(options.cacheUsers ?? 2_000, options.cacheInteractions ?? 100_000, (h) => h.base.length);
    this.activityRandom = new Random(hashSeed(this.seed, 'activity'));
  }

  findUser(userId: string): SimUser | undefined {
    return this.byId.get(userId.toLowerCase()) ?? this.byId.get(userId);
  }

  interactionsFor(userId: string): AiInteraction[] {
    const user = this.findUser(userId);
    if (!user) return [];
    return [...this.history(user.index).base, ...(this.added.get(user.index) ?? [])];
  }

  servedOrder(userId: string): readonly AiInteraction[] {
    const user = this.findUser(userId);
    if (!user) return [];
    const history = this.history(user.index);
    if (!history.served) {
      const shuffled = new Random(hashSeed(this.seed, 'order', user.index)).shuffle([...history.base]);
      history.served = [...shuffled, ...(this.added.get(user.index) ?? [])];
    }
    return history.served;
  }

  addActivity(options: AddActivityOptions = {}): AiInteraction[] {
    const user = this.activityUser(options.userId);
    const traits = this.traits[user.index] as UserTraits;
    const atMs = (options.at ?? this.now()).getTime();
    const sessions = Math.max(1, Math.min(50, Math.floor(options.sessions ?? 1)));
    const added = generateActivity(
      this.ctx,
      user,
      traits,
      this.activityRandom,
      { sessions, atMs, appClass: options.appClass },
      this.idsInUse(user.index),
    );
    if (!options.happenedBy) return this.append(user, added);
    const byMs = options.happenedBy.getTime();
    const due = added.filter((i) => Date.parse(i.createdDateTime) <= byMs);
    const later = added.filter((i) => Date.parse(i.createdDateTime) > byMs);
    if (later.length) this.held.set(user.index, [...(this.held.get(user.index) ?? []), ...later]);
    return due.length ? this.append(user, due) : [];
  }

  releaseDue(now: Date): AiInteraction[] {
    const nowMs = now.getTime();
    const released: AiInteraction[] = [];
    for (const [index, list] of [...this.held]) {
      const due = list.filter((i) => Date.parse(i.createdDateTime) <= nowMs);
      if (!due.length) continue;
      const later = list.filter((i) => Date.parse(i.createdDateTime) > nowMs);
      if (later.length) this.held.set(index, later);
      else this.held.delete(index);
      released.push(...this.append(this.users[index] as SimUser, due));
    }
    return released.sort((a, b) => Date.parse(a.createdDateTime) - Date.parse(b.createdDateTime));
  }

  addGivenActivity(options: AddGivenActivityOptions): AiInteraction[] {
    const user = this.activityUser(options.userId);
    const traits = this.traits[user.index] as UserTraits;
    const added = buildGivenSession(
      {
        user,
        tenantId: this.tenantId,
        appClass: options.appClass,
        locale: traits.locale,
        startMs: (options.at ?? this.now()).getTime(),
        turns: options.turns,
      },
      this.activityRandom,
      claimer(this.idsInUse(user.index)),
    );
    return this.append(user, added);
  }

  changeAddedActivity(userId: string, interactionId: string, change: ActivityEdit | 'delete'): AiInteraction {
    const user = this.findUser(userId);
    const list = user ? this.added.get(user.index) : undefined;
    const at = list?.findIndex((i) => i.id === interactionId) ?? -1;
    if (!user || !list || at < 0)
      throw new RangeError(`No added interaction ${interactionId} of user ${userId} in the synthetic tenant`);
    const current = list[at] as AiInteraction;
    const cached = this.cache.peek(user.index);
    if (cached) cached.served = null;
    if (change === 'delete') {
      list.splice(at, 1);
      this.counts = null;
      return current;
    }
    const edits = Number(/~(\d+)$/.exec(current.etag ?? '')?.[1] ?? 0) + 1;
    const edited: AiInteraction = {
      ...current,
      body:
        change.content === undefined
          ? current.body
          : { contentType: current.body?.contentType ?? 'text', content: change.content },
      links: change.links === undefined ? current.links : change.links.map(toLink),
      etag: `${current.id}~${edits}`,
    };
    list[at] = edited;
    return edited;
  }

  private activityUser(userId: string | undefined): SimUser {
    const user = userId ? this.findUser(userId) : this.pickActivityUser();
    if (!user)
      throw new RangeError(
        userId ? `No user ${userId} in the synthetic tenant` : 'The tenant has no Copilot-enabled user',
      );
    if (!user.licensed || !user.copilotEnabled)
      throw new RangeError(
        `User ${user.graph.id} has no Copilot-enabled license; the export API would not show new activity`,
      );
    return user;
  }

  private append(user: SimUser, added: AiInteraction[]): AiInteraction[] {
    const list = this.added.get(user.index) ?? [];
    list.push(...added);
    this.added.set(user.index, list);
    const cached = this.cache.peek(user.index);
    if (cached) cached.served = null;
    user.active = true;
    if (this.counts) countInteractions(this.counts, added);
    return added;
  }

  *groundTruth(window: { after?: Date; before?: Date } = {}): Iterable<GroundTruthRow> {
    const after = window.after?.getTime() ?? Number.NEGATIVE_INFINITY;
    const before = window.before?.getTime() ?? Number.POSITIVE_INFINITY;
    for (const user of this.users) {
      if (!user.licensed || !user.copilotEnabled) continue;
      const base =
        this.cache.peek(user.index)?.base ?? generateHistory(this.ctx, user, this.traits[user.index] as UserTraits);
      for (const list of [base, this.added.get(user.index) ?? []]) {
        for (const interaction of list) {
          const ms = Date.parse(interaction.createdDateTime);
          if (!(ms > after && ms < before)) continue;
          const riskLabels = this.ctx.risk?.labels.get(interaction);
          yield riskLabels
            ? { userId: user.graph.id, interaction, riskLabels }
            : { userId: user.graph.id, interaction };
        }
      }
    }
  }

  summary(): TenantSummary {
    if (!this.counts) {
      const counts: InteractionCounts = { interactions: 0, perApp: {} };
      for (const user of this.users) {
        countInteractions(
          counts,
          this.cache.peek(user.index)?.base ?? generateHistory(this.ctx, user, this.traits[user.index] as UserTraits),
        );
        countInteractions(counts, this.added.get(user.index) ?? []);
      }
      this.counts = counts;
    }
    return {
      tenantId: this.tenantId,
      domain: this.domain,
      ...countUsers(this.users),
      interactions: this.counts.interactions,
      perApp: { ...this.counts.perApp },
      historyStart: new Date(this.ctx.historyStartMs).toISOString(),
      referenceTime: this.referenceTime.toISOString(),
    };
  }

  forbiddenUserIds(): string[] {
    return this.users.filter((u) => u.licensed && !u.copilotEnabled).map((u) => u.graph.id);
  }

  licensedUserIds(): string[] {
    return this.users.filter((u) => u.licensed).map((u) => u.graph.id);
  }

  private history(index: number): CachedHistory {
    const cached = this.cache.get(index);
    if (cached) return cached;
    const user = this.users[index] as SimUser;
    const history: CachedHistory = {
      base: generateHistory(this.ctx, user, this.traits[index] as UserTraits),
      served: null,
    };
    this.cache.set(index, history);
    return history;
  }

  private idsInUse(index: number): Set<number> {
    let used = this.usedMs.get(index);
    if (!used) {
      used = new Set(this.history(index).base.map((i) => Number(i.id)));
      this.usedMs.set(index, used);
    }
    return used;
  }

  /** Mostly existing Copilot users; sometimes a licensed user who had never used it starts. */
  private pickActivityUser(): SimUser | undefined {
    const enabled = this.users.filter((u) => u.licensed && u.copilotEnabled);
    const active = enabled.filter((u) => u.active);
    const dormant = enabled.filter((u) => !u.active);
    if (dormant.length > 0 && (active.length === 0 || this.activityRandom.chance(0.2)))
      return this.activityRandom.pick(dormant);
    return active.length > 0 ? this.activityRandom.pick(active) : undefined;
  }
}

/** Entra secret values look like `Xy7Q~` followed by 34 characters. */
function clientSecret(random: Random): string {
  return `${random.base64url(3).replace(/[-_]/g, 'a')}${random.int(0, 9)}Q~${random.base64url(34).replace(/-/g, '.')}`;
}
