import { answerToken, ask, type EngineDeps } from '../../server/core/ask/engine';
import { encodePageToken } from '../../server/core/ask/pageToken';
import { SUGGESTED_QUESTIONS } from '../../server/core/ask/suggestions';
import { SyncRunRecorder } from '../../server/core/sync/syncRunRecorder';
import { newRun } from '../../server/core/sync/syncRunner';
import type { SyncRunStatus } from '../../server/store/documents';
import { openDirectoryEngines, queryOf, type DirectoryEngines } from './directoryEngine';

/**
 * What the Ask engine says about the product itself and where it cannot answer, word for word as the admin reads it:
 * the sync status (from the runs the sync's own recorder wrote: none yet, one running, the last one's outcome and
 * figures), help, the bare risk intent of older buttons, a data source nothing or several things answer to, and money.
 */

const now = new Date('2026-11-20T12:00:00.000Z');
const at = (hhmmss: string) => new Date(`2026-11-20T${hhmmss}Z`);
const TENANTS = ['none', 'running', 'succeeded', 'completed_with_errors', 'failed', 'interrupted', 'failedOnly', 'older', 'sources'] as const; // prettier-ignore

let engines: DirectoryEngines;
const deps = (tenantId: (typeof TENANTS)[number]): EngineDeps => engines.deps(tenantId);

/** A run as the sync records it: started at `from`, `progress` written, finished at `to` with `status` (or left running). */
async function recordRun(
  tenantId: string,
  run: { mode: 'full' | 'incremental'; trigger: string; from: Date; to: Date; status: SyncRunStatus },
  figures: { interactionsNew?: number; errors?: number; usersDone?: number; usersTotal?: number } = {},
) {
  let clock = run.from;
  const recorder = new SyncRunRecorder(engines.ts.store, newRun(tenantId, run, run.from), () => clock);
  await recorder.start();
  recorder.run.counts.interactionsNew = figures.interactionsNew ?? 0;
  recorder.run.progress = { usersTotal: figures.usersTotal ?? 0, usersDone: figures.usersDone ?? 0, pages: 0 };
  for (let i = 0; i < (figures.errors ?? 0); i++)
    recorder.error({ userId: `u${i}`, at: run.from, code: 'forbidden', message: 'refused' } as never);
  clock = run.to;
  if (run.status === 'running') await recorder.flush(true);
  else await recorder.finish(run.status, null);
  return recorder.run;
}

beforeAll(async () => {
  engines = await openDirectoryEngines(
    'system-replies',
    Object.fromEntries(TENANTS.map((t) => [t, [['u1', 'Lina Olsen', 'Finance']]])),
    now,
  );
  const morning = { mode: 'full' as const, trigger: 'manual', from: at('09:00:00'), to: at('09:02:03.456') };
  const late = { mode: 'incremental' as const, trigger: 'schedule', from: at('11:00:00'), to: at('11:00:07.400') };
  for (const status of ['succeeded', 'completed_with_errors', 'failed', 'interrupted'] as const) {
    await recordRun(status, { ...morning, status: 'succeeded' }, { interactionsNew: 40 });
    await recordRun(status, { ...late, status }, { interactionsNew: 1234, errors: 2 });
  }
  await recordRun('running', { ...morning, status: 'succeeded' }, { interactionsNew: 40 });
  await recordRun('running', { mode: 'incremental', trigger: 'schedule', from: at('11:58:00'), to: at('11:59:30'), status: 'running' }, { usersDone: 3, usersTotal: 40 }); // prettier-ignore
  await recordRun('failedOnly', { ...late, status: 'failed' }, { errors: 1 });
  // A run recorded before runs counted their new interactions.
  const older = await recordRun('older', { ...morning, status: 'succeeded' });
  await engines.ts.store.syncRuns.updateOne({ _id: older._id }, { $unset: { 'counts.interactionsNew': '' } });
  const file = (name: string, site: string) => {
    const url = `https://contoso.sharepoint.com/sites/${site}/Shared%20Documents/${encodeURIComponent(name)}`;
    return { tenantId: 'sources', kind: 'file', host: 'contoso.sharepoint.com', name, url, key: `url:${url}`, firstAt: now, lastAt: now, referenceCount: 1, userCount: 1, appKeys: [] }; // prettier-ignore
  };
  await engines.ts.store.dataSources.insertMany([
    file('Harbor Plan.docx', 'Legal'),
    file('Harbor Plan.docx', 'Finance'),
    file('Quarterly Review.pptx', 'Sales'),
  ] as never);
});

afterAll(() => engines.close());

describe('the sync status, as the Ask engine answers it', () => {
  it('says no sync has run yet, with no rows and a link to the Sync view', async () => {
    const answer = await ask(deps('none'), 'status');
    expect(answer).toMatchObject({ kind: 'table', form: 'system:sync', summary: 'No sync has run yet.', rows: [] });
    expect(answer.columns).toEqual([
      { key: 'measure', title: 'Measure', kind: 'text' },
      { key: 'value', title: 'Value', kind: 'text' },
    ]);
    expect(answer.tabLink).toBe('http://localhost:3978/tab/#/sync');
  });

  test.each([
    ['succeeded', 'succeeded', '11:00'],
    ['completed_with_errors', 'completed with errors', '11:00'],
    ['failed', 'failed', '09:02'],
    ['interrupted', 'was interrupted', '09:02'],
  ] as const)("words a last run that %s as '%s', with the run's own figures", async (status, words, asOf) => {
    const answer = await ask(deps(status), 'when was the last sync');
    expect(answer.summary).toBe(
      `The last sync ${words} at 2026-11-20 11:00 UTC in 7.4 s; the data is as of 2026-11-20 ${asOf} UTC.`,
    );
    expect(answer.rows).toEqual([
      { measure: 'Last run', value: `${words} (incremental, schedule)` },
      { measure: 'Started', value: '2026-11-20 11:00 UTC' },
      { measure: 'Ended', value: '2026-11-20 11:00 UTC' },
      { measure: 'Duration', value: '7.4 s' },
      { measure: 'New interactions', value: '1,234' },
      { measure: 'Users with errors', value: '2' },
      { measure: 'Data as of', value: `2026-11-20 ${asOf} UTC` },
    ]);
    expect(answer.tabLink).toBe('http://localhost:3978/tab/#/sync');
  });

  it('says a sync is running with its progress, and gives the last finished run in the rows', async () => {
    const answer = await ask(deps('running'), 'sync status');
    expect(answer.summary).toBe('A sync is running now (3 of 40 users); the data is as of 2026-11-20 09:02 UTC.');
    expect(answer.rows).toEqual([
      { measure: 'Last run', value: 'succeeded (full, manual)' },
      { measure: 'Started', value: '2026-11-20 09:00 UTC' },
      { measure: 'Ended', value: '2026-11-20 09:02 UTC' },
      { measure: 'Duration', value: '123.5 s' },
      { measure: 'New interactions', value: '40' },
      { measure: 'Users with errors', value: '0' },
      { measure: 'Data as of', value: '2026-11-20 09:02 UTC' },
    ]);
  });

  it('says the data is as of no time when no run ever succeeded', async () => {
    const answer = await ask(deps('failedOnly'), 'status');
    expect(answer.summary).toBe('The last sync failed at 2026-11-20 11:00 UTC in 7.4 s; the data is as of —.');
    expect(answer.rows).toContainEqual({ measure: 'Users with errors', value: '1' });
    expect(answer.rows).toContainEqual({ measure: 'Data as of', value: '—' });
  });

  it('counts no new interactions for a run recorded before runs counted them', async () => {
    const answer = await ask(deps('older'), 'status');
    expect(answer.rows).toContainEqual({ measure: 'New interactions', value: '0' });
  });
});

describe('help and the bare risk intent', () => {
  it('answers help with what can be asked, the product’s own records included, and the suggested questions', async () => {
    const answer = await ask(deps('none'), 'help');
    expect(answer.kind).toBe('not_understood');
    expect(answer.summary).toBe(
      'Ask about Copilot use in plain English: a measure (active users, prompts, responses, sessions, agents, data sources, licensed users without activity, new users), grouped by person, app, department, day, week, month, hour or day of the week, for apps, departments or people, over any period — and compared; risk findings ("open high findings", "who shared card numbers", "findings by category this month"); and the product’s own records ("who opened Alex’s conversations", "how long is prompt text kept", "which tier am I"). For example:',
    );
    expect(answer.suggestions).toEqual([...SUGGESTED_QUESTIONS]);
    expect(answer.columns).toEqual([]);
    expect(answer.rows).toEqual([]);
    expect(answer.tabLink).toBeNull();
  });

  it('answers an older button’s bare risk intent with risk questions to ask and a link to the Risk view', async () => {
    const token = encodePageToken({ q: { type: 'system', system: 'risk' }, page: 1, question: 'risk' });
    const answer = await answerToken(deps('none'), token);
    expect(answer).toMatchObject({
      kind: 'not_understood',
      summary: 'Ask about risk findings in plain English, for example:',
      tabLink: 'http://localhost:3978/tab/#/risk',
      rows: [],
    });
    expect(answer.suggestions).toEqual([
      'Open high findings',
      'Any passwords pasted into Copilot?',
      'Findings by category this month',
      'Who shared card numbers?',
    ]);
  });

  it('answers the access log and the privacy settings from their own records, not with the sync status', async () => {
    const log = await ask(deps('succeeded'), "who opened Lina Olsen's conversations");
    expect(log.form).toBe('system:access_log');
    expect(log.summary).toMatch(/the access log has no entry/);
    expect(log.tabLink).toBe('http://localhost:3978/tab/#/access-log');
    const tier = await ask(deps('succeeded'), 'which tier am I');
    expect(tier.form).toBe('system:privacy');
    expect(tier.summary).toMatch(/^You are an Admin of Copilot Observatory/);
  });
});

describe('a data source nothing or several things answer to, and money', () => {
  it('asks which one when two sources share a name, each a pick', async () => {
    const answer = await ask(deps('sources'), 'how often was Harbor Plan.docx used');
    expect(answer).toMatchObject({
      kind: 'choice',
      form: 'reply:which_source',
      summary: 'Several data sources answer to "Harbor Plan.docx". Which one do you mean?',
    });
    expect(answer.choices.map((c) => c.label).sort()).toEqual(['Harbor Plan.docx (Finance site)', 'Harbor Plan.docx (Legal site)']); // prettier-ignore
    expect(answer.choices.every((c) => c.question === c.label && c.queryToken)).toBe(true);
  });

  it('says no source has the name and offers the nearest as picks, without general suggestions', async () => {
    const answer = await ask(deps('sources'), 'which users opened files on the Narnia site');
    expect(answer).toMatchObject({
      kind: 'choice',
      form: 'reply:no_source',
      summary: 'No data source or site called "Narnia site" in the synced history. The nearest names:',
      suggestions: [],
    });
    expect(answer.choices.map((c) => c.label).sort()).toEqual(['Finance site', 'Legal site', 'Sales site']);
  });

  it('says no source has the name and offers general questions when none is near', async () => {
    const answer = await ask(deps('none'), 'how often was Narnia Moonbase Plan.xlsx used');
    expect(answer).toMatchObject({
      kind: 'choice',
      form: 'reply:no_source',
      summary: 'No data source or site called "Narnia Moonbase Plan.xlsx" in the synced history.',
      choices: [],
    });
    expect(answer.suggestions.length).toBeGreaterThan(0);
  });

  it('offers as picks only the people whose query still reads, from a button changed on its way back', async () => {
    const query = await queryOf(deps('none'), 'prompts by Lina Olsen this month');
    const person = { userId: 'u1', name: 'Lina Olsen' };
    const q = { type: 'reply', reply: 'which_person', text: 'lina', people: [
      { person, label: 'Lina Olsen (Finance)', query },
      { person, label: 'Lina Olsen (changed)', query: { type: 'measure', measure: 'prompts' } },
    ] }; // prettier-ignore
    const answer = await answerToken(deps('none'), encodePageToken({ q: q as never, page: 1, question: 'lina' }));
    expect(answer.summary).toBe('Several people match "lina". Which one do you mean?');
    expect(answer.choices.map((c) => c.label)).toEqual(['Lina Olsen (Finance)']);
    expect((await answerToken(deps('none'), answer.choices[0]!.queryToken)).interpretation).toMatch(/^Prompts sent by Lina Olsen · this month/); // prettier-ignore
  });

  it('says it knows no prices, with what it can count instead', async () => {
    const answer = await ask(deps('none'), 'how much does Copilot cost us per month');
    expect(answer.kind).toBe('not_understood');
    expect(answer.summary).toBe(
      'Copilot Observatory knows no prices, costs or billing: it reads how Copilot is used, not what it costs. It can count your licences and who uses them (your price per licence times these gives the cost); for example:',
    );
    expect(answer.suggestions).toEqual([
      'Adoption rate last 30 days',
      'Licensed users without Copilot activity',
      'Adoption by department last 30 days',
    ]);
  });
});
