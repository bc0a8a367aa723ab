import type * as W from '../../server/api/contracts';
import { createBotContext } from '../../bot/botContext';
import { ask, answerQuery, understand, type EngineDeps } from '../../server/core/ask/engine';
import type { AskQuery } from '../../server/core/ask/querySchema';
import { createSourceCatalog, MISS_REREAD_MS } from '../../server/core/insights/sourceFilter';
import { hasCopilotChatPlan } from '../../server/core/sync/directorySyncer';
import { M365_COPILOT_SKU_ID } from '../../server/graph/constants';
import type { DataSourceDoc, InteractionDoc } from '../../server/store/documents';
import { call } from '../api/apiClient';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { allRows, demoAdmin, engineDeps } from './askKit';

/**
 * Names that hold the engine's own keywords (retention, policy, risk, findings, sync, licence, settings, help) are
 * the file or source the tenant holds, or a file said to be no one's, never the intent of the keyword; the source
 * catalog is read again when a sync finishes or a name is missed; and a sync question about who failed names the
 * users the sync could not read, with Graph's error and when, as the Sync view lists them.
 */

const now = new Date('2026-11-20T12:00:00.000Z');
let h: AppHarness;
let deps: EngineDeps;
let admin: string;
let stored: InteractionDoc[];
/** Stored files whose names hold a word the engine reads as an intent of its own. */
let keywordFiles: DataSourceDoc[];
const KEYWORDS =
  /\b(?:retention|policy|privacy|risk|findings?|security|audit|compliance|sync|licen[cs]e|settings|help)\b/i;

beforeAll(async () => {
  // Seed 6: licences the export API refuses (the sync's per-user errors).
  h = await startAppHarness({ userCount: 30, seed: 6, referenceTime: now });
  deps = engineDeps(h);
  admin = await h.tokens.admin();
  const store = h.testStore.store;
  stored = await store.interactions.find({ tenantId: h.ctx.tenantId }).toArray();
  const files = await store.dataSources
    .find({ tenantId: h.ctx.tenantId, kind: 'file' })
    .sort({ referenceCount: -1, key: 1 })
    .toArray();
  const once = (f: DataSourceDoc) => files.filter((x) => x.name === f.name).length === 1;
  keywordFiles = files.filter((f) => KEYWORDS.test(f.name ?? '') && once(f) && /^[\w' ()-]+\.\w+$/.test(f.name!));
}, 240_000);
afterAll(() => h?.close());

async function parsed(question: string, d = deps): Promise<AskQuery> {
  const p = await understand(d, question);
  if (p.type !== 'query') throw new Error(`not a query: ${question}`);
  return p.query;
}

const nameOf = (userId: string) => h.testStore.store.users.findOne({ userId }).then((u) => u?.displayName ?? userId);

describe('a file whose name holds a keyword', () => {
  it('is that file when the tenant holds it: who had it, since a date, with figures from the stored interactions', async () => {
    expect(keywordFiles.length).toBeGreaterThanOrEqual(2);
    for (const file of keywordFiles.slice(0, 4)) {
      const question = `Who had ${file.name} surfaced by Copilot since 1 October?`;
      const q = await parsed(question);
      expect(q).toMatchObject({
        type: 'measure',
        measure: 'references',
        by: ['user'],
        filters: { source: { of: 'source', key: file.key } },
      });
      const a = await answerQuery(deps, q, question);
      expect(a.interpretation).toContain(file.name!);
      const since = new Date('2026-10-01T00:00:00Z');
      const expected: Record<string, number> = {};
      for (const i of stored.filter((x) => x.createdAt >= since && x.dataSourceKeys.includes(file.key))) {
        const name = await nameOf(i.userId);
        expected[name] = (expected[name] ?? 0) + 1;
      }
      const rows = await allRows(deps, a);
      expect(Object.fromEntries(rows.map((r) => [String(r.user), Number(r.value)]))).toEqual(expected);
    }
  });

  it('is that file in the phrasings admins use, with or without its extension, never a settings or findings card', async () => {
    const file = keywordFiles[0]!;
    const stem = file.name!.replace(/\.\w+$/, '');
    const phrasings = [
      `who opened ${file.name}`,
      `${file.name} - who used it?`,
      `Which people had Copilot pull in ${file.name} last month?`,
      `How often did Copilot cite the ${stem} last month?`,
      `Security review: who accessed "${file.name}" since 1 November`,
      `pls check ${file.name} usage by department`,
    ];
    for (const question of phrasings) {
      const q = await parsed(question);
      expect({ question, type: q.type, source: q.type === 'measure' ? q.filters.source?.key : null }).toEqual({
        question,
        type: 'measure',
        source: file.key,
      });
    }
  });

  it("typed as a file no source is called is said to be no one's, with the name as typed, not read as its keyword", async () => {
    const questions: Array<[string, string]> = [
      ['who opened the Risk Register.xlsx', 'Risk Register.xlsx'],
      ['Security Findings Q3.docx - who accessed it?', 'Security Findings Q3.docx'],
      ['Who looked at Sync Status Review.pptx', 'Sync Status Review.pptx'],
      ['Licence Renewal.xlsx usage by person', 'Licence Renewal.xlsx'],
      ['Help Desk Settings.docx: which users had it surfaced this month?', 'Help Desk Settings.docx'],
      ['Did anyone use Data Retention Settings.pptx with Copilot?', 'Data Retention Settings.pptx'],
    ];
    for (const [question, name] of questions) {
      const q = await parsed(question);
      expect({ question, q: q.type === 'reply' ? { reply: q.reply, text: q.text } : q.type }).toEqual({
        question,
        q: { reply: 'no_source', text: name },
      });
    }
    // The keywords alone keep their meaning.
    expect(await parsed('how long is prompt text retained')).toMatchObject({ type: 'system', system: 'privacy' });
    expect(await parsed('sync status')).toEqual({ type: 'system', system: 'sync' });
  });
});

describe('the catalog of source names', () => {
  it('finds a source stored a moment ago at once, and near names from a copy re-read on a miss once a few seconds old', async () => {
    const file = keywordFiles[0]!;
    const question = `who opened ${file.name}`;
    const store = h.testStore.store;
    // The document is taken out, then written back as the sync wrote it (a full sync does not rewrite sources it
    // already counted).
    const doc = (await store.dataSources.findOne({ tenantId: h.ctx.tenantId, key: file.key }))!;
    await store.dataSources.deleteOne({ _id: doc._id });
    const bot = createBotContext(h.ctx).engine(demoAdmin(h.ctx.tenantId), 'tab');
    expect(await parsed(question, bot)).toMatchObject({ type: 'reply', reply: 'no_source' });
    await store.dataSources.insertOne(doc);
    // The names a question may hold are read by index for each question, not from a copy kept for minutes.
    expect(await parsed(question, bot)).toMatchObject({ filters: { source: { key: file.key } } });

    // Its name with a slip in the first word starts like no source: the near names come from every source, a copy kept
    // for five minutes, and a miss re-reads it once it is a few seconds old.
    const slipped = `who opened ${file.name!.replace(/^(\S)(\S)/, (_, a: string, b: string) => `${a}${b === 'x' ? 'y' : 'x'}`)}`;
    let clock = 1_000_000;
    const sources = createSourceCatalog(store, h.ctx.tenantId, 5 * 60_000, () => clock);
    const cached = { ...deps, sources };
    await store.dataSources.deleteOne({ _id: doc._id });
    expect(await parsed(slipped, cached)).toMatchObject({ type: 'reply', reply: 'no_source' });
    await store.dataSources.insertOne(doc);
    expect(await parsed(question, cached)).toMatchObject({ filters: { source: { key: file.key } } });
    clock += 1_000;
    expect(await parsed(slipped, cached)).toMatchObject({ type: 'reply', reply: 'no_source' });
    clock += MISS_REREAD_MS;
    expect(await parsed(slipped, cached)).toMatchObject({ filters: { source: { key: file.key } } });
  }, 120_000);
});

describe("the bot's copy of the people directory", () => {
  it('is read again when a sync of this process finishes: a person first synced is found at once', async () => {
    const store = h.testStore.store;
    const tenantId = h.ctx.tenantId;
    const person = (await store.users
      .find({ tenantId, displayName: { $ne: null } })
      .limit(1)
      .next())!;
    const question = `prompts by ${person.displayName!} this month`;
    // The first copy is read while the person is in neither list (not yet synced), then both documents come back.
    const active = await store.users.find({ tenantId, userId: person.userId }).toArray();
    const licensed = await store.directoryUsers.find({ tenantId, userId: person.userId }).toArray();
    await store.users.deleteMany({ tenantId, userId: person.userId });
    await store.directoryUsers.deleteMany({ tenantId, userId: person.userId });
    const bot = createBotContext(h.ctx).engine(demoAdmin(tenantId), 'tab');
    expect(await parsed(question, bot)).toMatchObject({ type: 'reply', reply: 'nobody' });
    await store.users.insertMany(active);
    if (licensed.length) await store.directoryUsers.insertMany(licensed);
    expect(await parsed(question, bot)).toMatchObject({ type: 'reply', reply: 'nobody' });
    await h.syncControl.requestSync({ trigger: 'test', mode: 'incremental' });
    await h.syncControl.idle();
    const found = await parsed(question, bot);
    expect(found.type).not.toBe('reply');
    expect(JSON.stringify(found)).toContain(person.userId);
  }, 120_000);
});

describe('the sync status asked who failed', () => {
  const phrasings = [
    'The sync page shows an error for one user. Who is it and what went wrong?',
    'which users failed to sync?',
    'sync errors: which accounts?',
    'why did the last sync complete with errors',
    'Who could the sync not read',
    'sync failures by user',
  ];

  it('names each user the sync could not read, with the error and when, as the Sync view lists them', async () => {
    const refused = h.graph.tenant.users.filter(
      (u) => u.licensed && !u.copilotEnabled && hasCopilotChatPlan(u.graph, [M365_COPILOT_SKU_ID]),
    );
    expect(refused.length).toBeGreaterThan(0);
    const listed = await call<W.Page<W.UserSyncErrorRow>>(h.baseUrl, '/api/sync/user-errors?limit=200', {
      token: admin,
    });
    expect(listed.body.items).toHaveLength(refused.length);
    for (const question of phrasings) {
      const a = await ask(deps, question);
      expect({ question, interpretation: a.interpretation }).toEqual({
        question,
        interpretation: 'Sync status · the users it could not read, with the error',
      });
      expect(a.disclosure).toBe('people');
      expect(a.summary).toContain(`could not read the Copilot history of ${refused.length} user`);
      // What to do about a refusal is said with the answer, not left in a note no card shows.
      expect(a.summary).toContain('check the licence in the Microsoft 365 admin center');
      expect(a.rows).toEqual(
        listed.body.items.map((u) => ({
          user: u.displayName,
          upn: u.userPrincipalName,
          department: u.department ?? '—',
          error: `${u.errorStatus} ${u.errorCode} (Copilot export API)`,
          at: u.lastErrorAt,
        })),
      );
      expect(a.rows[0]!.error).toBe('403 Forbidden (Copilot export API)');
      expect(a.summary + a.rows.map((r) => r.user).join()).not.toMatch(/\n/);
    }
  });

  it('says no count of prompts for someone whose history could not be read, where the card asks why they are read', async () => {
    const refused = h.graph.tenant.users.filter(
      (u) => u.licensed && !u.copilotEnabled && hasCopilotChatPlan(u.graph, [M365_COPILOT_SKU_ID]),
    );
    const name = refused[0]?.graph.displayName;
    expect(name).toBeTruthy();
    const answer = await ask(deps, `${name!} prompts in the last 30 days`);
    expect(answer.summary).toContain('could not be read');
    expect(answer.summary).not.toMatch(/ sent (?:no|\d+) prompts?/);
  });

  it('says every licence holder beside the share of those whose history could be read ("how many licences … used")', async () => {
    const refused = h.graph.tenant.users.filter(
      (u) => u.licensed && !u.copilotEnabled && hasCopilotChatPlan(u.graph, [M365_COPILOT_SKU_ID]),
    ).length;
    expect(refused).toBeGreaterThan(0);
    const holders = await h.testStore.store.directoryUsers.countDocuments({ tenantId: h.ctx.tenantId });
    const a = await ask(deps, 'how many copilot licences do we have and how many are actually used');
    const row = a.rows[0]!;
    expect(row.licensed).toBe(holders - refused);
    expect(a.summary).toContain(`(${String(row.active)} of ${holders - refused}; ${holders} hold a licence)`);
    expect(a.columns.find((c) => c.key === 'licensed')?.title).toBe('Licensed users (history read)');
  });

  it('keeps the plain status to figures (a shared conversation may read it) and asks an Analyst tier for names', async () => {
    for (const question of ['sync status', 'did the last sync fail?', 'any sync errors?']) {
      const plain = await ask(deps, question);
      expect({ question, disclosure: plain.disclosure }).toEqual({ question, disclosure: 'figures' });
      expect(plain.rows.map((r) => r.measure)).toContain('Users with errors');
    }
    const viewer = { ...deps, caller: { ...deps.caller, tier: 'Viewer' as const } };
    expect((await ask(viewer, phrasings[0]!)).kind).toBe('refused');
  });
});
