import type { AskAnswer } from '../../server/core/ask/answerTypes';
import { ask, understand } from '../../server/core/ask/engine';
import { recordAccess } from '../../server/core/insights/accessLog';
import { eraseUser } from '../../server/core/privacy/erasure';
import { applyRetention } from '../../server/core/privacy/retention';
import { DEMO_PRINCIPAL_ID } from '../../server/auth/principal';
import { createSilentLogger } from '../../server/logger';
import { startAppHarness, type AppHarness } from '../support/appHarness';
import { demoAdmin } from './askKit';
import { directoryRecord, openDirectoryEngines, type DirectoryEngines } from './directoryEngine';

/**
 * Questions about the product's own records, asked as an admin or a compliance officer would: who opened whose
 * conversations (answered from the access log as stored, within the Admin tier the tab's Access log view needs), how
 * long text is kept (from the validated configuration and the retention passes), the asker's tier, erasures; and
 * departments written as abbreviations ("eng", "R&D", "fin") read as the tenant's own departments.
 */

const NOW = new Date('2026-11-20T12:00:00.000Z');
const DAY = 86_400_000;

describe('the access log, retention and erasures through POST /api/ask', () => {
  let h: AppHarness;
  const viewer = (userId: string, name: string) => ({ userId, name, upn: `${userId}@contoso.example`, demo: false });
  const ivy = viewer('u-ivy', 'Ivy Investigator');
  const megan = viewer('u-megan', 'Megan Bowen');

  beforeAll(async () => {
    h = await startAppHarness({
      userCount: 3,
      sync: false,
      referenceTime: NOW,
      env: { RETENTION_DAYS: '200', METADATA_RETENTION_DAYS: '400', ACCESS_LOG_RETENTION_DAYS: '365' },
    });
    const { store } = h.ctx;
    const people = [
      ['u-nathan', 'Nathan Haddad', 'Finance'],
      ['u-megan', 'Megan Bowen', 'Marketing'],
      ['u-ivy', 'Ivy Investigator', 'IT'],
      ['u-rosa', 'Rosa Olsen', 'Sales'],
      ['u-gone', 'Lee Gone', 'Sales'],
    ] as const;
    await store.directoryUsers.insertMany(people.map((p) => directoryRecord(h.ctx.tenantId, p, NOW)) as never);
    const log = async (by: typeof ivy, subject: string, name: string, daysAgo: number, reason?: string) =>
      recordAccess(store, {
        tenantId: h.ctx.tenantId,
        at: new Date(NOW.getTime() - daysAgo * DAY),
        viewer: by,
        subjectUserId: subject,
        subjectName: name,
        what: 'conversation',
        sessionId: `s-${subject}-${daysAgo}`,
        via: 'tab',
        ...(reason ? { reason } : {}),
      });
    await log(ivy, 'u-nathan', 'Nathan Haddad', 1, 'INC-1 data leak');
    await log(ivy, 'u-nathan', 'Nathan Haddad', 20, 'INC-0 review');
    await log(megan, 'u-nathan', 'Nathan Haddad', 2);
    await log(megan, 'u-rosa', 'Rosa Olsen', 3);
    await log(ivy, DEMO_PRINCIPAL_ID, 'Local demo admin', 4, 'HR case 7');
    await applyRetention(
      store,
      h.ctx.tenantId,
      { textDays: 200, metadataDays: 400, accessLogDays: 365, operationalDays: 90 },
      new Date(NOW.getTime() - 2 * DAY),
      createSilentLogger(),
    );
    await eraseUser(store, h.ctx.tenantId, { userId: 'u-gone', by: 'Admin One (a1)', reason: 'leaver' }, NOW);
  });
  afterAll(async () => h?.close());

  const askOver = async (question: string): Promise<AskAnswer> => {
    const response = await fetch(`${h.baseUrl}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as AskAnswer;
  };
  const stored = (filter: object) => h.ctx.store.accessLog.find({ tenantId: h.ctx.tenantId, ...filter }).toArray();

  it("answers who looked at a person's conversations with the stored entries, reasons included", async () => {
    const answer = await askOver("Who has looked at Nathan Haddad's Copilot conversations?");
    expect(answer.interpretation).toBe("Access log · Nathan Haddad's conversations and prompts · all kept entries");
    const entries = await stored({ subjectUserId: 'u-nathan' });
    expect(entries).toHaveLength(3);
    expect(answer.rows.map((r) => r.viewer).sort()).toEqual(entries.map((e) => e.viewer.name).sort());
    expect(answer.rows.map((r) => r.reason)).toEqual(['INC-1 data leak', '—', 'INC-0 review']);
    expect(answer.summary).toMatch(/^3 entries in the access log for Nathan Haddad's conversations and prompts, by 2 people\. The access log keeps entries for 365 days\./); // prettier-ignore
  });

  it("reads a period, the asker's own prompts and what one person opened", async () => {
    const week = await askOver('who opened transcripts this week');
    const monday = new Date('2026-11-16T00:00:00.000Z');
    expect(week.rows).toHaveLength((await stored({ at: { $gte: monday } })).length);
    expect(week.rows).toHaveLength(4);
    expect(week.tabLink).toMatch(/\/tab\/#\/access-log\?from=2026-11-16&to=2026-11-20$/);
    const mine = await askOver('has anyone viewed my prompts');
    expect(mine.rows).toEqual([expect.objectContaining({ viewer: 'Ivy Investigator', reason: 'HR case 7' })]);
    const opened = await askOver('which conversations did Megan open this week?');
    expect(opened.interpretation).toMatch(/^Access log · opened by Megan Bowen · this week/);
    expect(opened.rows.map((r) => r.subject).sort()).toEqual(['Nathan Haddad', 'Rosa Olsen']);
  });

  it("answers who opened a department's conversations with the entries about its people only", async () => {
    const finance = await askOver('has anyone viewed conversations of the Finance team');
    expect(finance.interpretation).toBe('Access log · conversations and prompts of people in Finance · all kept entries'); // prettier-ignore
    const nathan = await stored({ subjectUserId: 'u-nathan' });
    expect(nathan.length).toBeGreaterThan(0);
    expect(finance.rows).toHaveLength(nathan.length);
    expect(new Set(finance.rows.map((r) => r.subject))).toEqual(new Set(['Nathan Haddad']));
    const sales = await askOver('who opened transcripts of people in Sales this week?');
    expect(sales.interpretation).toMatch(/^Access log · conversations and prompts of people in Sales · this week/);
    expect(sales.rows.map((r) => r.subject)).toEqual(['Rosa Olsen']);
    const none = await askOver("who looked at the IT department's prompts");
    expect(none.rows).toEqual([]);
    expect(none.summary).toMatch(/^Nobody has opened the conversations or prompts of anyone in IT: the access log has no entry\./); // prettier-ignore
  });

  it('answers how long prompt text is kept from the configuration and the last retention pass', async () => {
    for (const question of [
      'How long do we keep prompt text before it gets deleted?',
      "what's our retention period",
      'is prompt text stored',
    ]) {
      const answer = await askOver(question);
      expect(answer.interpretation).toBe('Retention of prompt text and records');
      expect(answer.summary).toMatch(/^Prompt and response text is stored in your own database for 200 days, then removed; the record that an interaction happened stays for 400 days/); // prettier-ignore
      expect(answer.rows).toContainEqual({ measure: 'Last retention pass', value: '2026-11-18 12:00 UTC' });
      expect(answer.rows).toContainEqual({ measure: 'Access log', value: '365 days (ACCESS_LOG_RETENTION_DAYS)' });
    }
  });

  it('answers when the last erasure was from the erasures kept', async () => {
    const answer = await askOver('when was the last erasure');
    expect(answer.interpretation).toBe('Erasures');
    expect(answer.summary).toMatch(/^1 person has been erased .* the last on 2026-11-20 12:00 UTC, asked by Admin One \(a1\)\.$/); // prettier-ignore
    expect(answer.rows).toEqual([expect.objectContaining({ by: 'Admin One (a1)', reason: 'leaver' })]);
  });
});

describe('reading them, within the tiers', () => {
  let engines: DirectoryEngines;
  beforeAll(async () => {
    engines = await openDirectoryEngines(
      'audit-settings',
      {
        t1: [
          ['u1', 'Nathan Haddad', 'Finance'],
          ['u2', 'Megan Bowen', 'Marketing'],
          ['u3', 'Alex Wilber', 'Engineering'],
          ['u4', 'Joni Sherman', 'Operations'],
          ['u5', 'Ann Lee', 'Customer Success'],
          ['u6', 'Bo Chen', 'Research & Development'],
          ['u7', 'Di Ho', 'Financial Planning'],
          ['u8', 'Cy Ng', 'IT'],
        ],
      },
      NOW,
    );
  });
  afterAll(() => engines.close());
  const as = (tier: 'Viewer' | 'Analyst' | 'Admin') => ({
    ...engines.deps('t1'),
    caller: { ...demoAdmin('t1'), tier, isAdmin: tier === 'Admin' },
  });

  it('refuses the access log, retention and erasures below Admin, saying which role they need', async () => {
    for (const question of [
      'show the audit log for Megan',
      'what is our retention period',
      'when was the last erasure',
    ]) {
      const answer = await ask(as('Analyst'), question);
      expect({ question, kind: answer.kind }).toEqual({ question, kind: 'refused' });
      expect(answer.summary).toMatch(/^That needs the Admin role/);
    }
  });

  it('tells anyone their own tier, and which tier reads prompt text', async () => {
    const answer = await ask(as('Viewer'), 'which privacy tier am I on');
    expect(answer.kind).toBe('table');
    expect(answer.rows).toContainEqual(expect.objectContaining({ measure: 'Viewer (you)' }));
    const who = await ask(as('Analyst'), 'who has access to prompt text');
    expect(who.rows).toContainEqual({ measure: 'Investigator', value: expect.stringMatching(/^prompt and response text/) }); // prettier-ignore
  });

  it('answers money per person with what a price is divided by, and keeps a licence price unknown', async () => {
    const perUser = await ask(as('Admin'), 'what is our cost per active user last month');
    expect(perUser.interpretation).toMatch(/^Adoption .* · active users and licence holders \(no prices known\) · last month/); // prettier-ignore
    expect(perUser.summary).toMatch(/^Copilot Observatory knows no prices, so it gives no cost per user: divide what you pay by these\. 0 active users and 8 licence holders in this period/); // prettier-ignore
    const perSeat = await understand(as('Admin'), 'how much do we pay per seat');
    expect(perSeat).not.toMatchObject({ query: { measure: 'adoption' } });
  });

  it('keeps usage questions that share their words as they were', async () => {
    const read = async (q: string) => {
      const p = await understand(as('Admin'), q);
      return p.type === 'query' ? p.query : null;
    };
    expect(await read('who opened the most conversations this week')).toMatchObject({ type: 'measure', by: ['user'] });
    expect(await read('did anyone open Teams chats with Copilot this week')).not.toMatchObject({ type: 'system' });
    expect(await read("view Alex Wilber's prompts")).toMatchObject({ type: 'list', list: 'prompts' });
  });

  it.each([
    ['active users in eng', 'Engineering'],
    ['prompts in mktg this month', 'Marketing'],
    ['ops prompts this week', 'Operations'],
    ['R&D active users', 'Research & Development'],
    ['prompts from Research & Development', 'Research & Development'],
    ['active users in the cs team', 'Customer Success'],
    ['how many people in eng use copilot', 'Engineering'],
  ])('reads "%s" as the department %s', async (question, department) => {
    const p = await understand(as('Admin'), question);
    expect(p).toMatchObject({ type: 'query', query: { type: 'measure', filters: { departments: [department] } } });
  });

  it('asks which department an abbreviation means when the directory has several, never a person', async () => {
    const p = await understand(as('Admin'), 'fin active users last week');
    expect(p).toMatchObject({
      type: 'query',
      query: {
        type: 'reply',
        reply: 'unknown_department',
        suggestions: ['Finance active users last week', 'Financial Planning active users last week'],
      },
    });
  });
});
