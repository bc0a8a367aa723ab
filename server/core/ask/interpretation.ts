import { describeAge } from './findingAge';
import { SHARE_WHOLES } from './findingsShare';
import { VERSUS_LABELS } from './versusWhole';
import { describeClock } from './clockFilters';
import { partsOf } from './severalMeasures';
import { RATIO_UNITS } from './ratio';
import { appName } from './lexicon';
import { describeDays } from './periods';
import { describeSpelling } from './typos';
import { describeRowsKept, describeThreshold } from './thresholds';
import { excludedLabel } from './exclusions';
import { rowsNotIn } from './executeRowsNotIn';
import { lowestCatalogueApps } from './dimensions';
import { describePeopleCondition } from './peopleConditions';
import { DISTINCT_LABELS } from './distinctSources';
import { describeGovernance } from './executeGovernance';
import type {
  AskQuery,
  Dimension,
  Filters,
  FindingDimension,
  FindingsQuery,
  Measure,
  MeasureQuery,
} from './querySchema';

export const MEASURE_LABELS: Record<Measure, string> = {
  active_users: 'Active users',
  prompts: 'Prompts',
  responses: 'Responses',
  sessions: 'Sessions',
  interactions: 'Interactions (prompts and responses)',
  agents: 'Agents (a person using an app)',
  references: 'Data-source references',
  source_users: 'Distinct users reaching each source',
  licensed_inactive: 'Licensed users without Copilot activity',
  licensed_users: 'Licensed Copilot users',
  new_users: 'New Copilot users (first use)',
  adoption: 'Adoption (share of licensed users active)',
};

export const DIMENSION_LABELS: Record<Dimension, string> = {
  user: 'person',
  app: 'app',
  agent: 'agent (a person in an app)',
  department: 'department',
  source: 'data source',
  site: 'site',
  kind: 'kind of source',
  day: 'day',
  week: 'week',
  month: 'month',
  hour: 'hour of day',
  weekday: 'day of the week',
};

const KIND_LABELS: Record<string, string> = {
  file: 'files',
  site: 'sites',
  meeting: 'meetings',
  email: 'emails',
  web: 'web pages',
  chat: 'chats',
};

/** The period as the interpretation line shows it: its words and its days ("last 30 days (22 Oct – 20 Nov 2026)"). */
export function describePeriod(p: MeasureQuery['period'], tz: string): string {
  if (p.all) return p.default ? 'all synced history (no period asked)' : p.label;
  const days = describeDays(p, tz);
  const words = p.label === days ? days : `${p.label} (${days})`;
  return p.default ? `${words}, the default` : words;
}

/**
 * The one line every answer opens with: what the engine took the question to mean ("Prompts by department ·
 * PowerPoint · last 30 days (22 Oct – 20 Nov 2026)"), so a misreading shows at a glance.
 */
export function describeQuery(q: AskQuery, tz: string): string {
  const line = describeReading(q, tz);
  const slips = 'spelled' in q ? describeSpelling(q.spelled) : [];
  return line && slips.length ? `${line} · ${slips.join(' · ')}` : line;
}

function describeReading(q: AskQuery, tz: string): string {
  if (q.type === 'system') {
    const what =
      q.system === 'access_log' || q.system === 'privacy'
        ? describeGovernance(q, tz)
        : q.failing
          ? 'Sync status · the users it could not read, with the error'
          : q.history
            ? 'Sync status · where the synced history starts'
            : { sync: 'Sync status', help: 'What can be asked', risk: 'Risk findings' }[q.system];
    return [what, ...contextPart(q)].join(' · ');
  }
  if (q.type === 'reply') return '';
  if (q.type === 'findings') return [describeFindings(q, tz), ...contextPart(q)].join(' · ');
  if (q.type === 'list') {
    const what = { prompts: 'Prompts sent by', sessions: 'Copilot sessions of', profile: 'Copilot use of' }[q.list];
    return [
      `${what} ${q.person.name}`,
      ...(q.apps.length ? [q.apps.map(appName).join(', ')] : []),
      ...(q.period ? [describePeriod(q.period, tz)] : q.list === 'profile' ? ['all synced history'] : []),
      ...(q.limit ? [`latest ${q.limit}`] : []),
      ...contextPart(q),
    ].join(' · ');
  }
  const parts = [
    q.recent
      ? 'People by their last use, latest first'
      : `${q.who?.countDays ? 'Days active' : q.each ? 'Each access (when, who, app), newest first' : titleOf(q)}${q.by.length ? ` by ${q.by.map((d) => DIMENSION_LABELS[d]).join(' and ')}` : ''}`,
  ];
  if (q.priced) parts.push('active users and licence holders (no prices known)');
  if (q.having && q.holderCount)
    parts.push(`holders with ${describeThreshold(q.having)} ${q.holderCount}, no activity counted as 0`);
  else if (q.having) parts.push(describeRowsKept(q.having, q.having.of ?? q.measure, q.having.per ?? q.by[0]!));
  if (q.activeOnly && !q.having) parts.push('only people with activity');
  parts.push(...describePeopleCondition(q, q.filters.apps.map(appName).join(' and '), tz));
  if (q.filters.apps.length) parts.push(q.filters.apps.map(appName).join(q.compare === 'values' ? ' vs ' : ', '));
  if (q.filters.departments.length && q.versus)
    parts.push(`${q.filters.departments.join(', ')} vs ${VERSUS_LABELS[q.versus]}`);
  else if (q.filters.departments.length)
    parts.push(
      q.filters.departments.join(q.compare === 'values' ? ' vs ' : ', ') +
        (q.filters.departments.length > 1 ? ' (departments)' : ' (department)'),
    );
  if (q.filters.people.length)
    parts.push(
      q.filters.people.map((p) => p.name).join(q.compare === 'values' ? ' vs ' : ', ') +
        (q.versus === 'department_rest' ? ` vs ${VERSUS_LABELS.department_rest}` : ''),
    );
  const excluded = excludedLabel(q.filters, appName);
  const notIn = rowsNotIn(q);
  if (notIn && q.filters.exclude)
    parts.push(
      `those ${q.filters.exclude[notIn].map(notIn === 'apps' ? appName : (d: string) => d).join(' and ')} had none of`,
    );
  else if (excluded) parts.push(excluded);
  if (q.filters.sourceKind) parts.push(KIND_LABELS[q.filters.sourceKind] ?? q.filters.sourceKind);
  if (q.filters.source) parts.push(q.filters.source.name);
  if (q.filters.host) parts.push(`in ${HOST_LABELS[q.filters.host]}`);
  if (q.filters.owner) parts.push("from someone else's OneDrive");
  if (q.filters.clock)
    parts.push(`${describeClock(q.filters.clock)}${q.clockSides ? ' vs the hours outside them' : ''}`);
  if (q.shareOf) parts.push(shareOfLabel(q, q.shareOf));
  else if (q.share) parts.push('each as a share of the total');
  const per = q.per ? RATIO_UNITS[q.per] : q.perLicensed ? 'licensed user' : 'active user';
  if (q.perPerson || q.per)
    parts[0] = `${parts[0]!.replace(/ by /, ` per ${per} by `)}${q.by.length ? '' : ` per ${per}`}`;
  if (q.measure === 'agents' && q.perPerson) parts[0] = parts[0]!.replace(MEASURE_LABELS.agents, 'Apps used (agents)');
  if (q.medianAsked) parts.push('the mean, not the median (a median is not computed)');
  if (lowestCatalogueApps(q)) parts.push("the catalogue's Copilot apps (unused at 0)");
  if (q.mean) parts.push(`with the mean per ${q.by[0]}`);
  parts.push(describePeriod(q.period, tz));
  if (q.compare === 'previous') parts.push(q.against ? `vs ${describePeriod(q.against, tz)}` : 'vs the period before');
  if (q.changeOrder)
    parts.push(
      `${q.order === 'asc' ? 'smallest' : 'biggest'} ${{ fall: 'fall', rise: 'rise', size: 'change' }[q.changeOrder]} first`,
    );
  if (q.limit) parts.push(q.order === 'asc' ? `bottom ${q.limit}` : `top ${q.limit}`);
  else if (q.all) parts.push('every row');
  else if (q.order === 'asc' && !q.changeOrder) parts.push('lowest first');
  for (const name of q.unmatched ?? [])
    parts.push(`no one called "${name}" holds a Copilot licence or has used Copilot, so only the others are shown`);
  parts.push(...contextPart(q));
  return parts.join(' · ');
}

/** "share of the prompts in all apps", "share of each row's sessions in all apps": what the part is taken of. */
function shareOfLabel(q: MeasureQuery, of: 'app' | 'department'): string {
  const rows = q.by.some((d) => d !== of) ? "each row's" : 'the';
  const noun = MEASURE_LABELS[q.measure].toLowerCase().replace(/ \(.*\)$/, '');
  return `as a share of ${rows} ${noun} in ${of === 'app' ? 'all apps' : 'the whole tenant'}`;
}

/**
 * Words taken as context around the question, whom a pronoun stood for, and words set aside as not changing the
 * figures: said, so nothing is read silently.
 */
function contextPart(q: {
  context?: { text: string; pronoun?: string; person?: string; unanswered?: string[] };
  aside?: string[];
}): string[] {
  const aside = q.aside?.length
    ? [
        `${q.aside.map((w) => `"${w}"`).join(', ')} set aside: ${q.aside.length > 1 ? 'they do' : 'it does'} not change the figures`,
      ]
    : [];
  if (!q.context) return aside;
  const who = q.context.person ? `"${q.context.pronoun}" read as ${q.context.person}` : '';
  const also = (q.context.unanswered ?? []).map(
    (u) => `this answers the first question only; not answered here: "${u}" (ask it on its own)`,
  );
  if (!q.context.text) return [...(who ? [who] : []), ...also, ...aside];
  return [`read as context, not as the question: "${q.context.text}"${who ? `; ${who}` : ''}`, ...also, ...aside];
}

/** Where sources are stored, as the interpretation and the filters under an answer say it. */
export const HOST_LABELS: Record<NonNullable<Filters['host']>, string> = {
  sharepoint: 'SharePoint and OneDrive',
  onedrive: 'OneDrive',
  sharepoint_only: 'SharePoint sites (not OneDrive)',
};

export const CATEGORY_LABELS: Record<string, string> = {
  credential: 'credentials',
  financial: 'financial data',
  personal_data: 'personal data',
  prompt_injection: 'prompt injection',
  exfiltration: 'exfiltration',
  oversharing: 'oversharing',
  account: 'accounts',
  watchlist: 'watch-list',
};

export const FINDING_KIND_LABELS: Record<string, string> = {
  password: 'passwords',
  api_key: 'API keys and service tokens',
  private_key: 'private keys',
  connection_string: 'connection strings',
  token: 'access tokens and client secrets',
  card_number: 'card numbers',
  iban: 'IBANs',
  ssn: 'US social security numbers',
  national_id: 'passport and national id numbers',
  phone_number: 'phone numbers',
  personal_email: 'personal e-mail addresses',
};

export const STATUS_LABELS: Record<string, string> = {
  open: 'open',
  investigating: 'investigating',
  resolved: 'resolved',
  dismissed: 'dismissed',
  false_positive: 'false positive',
};

const FINDING_DIMENSION_LABELS: Record<FindingDimension, string> = {
  category: 'category',
  severity: 'severity',
  status: 'status',
  rule: 'rule',
  user: 'person',
  app: 'app',
  department: 'department',
  day: 'day',
  week: 'week',
  month: 'month',
};

/** What a question about triage closing findings answers, from the findings' triage history. */
const TRIAGE_HEADS = {
  time_to_close: 'Time from detection to triage (median and mean)',
  closed_by: 'Findings triaged per analyst',
} as const;

/** "Open findings by app · high severity · card numbers · in prompts · Word · this week (16 – 20 Nov 2026)". */
function describeFindings(q: FindingsQuery, tz: string): string {
  const status = q.statuses.map((s) => STATUS_LABELS[s]).join(' or ');
  const noun = q.show === 'count' && q.counted === 'people' ? 'People with findings' : 'Findings';
  const head = q.triage
    ? TRIAGE_HEADS[q.triage]
    : q.show === 'list'
      ? `${noun}, newest first`
      : `${noun}${q.by.length ? ` by ${q.by.map((d) => FINDING_DIMENSION_LABELS[d]).join(' and ')}` : ''}`;
  const parts = [head];
  if (status) parts.push(q.changed ? `set ${status} in the period (when triaged, not when found)` : status);
  if (q.severities.length) parts.push(`${q.severities.join(' or ')} severity`);
  if (q.age) parts.push(describeAge(q.age, tz));
  const what = [...q.categories.map((c) => CATEGORY_LABELS[c]), ...q.kinds.map((k) => FINDING_KIND_LABELS[k])];
  if (what.length) parts.push(what.join(', '));
  if (q.source)
    parts.push(q.source === 'prompt' ? 'in prompts (pasted by users)' : 'in responses (surfaced by Copilot)');
  if (q.filters.apps.length) parts.push(q.filters.apps.map(appName).join(', '));
  if (q.filters.departments.length)
    parts.push(`${q.filters.departments.join(', ')} (department${q.filters.departments.length > 1 ? 's' : ''})`);
  if (q.filters.people.length) parts.push(q.filters.people.map((p) => p.name).join(', '));
  const excluded = excludedLabel(q.filters, appName);
  if (excluded) parts.push(excluded);
  if (q.share) parts.push(q.share === 'rows' ? 'each row as a share of the total' : `as a share of the ${SHARE_WHOLES[q.share]}`); // prettier-ignore
  parts.push(q.detected ? `detected ${describePeriod(q.period, tz)}` : describePeriod(q.period, tz));
  if (q.limit)
    parts.push(q.show === 'list' ? `latest ${q.limit}` : q.order === 'asc' ? `bottom ${q.limit}` : `top ${q.limit}`);
  else if (q.show === 'count' && q.order === 'asc' && q.by.length) parts.push('fewest first');
  return parts.join(' · ');
}

/**
 * What a measure answer counts, as its line and summary name it: people reaching a source are "each source" only when
 * there is a row per source — one named source is named, a row per site is each site, else the sources together.
 */
/** The measure's name, or every measure's when several were asked ("Prompts, Sessions and Active users"). */
function titleOf(q: MeasureQuery): string {
  if (!q.also?.length) return measureTitle(q);
  const titles = partsOf(q).map(measureTitle);
  return `${titles.slice(0, -1).join(', ')} and ${titles.at(-1)!}, each answered`;
}

export function measureTitle(q: MeasureQuery): string {
  if (q.distinct) return DISTINCT_LABELS[q.distinct];
  if (q.measure !== 'source_users' || q.by.includes('source')) return MEASURE_LABELS[q.measure];
  if (q.by.includes('site')) return 'Distinct users';
  return q.filters.source
    ? `Distinct users reaching ${q.filters.source.name}`
    : 'Distinct users reaching these sources';
}
