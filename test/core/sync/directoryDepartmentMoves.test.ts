import { MongoClient, type CommandStartedEvent } from 'mongodb';
import { ask } from '../../../server/core/ask/engine';
import { departmentDetail } from '../../../server/core/insights/departmentDetail';
import { syncDirectory } from '../../../server/core/sync/directorySyncer';
import { M365_COPILOT_SKU_ID } from '../../../server/graph/constants';
import { departmentKey } from '../../../server/store/departmentKey';
import { createStore } from '../../../server/store/Store';
import { call } from '../../api/apiClient';
import { engineDeps } from '../../ask/askKit';
import { startAppHarness, type AppHarness } from '../../support/appHarness';

/**
 * A person who moves department in the directory without using Copilot since is counted in their new department at
 * the next sync: their users record, their agents (the agents list's department filter) and their daily records (Ask's
 * figures by department, the department page) follow the directory, not only their next activity. A directory sync of
 * an unchanged tenant writes none of those records. The truth is the directory record and the raw interactions.
 */

const now = new Date('2026-11-20T12:00:00.000Z');
const from = new Date('2026-10-22T00:00:00.000Z');
const to = new Date('2026-11-21T00:00:00.000Z');
const DAY = 86_400_000;
let h: AppHarness;
let mover: { userId: string; before: string; after: string; prompts: number };

/** Prompts in the last 30 days per department, each person counted in the department their directory record names. */
async function promptsByDirectoryDepartment(): Promise<Map<string | null, number>> {
  const { store } = h.testStore;
  const tenantId = h.ctx.tenantId;
  const directory = await store.directoryUsers.find({ tenantId }).toArray();
  const departmentOf = new Map(directory.map((d) => [d.userId, d.department?.trim() || null]));
  const prompts = await store.interactions
    .find({ tenantId, interactionType: 'userPrompt', createdAt: { $gte: from, $lt: to } })
    .project<{ userId: string }>({ _id: 0, userId: 1 })
    .toArray();
  const out = new Map<string | null, number>();
  for (const p of prompts) {
    const d = departmentOf.get(p.userId) ?? null;
    out.set(d, (out.get(d) ?? 0) + 1);
  }
  return out;
}

beforeAll(async () => {
  h = await startAppHarness({ userCount: 40, seed: 11, referenceTime: now });
  const { store } = h.testStore;
  const tenantId = h.ctx.tenantId;
  // Someone with prompts in the last 30 days but none in the last two days (no batch of theirs at the next sync).
  const quiet = await store.users
    .find({ tenantId, department: { $ne: null }, lastActiveAt: { $lt: new Date(now.getTime() - 2 * DAY) } })
    .toArray();
  const departments = [...new Set(quiet.map((u) => u.department!))].sort();
  for (const u of quiet) {
    const prompts = await store.interactions.countDocuments({
      tenantId,
      userId: u.userId,
      interactionType: 'userPrompt',
      createdAt: { $gte: from, $lt: to },
    });
    const after = departments.find((d) => d !== u.department);
    if (prompts > 0 && after) {
      mover = { userId: u.userId, before: u.department!, after, prompts };
      break;
    }
  }
  expect(mover).toBeDefined();
  const simulated = h.graph.tenant.users.find((u) => u.graph.id === mover.userId)!;
  simulated.graph.department = mover.after;
  h.advanceClock(60 * 60_000);
  await h.sync('incremental');
}, 240_000);
afterAll(async () => h.close());

it("moves the person's users record to the directory's department, with no new activity of theirs", async () => {
  const { store } = h.testStore;
  const tenantId = h.ctx.tenantId;
  const user = await store.users.findOne({ tenantId, userId: mover.userId });
  expect(user).toMatchObject({ department: mover.after, departmentKey: departmentKey(mover.after) });
  expect(await store.interactions.countDocuments({ tenantId, userId: mover.userId, createdAt: { $gte: now } })).toBe(0);
});

it("counts the person's prompts in the new department in Ask's prompts by department", async () => {
  const answer = await ask({ ...engineDeps(h), minGroupSize: 1 }, 'prompts by department in the last 30 days');
  expect(answer.interpretation).toMatch(/^Prompts by department · last 30 days/);
  const shown = new Map(answer.rows.map((r) => [String(r.department), Number(r.value)]));
  const expected = await promptsByDirectoryDepartment();
  expect(shown.get(mover.after)).toBe(expected.get(mover.after));
  expect(shown.get(mover.before) ?? 0).toBe(expected.get(mover.before) ?? 0);
});

it("lists the person's agents under the new department in GET /api/agents?department=, none under the old", async () => {
  const token = await h.tokens.admin();
  const agents = await h.testStore.store.agents.countDocuments({ tenantId: h.ctx.tenantId, userId: mover.userId });
  expect(agents).toBeGreaterThan(0);
  const listed = async (department: string) => {
    const path = `/api/agents?department=${encodeURIComponent(department)}&userId=${mover.userId}&limit=100`;
    const response = await call<{ items: unknown[] }>(h.baseUrl, path, { token });
    expect(response.status).toBe(200);
    return response.body.items.length;
  };
  expect(await listed(mover.after)).toBe(agents);
  expect(await listed(mover.before)).toBe(0);
});

it("counts the person's prompts on the new department's page, not the old one's", async () => {
  const expected = await promptsByDirectoryDepartment();
  const page = (name: string) => departmentDetail(h.ctx.store, h.ctx.tenantId, name, { from, to }, 1);
  const prompts = (detail: Awaited<ReturnType<typeof page>>) => detail.daily.reduce((n, d) => n + d.prompts, 0);
  const [after, before] = await Promise.all([page(mover.after), page(mover.before)]);
  expect(prompts(after)).toBe(expected.get(mover.after));
  expect(prompts(before)).toBe(expected.get(mover.before) ?? 0);
  expect(after.topUsers.map((u) => u.userId)).toContain(mover.userId);
  expect(before.topUsers.map((u) => u.userId)).not.toContain(mover.userId);
});

it("writes no users, agents or daily records when the directory is unchanged, after one read of the page's people", async () => {
  const commands: CommandStartedEvent[] = [];
  const client = new MongoClient(h.testStore.uri, { monitorCommands: true });
  client.on('commandStarted', (event) => commands.push(event));
  await client.connect();
  try {
    const store = createStore(client.db(h.testStore.dbName));
    await syncDirectory({
      store,
      gateway: h.graph.gateway(),
      tenantId: h.ctx.tenantId,
      skuIds: [M365_COPILOT_SKU_ID],
      now: h.ctx.now(),
    });
  } finally {
    await client.close();
  }
  const on = (collection: string) => commands.filter((c) => c.command[c.commandName] === collection);
  for (const collection of ['users', 'agents', 'dailyUserActivity'])
    expect(on(collection).filter((c) => c.commandName !== 'find')).toEqual([]);
  // One read of the users records per directory page (each page is one write of directoryUsers).
  const pages = on('directoryUsers').filter((c) => c.commandName === 'update').length;
  expect(pages).toBeGreaterThan(0);
  expect(on('users').map((c) => c.commandName)).toEqual(Array(pages).fill('find'));
});
