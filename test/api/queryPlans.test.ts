import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildTenant, type BuiltTenant } from '../../bench/tenantBuilder';
import { createRiskScanner } from '../../server/core/risk/riskScanner';
import { evenRiskRates } from '../../server/graph/simulator/riskSeeds';
import { startCongo, type EmbeddedMongo } from '../../server/store/embedded/embeddedMongo';
import type { PlanRecord } from '../../server/store/embedded/congoPlanLog';
import type { InteractionDoc } from '../../server/store/documents';
import { apiReads, readSample, requestRead, type ApiRead } from '../support/apiReads';
import { startAppHarness, TEST_REFERENCE_TIME, type AppHarness } from '../support/appHarness';

/**
 * Every read the API, the tab's Ask box and the scheduler's status pages issue, run over real HTTP against an emulator
 * that plans by MongoDB's rules, with each command's plan recorded as MongoDB's explain would report it, on a tenant of
 * about 100,000 interactions (written straight into the store by the benches' builder, with the sync's own mapper,
 * aggregate ops, and the risk scanner over the first 20,000, 1 % of whose turns carry risky content). On the
 * collections that grow with the tenant, no read scans the collection and no sorted read leaves its order to a
 * blocking in-memory sort: the declared indexes give it (MongoDB's rule, checked here again from the index's keys).
 * The table of reads, indexes and figures is written to test-artifacts/query-plans.md (docs/api.md carries it).
 */

/** Collections that grow with the tenant's size or age. */
const GROWING = new Set([
  'interactions',
  'conversations',
  'agents',
  'dataSources',
  'dataSourceUsage',
  'users',
  'directoryUsers',
  'dailyActivity',
  'dailyUserActivity',
  'dayTotals',
  'findings',
  'accessLog',
  'syncRuns',
]);

/** About 100,000 interactions in the 90-day window (the bench tenant's 220 per active user, ~53 % active). */
const USERS = 1_070;
const AVG_PER_ACTIVE_USER = 220;
/** Interactions the risk scanner reads while the tenant is built (the first batch: its cost is the build's largest). */
const SCANNED = 20_000;

interface Observed {
  read: string;
  plan: PlanRecord;
}

describe('query plans of every API read, as MongoDB would run them', () => {
  let mongo: EmbeddedMongo;
  let h: AppHarness;
  let admin: string;
  let built: BuiltTenant;
  let buildSeconds = 0;
  const observed: Observed[] = [];
  let nextPages = 0;
  const keyPatterns = new Map<string, Array<[string, number]>>();

  beforeAll(async () => {
    mongo = await startCongo();
    h = await startAppHarness({
      userCount: USERS,
      mongoUri: mongo.uri,
      sync: false,
      history: { avgInteractionsPerActiveUser: AVG_PER_ACTIVE_USER, riskSeedRates: evenRiskRates(0.01) },
    });
    const { store, now, logger } = h.ctx;
    const scanner = createRiskScanner({ store, hashKey: randomBytes(32), now, logger });
    let scanned = 0;
    const scan = async (docs: InteractionDoc[]) => {
      if (scanned >= SCANNED) return;
      scanned += docs.length;
      await scanner.scan(docs);
    };
    const started = Date.now();
    built = await buildTenant(store, h.graph.tenant, TEST_REFERENCE_TIME, { scan });
    buildSeconds = (Date.now() - started) / 1000;
    admin = await h.tokens.admin();
    const sample = await readSample(h);
    // Two views, so the access log has a second page.
    await request(`/api/conversations/${sample.conversationId}`);
    const planner = mongo.planner;
    if (!planner) throw new Error('the emulator records no plans');
    const recorded = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
      const stop = planner.record();
      try {
        return await run();
      } finally {
        for (const plan of stop()) observed.push({ read: name, plan });
      }
    };
    // A department's page is read here only: on the smaller tenants of other suites its department is below the
    // minimum group size (403).
    const departmentPage: ApiRead = {
      name: "a department's page",
      path: `/api/departments/${encodeURIComponent(sample.department)}`,
    };
    for (const read of [...apiReads(sample), departmentPage]) {
      const answer = await recorded(read.name, () => request(read.path, read.body));
      expect({ read: read.name, status: answer.status }).toEqual({ read: read.name, status: 200 });
      const next = read.nextPage ? (JSON.parse(answer.text) as { nextCursor: string | null }).nextCursor : null;
      if (next === null) continue;
      nextPages += 1;
      const sep = read.path.includes('?') ? '&' : '?';
      const name = `${read.name}, next page`;
      const second = await recorded(name, () => request(`${read.path}${sep}cursor=${encodeURIComponent(next)}`));
      expect({ read: name, status: second.status }).toEqual({ read: name, status: 200 });
    }
    const db = h.ctx.store.db;
    for (const name of new Set(observed.map((o) => o.plan.collection))) {
      for (const index of await db.collection(name).indexes())
        keyPatterns.set(`${name}.${index.name}`, Object.entries(index.key) as Array<[string, number]>);
    }
    writeTable(
      observed,
      `${built.interactions} interactions, ${built.conversations} conversations, ${built.activeUsers} active users; built in ${buildSeconds.toFixed(0)} s`,
    );
  }, 2_400_000); // the build alone took over 15 minutes at a load average of 30 (2 cores)

  afterAll(async () => {
    await h?.close();
    await mongo?.stop();
  });

  const request = (p: string, body?: unknown) => requestRead(h, admin, p, body);

  const growing = () => observed.filter((o) => GROWING.has(o.plan.collection));

  it('reads a tenant of about 100,000 interactions', async () => {
    expect(built.interactions).toBeGreaterThan(90_000);
    expect(await h.ctx.store.findings.countDocuments({ tenantId: h.ctx.tenantId })).toBeGreaterThan(50);
  });

  it('recorded the reads of every route', () => {
    expect(new Set(observed.map((o) => o.read)).size).toBeGreaterThan(40);
    expect(nextPages).toBeGreaterThan(20); // second pages read with their keyset filter
    for (const collection of ['interactions', 'conversations', 'agents', 'dataSources', 'users', 'findings'])
      expect(observed.some((o) => o.plan.collection === collection && o.plan.sortFromIndex === true)).toBe(true);
  });

  it('scans no growing collection', () => {
    const scans = growing().filter((o) => o.plan.stage === 'COLLSCAN');
    expect(scans.map((o) => `${o.read}: ${o.plan.collection}`)).toEqual([]);
  });

  it('takes every sort on a growing collection from an index, never a blocking in-memory sort', () => {
    const blocking = growing().filter((o) => o.plan.sortFromIndex === false && !boundedSort(o));
    expect(
      blocking.map((o) => `${o.read}: ${o.plan.collection} sort ${JSON.stringify(o.plan.sort)} (${o.plan.index})`),
    ).toEqual([]);
  });

  it('examines at most twice what it returns, plus a page, where an index gives a limited find its order', () => {
    // A keyset page's $or is merged in sort order from its branches' scans (SORT_MERGE), which stop at the page: its
    // figures are each branch's keys to the limit. A search matches users, apps or data sources (an $or no index can
    // serve whole, since sources are an array): its page walks the range newest first until enough rows match, bounded
    // by the range.
    const walks = growing().filter(
      ({ read, plan }) =>
        plan.command === 'find' &&
        (plan.stage === 'IXSCAN' || plan.stage === 'OR') &&
        plan.sortFromIndex &&
        plan.limit > 0 &&
        !read.includes('search'),
    );
    expect(walks.length).toBeGreaterThan(30);
    expect(walks.filter((o) => o.plan.stage === 'OR').length).toBeGreaterThanOrEqual(3); // the feed's second pages
    const wasteful = walks.filter((o) => o.plan.docsExamined > 2 * o.plan.nReturned + o.plan.limit);
    expect(wasteful.map((o) => `${o.read}: ${o.plan.collection} ${o.plan.index} ${o.plan.docsExamined}`)).toEqual([]);
  });

  it("names an index whose keys give the sort by MongoDB's rule wherever it says the index gave the order", () => {
    for (const { read, plan } of observed) {
      if (!plan.sortFromIndex || !plan.sort || plan.stage !== 'IXSCAN') continue;
      const key = keyPatterns.get(`${plan.collection}.${plan.index}`);
      expect({ read, index: plan.index, known: key !== undefined }).toEqual({ read, index: plan.index, known: true });
      expect({ read, index: plan.index, gives: givesSort(key ?? [], plan.filter, plan.sort) }).toEqual({
        read,
        index: plan.index,
        gives: true,
      });
    }
  });
});

/**
 * Sorts left to memory on purpose, each bounded by something other than the tenant's size: one user's agents (one per
 * Copilot app the user used); a department's top users, ranked among the department's active members.
 */
function boundedSort({ read, plan }: Observed): boolean {
  const userAgents = plan.collection === 'agents' && read.startsWith('agents, one user') && plan.inMemorySort <= 50;
  const departmentTop = plan.collection === 'users' && read === "a department's page" && plan.inMemorySort <= 1_000;
  return userAgents || departmentTop;
}

/**
 * MongoDB's rule from the manual ("Use Indexes to Sort Query Results"), written out separately from the emulator's:
 * drop the index's leading keys the filter holds to equality (one value, or an `$in` list MongoDB reads as one scan
 * per value and merges in order, up to 200 scans); the sort, without those keys, must be the next keys of the index
 * in order, with every direction equal to the index's or every one reversed.
 */
function givesSort(key: Array<[string, number]>, filter: unknown, sort: Array<[string, 1 | -1]>): boolean {
  const pinned = new Set<string>();
  const conditions = flatten(filter);
  let start = 0;
  let scans = 1;
  for (; start < key.length; start += 1) {
    const values = equalityValues(conditions.get(key[start]![0]));
    if (values === 0 || scans * values > 200) break;
    scans *= values;
    pinned.add(key[start]![0]);
  }
  const wanted = sort.filter(([field]) => !pinned.has(field));
  const flips = new Set<boolean>();
  return wanted.every(([field, direction], i) => {
    const entry = key[start + i];
    if (!entry || entry[0] !== field) return false;
    flips.add(entry[1] !== direction);
    return flips.size === 1;
  });
}

function flatten(filter: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const visit = (clause: unknown) => {
    if (!clause || typeof clause !== 'object') return;
    for (const [k, v] of Object.entries(clause as Record<string, unknown>)) {
      if (k === '$and' && Array.isArray(v)) v.forEach(visit);
      else if (!k.startsWith('$')) out.set(k, v);
    }
  };
  visit(filter);
  return out;
}

/** How many values an equality condition allows (0: not an equality). */
function equalityValues(condition: unknown): number {
  if (condition === undefined || condition === null) return 0;
  if (typeof condition !== 'object' || condition instanceof Date) return 1;
  const ops = condition as Record<string, unknown>;
  if ((ops as { _bsontype?: string })._bsontype === 'ObjectId') return 1;
  const keys = Object.keys(ops);
  if (keys.length !== 1) return 0;
  if (keys[0] === '$eq') return 1;
  return keys[0] === '$in' && Array.isArray(ops.$in) ? ops.$in.length : 0;
}

/** One row per command of each read, under a line saying what tenant was read. */
function writeTable(observed: Observed[], tenant: string): void {
  const rows = observed.map(({ read, plan }) => {
    const sort = plan.sort ? plan.sort.map(([f, d]) => `${f}:${d}`).join(', ') : '';
    const order =
      plan.sortFromIndex === null ? '—' : plan.sortFromIndex ? 'index' : `**memory (${plan.inMemorySort})**`;
    return `| ${read} | ${plan.command} ${plan.collection} | ${plan.stage} ${plan.index ?? ''} | ${sort} | ${order} | ${plan.keysExamined} | ${plan.docsExamined} | ${plan.nReturned} |`;
  });
  const file = path.join(process.cwd(), 'test-artifacts', 'query-plans.md');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    [
      `Tenant: ${tenant}.`,
      '',
      '| Read | Command | Plan | Sort | Order from | Keys examined | Docs examined | Returned |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
    ].join('\n') + '\n',
  );
}
