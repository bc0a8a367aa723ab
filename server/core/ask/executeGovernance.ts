import { accessLogFor } from '../insights/accessLog';
import { departmentMembers } from '../insights/askFacts';
import { lastRetentionRun } from '../privacy/retention';
import { TIER_DESCRIPTIONS, TIERS } from '../privacy/tiers';
import type { AccessLogDoc } from '../../store/documents';
import { dayOf, num, plural, type AnswerDeps, type Executed } from './executed';
import { describePeriod } from './interpretation';
import type { SystemQuery } from './querySchema';
import type { AnswerColumn } from './answerTypes';

/** Most access-log entries an answer lists (newest first; the count covers them all). */
const MAX_ENTRIES = 200;

const WHAT: Record<AccessLogDoc['what'], string> = {
  conversation: 'a conversation',
  user_prompts: 'their prompts (Ask)',
  conversation_csv: 'a conversation, downloaded as CSV',
};
const when = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * "Who looked at Nathan's conversations?": the access log's entries (every conversation opened in the tab, every
 * person's prompts listed in Ask or the bot, with the reason given), about or by the person asked, newest first.
 */
export async function answerAccessLog(deps: AnswerDeps, q: SystemQuery): Promise<Executed> {
  const person = q.person === 'me' ? { userId: deps.caller.userId, name: 'you' } : q.person;
  const subjects = q.departments ? await departmentMembers(deps.store, deps.tenantId, q.departments) : null;
  const { total, entries } = await accessLogFor(deps.store, deps.tenantId, {
    ...(q.period ? { range: { from: q.period.from, to: q.period.to } } : {}),
    ...(person ? { userId: person.userId, role: q.role ?? 'either' } : {}),
    ...(subjects ? { subjects } : {}),
    limit: MAX_ENTRIES,
  });
  const viewers = new Set(entries.map((e) => e.viewer.userId)).size;
  const period = q.period ? ` ${describePeriod(q.period, deps.timeZone)}` : '';
  const kept = deps.retention
    ? ` The access log keeps entries for ${plural(deps.retention.accessLogDays, 'day')}.`
    : '';
  const [some, none] = q.departments
    ? [`the conversations and prompts of people in ${q.departments.join(' or ')}`, `Nobody has opened the conversations or prompts of anyone in ${q.departments.join(' or ')}`] // prettier-ignore
    : whoseEntries(q, person?.name ?? null);
  const summary = total
    ? `${plural(total, 'entry', 'entries')} in the access log${period} for ${some}, by ${plural(viewers, 'person', 'people')}${total > entries.length ? `; the newest ${num(entries.length)} are listed` : ''}.${kept}`
    : `${none}${period}: the access log has no entry.${kept}`;
  return {
    kind: 'table',
    summary,
    notes: [],
    columns: columns('at:When', 'viewer:Opened by', 'subject:Whose', 'what:What', 'via:Where', 'reason:Reason given'),
    rows: entries.map((e) => ({
      at: when(e.at),
      viewer: e.viewer.name ?? e.viewer.upn ?? e.viewer.userId,
      subject: e.subjectName ?? e.subjectUserId,
      what: WHAT[e.what],
      via: e.via === 'bot' ? 'the bot' : e.via === 'api' ? 'the API' : 'the tab',
      reason: e.reason ?? '—',
    })),
    // The tab's range ends on its last day, inclusive.
    view: {
      path: 'access-log',
      params: q.period ? { from: dayOf(q.period.from), to: dayOf(new Date(q.period.to.getTime() - 1)) } : {},
    },
  };
}

/** What the entries are, and the sentence when there is none ("Nobody has opened Nathan Haddad's …"). */
function whoseEntries(q: SystemQuery, name: string | null): [string, string] {
  const whose = name === 'you' ? 'your' : `${name}'s`;
  if (!name) return ['conversations or prompts opened', "Nobody has opened anyone's conversations or prompts"];
  if (q.role === 'viewer')
    return [`what ${name} opened`, `${name === 'you' ? 'You have' : `${name} has`} opened no conversation or prompts`];
  if (q.role === 'subject')
    return [`${whose} conversations and prompts`, `Nobody has opened ${whose} conversations or prompts`];
  return [`what ${name} opened or was opened of ${name === 'you' ? 'yours' : `${name}'s`}`, `Nothing was opened by or of ${name}`]; // prettier-ignore
}

/** The interpretation line of an access-log or privacy question. */
export function describeGovernance(q: SystemQuery, tz: string): string {
  if (q.system === 'privacy')
    return { retention: 'Retention of prompt text and records', tier: 'Your privacy tier', erasure: 'Erasures' }[
      q.topic ?? 'retention'
    ];
  const name = q.person === 'me' ? 'you' : q.person?.name;
  const whose = q.departments
    ? [`conversations and prompts of people in ${q.departments.join(' or ')}`]
    : !name
      ? []
      : q.role === 'viewer'
        ? [`opened by ${name}`]
        : q.role === 'subject'
          ? [`${name === 'you' ? 'your' : `${name}'s`} conversations and prompts`]
          : [`of or by ${name}`];
  return ['Access log', ...whose, q.period ? describePeriod(q.period, tz) : 'all kept entries'].join(' · ');
}

/** Retention periods, the asker's tier, or erasures, from the configuration and the store's own records. */
export async function answerPrivacy(deps: AnswerDeps, q: SystemQuery): Promise<Executed> {
  if (q.topic === 'tier') return tierAnswer(deps);
  if (q.topic === 'erasure') return erasureAnswer(deps);
  return retentionAnswer(deps);
}

/** Text columns from "key:Title" (a count of interactions deleted, a number). */
const columns = (...specs: string[]): AnswerColumn[] =>
  specs.map((spec) => {
    const [key, title] = spec.split(':') as [string, string];
    return { key, title, kind: key === 'removed' ? 'number' : 'text' };
  });
const TEXT_COLUMNS = columns('measure:Setting', 'value:Value');

function tierAnswer(deps: AnswerDeps): Executed {
  const tier = deps.caller.tier;
  return {
    kind: 'table',
    summary: tier
      ? `You are ${tier === 'Viewer' ? 'a' : 'an'} ${tier} of Copilot Observatory: you see ${TIER_DESCRIPTIONS[tier]}. Each tier sees what the ones below it see.`
      : 'You hold no tier of Copilot Observatory, so it shows you nothing.',
    notes: [],
    columns: columns('measure:Tier', 'value:What it sees'),
    rows: [...TIERS].reverse().map((t) => ({ measure: t === tier ? `${t} (you)` : t, value: TIER_DESCRIPTIONS[t] })),
    view: null,
  };
}

async function retentionAnswer(deps: AnswerDeps): Promise<Executed> {
  const run = await lastRetentionRun(deps.store, deps.tenantId);
  const r = deps.retention;
  const lastRun = run
    ? `The last retention pass ran at ${when(run.at)}: text of interactions created before ${dayOf(run.textCutoff)} is removed (${plural(run.counts.textRemoved ?? 0, 'interaction')} that pass).`
    : 'No retention pass has run yet.';
  const summary = r
    ? `Prompt and response text is stored in your own database for ${plural(r.textDays, 'day')}, then removed; the record that an interaction happened stays for ${plural(r.metadataDays, 'day')}, and figures keep their counts. ${lastRun}`
    : `The retention settings are not known to this answer. ${lastRun}`;
  const rows = r
    ? [
        { measure: 'Prompt and response text', value: `${plural(r.textDays, 'day')} (RETENTION_DAYS)` },
        { measure: 'Interactions and conversations', value: `${plural(r.metadataDays, 'day')} (METADATA_RETENTION_DAYS)` }, // prettier-ignore
        { measure: 'Access log', value: `${plural(r.accessLogDays, 'day')} (ACCESS_LOG_RETENTION_DAYS)` },
        { measure: 'Sync runs and summaries', value: `${plural(r.operationalDays, 'day')} (OPERATIONAL_RETENTION_DAYS)` }, // prettier-ignore
        {
          measure: 'Daily, per-app and per-source counts',
          value: 'kept, so figures over old periods keep their value',
        },
      ]
    : [];
  const runRows = run
    ? [
        { measure: 'Last retention pass', value: when(run.at) },
        { measure: 'Text kept from', value: dayOf(run.textCutoff) },
        { measure: 'Text removed that pass', value: plural(run.counts.textRemoved ?? 0, 'interaction') },
      ]
    : [];
  return { kind: 'table', summary, notes: [], columns: TEXT_COLUMNS, rows: [...rows, ...runRows], view: null };
}

async function erasureAnswer(deps: AnswerDeps): Promise<Executed> {
  const erasures = deps.store.erasures.find({ tenantId: deps.tenantId }).sort({ erasedAt: -1 });
  const all = await erasures.toArray();
  const last = all[0];
  return {
    kind: 'table',
    summary: last
      ? `${plural(all.length, 'person has', 'people have')} been erased (their prompts and responses deleted, their name replaced by a random pseudonym); the last on ${when(last.erasedAt)}, asked by ${last.by}.`
      : 'Nobody has been erased.',
    notes: [],
    columns: columns('at:Erased', 'by:Asked by', 'reason:Reason', 'removed:Interactions deleted'),
    rows: all.map((e) => ({
      at: when(e.erasedAt),
      by: e.by,
      reason: e.reason ?? '—',
      removed: e.counts.interactions ?? 0,
    })),
    view: null,
  };
}
