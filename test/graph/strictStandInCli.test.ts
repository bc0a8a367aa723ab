import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveApp } from '../../server/core/appCatalog';
import { ROOT } from '../support/buildDist';
import { openTestStore, type TestStore } from '../support/testStore';
import { startStrictStandIn, type StandInItem, type StandInUser, type StrictStandIn } from './strictGraphStandIn';

/**
 * `npm run sync` in production configuration (tenant credentials, MongoDB, GRAPH_BASE_URL and AUTHORITY_HOST on a
 * private CA) against the stricter stand-in, three times: full, incremental, incremental through an Entra incident.
 * After each run the CLI's totals must be exactly those the stand-in's data says, counted here from that data alone.
 */

const MINUTE = 60_000;
const CLIENT_ID = '0b5b1a1e-1c6d-4d3a-9a55-3c2d7e8f9a10';
const PREVISION = 'https://contoso.sharepoint.com/sites/Finance/Shared%20Documents';

const users: StandInUser[] = [
  { id: 'a0000000-0000-4000-8000-000000000001', upn: 'ana@contoso.example', licence: 'direct', inDirectory: true },
  { id: 'a0000000-0000-4000-8000-000000000002', upn: 'ben@contoso.example', licence: 'group', inDirectory: true },
  { id: 'a0000000-0000-4000-8000-000000000003', upn: 'cy@contoso.example', licence: 'chatDisabled', inDirectory: true },
  { id: 'a0000000-0000-4000-8000-000000000004', upn: 'dee@contoso.example', licence: 'direct', inDirectory: true },
  { id: 'a0000000-0000-4000-8000-000000000005', upn: 'eve@contoso.example', licence: 'group', inDirectory: true },
  { id: 'a0000000-0000-4000-8000-000000000006', upn: 'fay@contoso.example', licence: 'direct', inDirectory: true },
];
const [ana, ben, cy, dee, eve] = users as [StandInUser, StandInUser, StandInUser, StandInUser, StandInUser];

let standIn: StrictStandIn;
let store: TestStore;
let env: NodeJS.ProcessEnv;
/** What each run could read: every item of a served user created before the run began. */
const readable = new Map<string, StandInItem>();

/** A session of `turns` prompt/response pairs for `user`, ending `endsAgo` ms before now. */
function session(user: StandInUser, name: string, turns: number, endsAgo: number, extra: Partial<StandInItem> = {}) {
  const appClass = name.startsWith('teams')
    ? 'IPM.SkypeTeams.Message.Copilot.Teams'
    : 'IPM.SkypeTeams.Message.Copilot.BizChat';
  const end = Date.now() - endsAgo;
  const made: StandInItem[] = [];
  for (let n = 0; n < turns * 2; n++) {
    made.push({
      userId: user.id,
      id: `${name}-${n}`,
      sessionId: `19:${name}@thread.v2`,
      appClass,
      type: n % 2 === 0 ? 'userPrompt' : 'aiResponse',
      at: new Date(end - (turns * 2 - n) * 1000),
      ...(n % 2 === 1 ? extra : {}),
    });
  }
  standIn.items.push(...made);
}

function runCli(
  args: string[] = [],
): Promise<{ code: number | null; summary: Record<string, unknown>; stderr: string }> {
  // Everything present now is readable by this run, for users the export API serves and the directory lists.
  const windowStart = Date.now() - 90 * 24 * 60 * MINUTE;
  for (const item of standIn.items) {
    const user = users.find((u) => u.id === item.userId)!;
    const served = user.licence !== 'chatDisabled' && user.inDirectory;
    if (served && item.at.getTime() > windowStart) readable.set(`${item.userId}|${item.id}`, item);
  }
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/server/cli/sync.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '{}';
      resolve({ code, summary: JSON.parse(last) as Record<string, unknown>, stderr });
    }),
  );
}

/** The totals the stand-in's data gives for everything read so far. */
function expectedTotals() {
  const items = [...readable.values()];
  const docs = new Set(items.flatMap((i) => (i.links ?? []).map((l) => l.doc)));
  return {
    users: new Set(items.map((i) => i.userId)).size,
    agents: new Set(items.map((i) => `${i.userId}|${resolveApp(i.appClass).key}`)).size,
    conversations: new Set(items.map((i) => `${i.userId}|${i.sessionId}`)).size,
    interactions: items.length,
    dataSources: docs.size,
  };
}

beforeAll(async () => {
  standIn = await startStrictStandIn(users);
  store = await openTestStore('strict');
  const dir = mkdtempSync(path.join(tmpdir(), 'observatory-strict-'));
  const certPath = path.join(dir, 'stand-in.pem');
  writeFileSync(certPath, standIn.server.cert);
  env = {
    NODE_EXTRA_CA_CERTS: certPath,
    MONGODB_URI: store.uri,
    MONGODB_DB: store.dbName,
    TENANT_ID: standIn.server.tenantId,
    CLIENT_ID,
    CLIENT_SECRET: 'a-client-secret-value',
    GRAPH_BASE_URL: `${standIn.server.origin}/`,
    AUTHORITY_HOST: standIn.server.origin,
    DATA_DIR: dir,
    LOG_LEVEL: 'warn',
  };
});

afterAll(async () => {
  await store?.close();
  await standIn?.close();
});

describe('npm run sync against a stricter Graph and Entra stand-in', () => {
  it('matches its totals exactly over a full run, an incremental one and one through an Entra incident', async () => {
    const prevision = (spelling: string) => [{ url: `${PREVISION}/${spelling}?web=1`, doc: 'Prévision.docx' }];
    session(ana, 'bizchat-forecast', 6, 3 * 24 * 60 * MINUTE, { links: prevision('Pr%c3%a9vision.docx') });
    session(ana, 'teams-standup', 2, 2 * 24 * 60 * MINUTE);
    session(ben, 'bizchat-budget', 3, 30 * 24 * 60 * MINUTE, { links: prevision('Pr%C3%A9vision%2Edocx') });
    session(cy, 'bizchat-hidden', 2, 5 * 24 * 60 * MINUTE); // chat plan disabled: never read
    session(dee, 'bizchat-policy', 3, 26 * 60 * MINUTE, {
      html: true,
      links: [{ url: 'HTTPS://Contoso.SharePoint.com:443/sites/HR/Policy.docx', doc: 'Policy.docx' }],
    });
    session(eve, 'teams-sync', 2, 40 * MINUTE);
    session(ana, 'bizchat-ancient', 1, 120 * 24 * 60 * MINUTE); // outside the 90-day window
    for (const item of standIn.items.filter((i) => i.id.startsWith('bizchat-ancient'))) item.at.setTime(0);

    const full = await runCli(['--full']);
    expect({ code: full.code, status: full.summary.status }).toEqual({ code: 0, status: 'succeeded' });
    expect(full.summary).toMatchObject(expectedTotals());

    // Between runs: an item Graph recorded late (inside the overlap window), new activity, a user who left.
    const firstEnd = Date.now();
    session(ana, 'bizchat-late', 1, 5 * MINUTE);
    session(ben, 'teams-new', 2, 0, { links: prevision('Pr%C3%A9vision.docx') });
    eve.inDirectory = false;
    session(eve, 'teams-after-leaving', 1, 0);
    expect(standIn.items.find((i) => i.id === 'bizchat-late-0')!.at.getTime()).toBeLessThan(firstEnd);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const incremental = await runCli();
    expect({ code: incremental.code, status: incremental.summary.status }).toEqual({ code: 0, status: 'succeeded' });
    expect(incremental.summary).toMatchObject(expectedTotals());

    // An Entra incident: the first two token requests of the run get 503 temporarily_unavailable, Retry-After: 1.
    session(dee, 'teams-during-outage', 2, 0, { links: prevision('Pr%c3%a9vision.docx') });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const tokensBefore = standIn.tokenAnswers.length;
    standIn.failTokens(2);
    const throughOutage = await runCli();
    expect({ code: throughOutage.code, status: throughOutage.summary.status }).toEqual({
      code: 0,
      status: 'succeeded',
    });
    expect(throughOutage.summary).toMatchObject(expectedTotals());
    expect(standIn.tokenAnswers.slice(tokensBefore).map((a) => a.status)).toEqual([503, 503, 200]);
    expect(expectedTotals()).toEqual({ users: 4, agents: 7, conversations: 8, interactions: 42, dataSources: 2 });
    expect(standIn.violations).toEqual([]);
    expect(standIn.faultsServed()).toBeGreaterThanOrEqual(3); // 504s on second pages, a 429 with an HTTP date
  }, 180_000);
});
