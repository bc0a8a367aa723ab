import { describeClock } from '../../server/core/ask/clockFilters';
import type { FindingsQuery } from '../../server/core/ask/querySchema';
import type { ParseResult } from '../../server/core/ask/understand';
import { allTime } from '../../server/core/ask/periods';

/** The corpus's expectation grammar (see corpus.ts), read into fields, with periods resolved to UTC days. */
export interface Expectation {
  measure?: string;
  by: string[];
  apps: string[];
  departments: string[];
  people: string[];
  kind?: string;
  /** Where the sources are stored: `sharepoint` (and OneDrive), `onedrive`, `sharepoint_only`. */
  host?: string;
  /** `each`: a named source's accesses listed one by one (when, who, app), not counted. */
  each?: boolean;
  /** `named=<name>`: one named source or site ("Projects_site"), as the interpretation names it (`_` for spaces). */
  named?: string;
  /** `owner=others`: OneDrive files used by someone other than their owner. */
  owner?: string;
  /** The time-of-day filter as the interpretation line says it ("00:00–04:59 UTC"). */
  clock?: string;
  /** Each row as a share of the total. */
  share: boolean;
  /** `shareof=app|department`: the named apps' (departments') figure over the same without that filter. */
  shareOf?: string;
  /**
   * `vs=whole`: the named departments' figure beside the whole tenant's; `vs=rest`: beside everyone else's;
   * `vs=department_rest`: one person's beside the others of their department.
   */
  versus?: 'whole' | 'rest' | 'department_rest';
  /** Each row's figure per active user. */
  perPerson: boolean;
  /** `per=licensed`: each row's figure per licence holder ("prompts per licensed user"). */
  perLicensed?: boolean;
  /** `per=sessions|prompts|responses|interactions`: the figure over another measure ("prompts per session"). */
  per?: string;
  /** `distinct=sources|sites`: distinct data sources (or sites) counted, not references. */
  distinct?: string;
  /** `also=`: the other measures answered beside `m=` ("prompts and sessions"), in the order asked. */
  also: string[];
  /** `mean`: the series by day or week with its mean ("average sessions per day"). */
  mean?: boolean;
  /** `recent`: people by their last use, latest first ("who used Excel most recently"). */
  recent?: boolean;
  period?: { from: string; to: string } | 'all';
  limit?: number;
  order?: 'asc';
  compare?: 'previous' | 'values';
  list?: string;
  system?: string;
  decline?: 'change' | 'scope' | 'topic';
  /** A condition on each row's figure: `gt:3`. */
  having?: { op: string; value: number; upTo?: number; of?: string; per?: string };
  /** `cond=`: a condition on the people counted (sole, days:gte:3, everyday, fall, rise, lapsed:21, countdays). */
  who?: Record<string, unknown>;
  ask?: 'rephrase' | 'person' | 'department' | 'source' | 'nosource';
  nobody?: string;
  /** Risk findings: listed, counted, or the people they concern counted. */
  risk?: 'list' | 'count' | 'people';
  categories: string[];
  kinds: string[];
  severities: string[];
  statuses: string[];
  source?: 'prompt' | 'response';
  /** An age of findings: days and what they count from (`7d` detected, `14c` last changed in triage). */
  age?: string;
  /** The age's cut-off: findings detected (or last changed) before it. */
  ageBefore?: Date;
  /** The period is when triage set the statuses ("resolved last month"), not the interaction's. */
  changed?: boolean;
  /** `triage=time`: how long the findings triage closed took; `triage=by`: the analysts who closed them, ranked. */
  triage?: 'time_to_close' | 'closed_by';
  /** Departments and app keys left out ("excluding IT", "not in Teams"). */
  excluded: string[];
  /** Names compared that nobody in the directory has, said beside the answer. */
  unmatched: string[];
  figures: boolean;
}

export type Outcome = 'exact' | 'misread' | 'asked' | 'declined';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Resolves a period token against `now` (UTC): [from, to) as days, `to` exclusive. */
export function resolvePeriod(token: string, now: Date): { from: string; to: string } | 'all' {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const tomorrow = today + DAY;
  const monday = today - ((now.getUTCDay() + 6) % 7) * DAY;
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const span = (from: number, to: number) => ({ from: iso(from), to: iso(Math.min(to, tomorrow)) });
  const fixed: Record<string, () => { from: string; to: string }> = {
    today: () => span(today, tomorrow),
    yesterday: () => span(today - DAY, today),
    this_week: () => span(monday, tomorrow),
    last_week: () => span(monday - 7 * DAY, monday),
    this_month: () => span(Date.UTC(y, m, 1), tomorrow),
    last_month: () => span(Date.UTC(y, m - 1, 1), Date.UTC(y, m, 1)),
    this_year: () => span(Date.UTC(y, 0, 1), tomorrow),
  };
  if (token === 'all') return 'all';
  // `before:d30`: the synced history before a period ("who stopped using Copilot": active before the last 30 days).
  if (token.startsWith('before:')) {
    const after = resolvePeriod(token.slice('before:'.length), now);
    if (after === 'all') throw new Error('nothing is before all synced history');
    return { from: iso(allTime(now, 'UTC').from.getTime()), to: after.from };
  }
  if (fixed[token]) return fixed[token]();
  let g: RegExpExecArray | null;
  if ((g = /^d(\d+)$/.exec(token))) return span(tomorrow - Number(g[1]) * DAY, tomorrow);
  if ((g = /^w(\d+)$/.exec(token))) return span(tomorrow - 7 * Number(g[1]) * DAY, tomorrow);
  if ((g = /^m(\d+)$/.exec(token))) return span(Date.UTC(y, m - Number(g[1]), now.getUTCDate()), tomorrow);
  if ((g = /^h(\d+)$/.exec(token))) {
    const from = new Date(now.getTime() - Number(g[1]) * 3_600_000).toISOString();
    return { from, to: now.toISOString() };
  }
  if ((g = /^month:(\d{4})-(\d{2})$/.exec(token)))
    return span(Date.UTC(Number(g[1]), Number(g[2]) - 1, 1), Date.UTC(Number(g[1]), Number(g[2]), 1));
  if ((g = /^day:(\d{4}-\d{2}-\d{2})$/.exec(token))) return span(Date.parse(g[1]!), Date.parse(g[1]!) + DAY);
  if ((g = /^since:(\d{4}-\d{2}-\d{2})$/.exec(token))) return span(Date.parse(g[1]!), tomorrow);
  if ((g = /^range:(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(token)))
    return span(Date.parse(g[1]!), Date.parse(g[2]!) + DAY);
  if ((g = /^q:(\d{4})-([1-4])$/.exec(token))) {
    const q = Number(g[2]) - 1;
    return span(Date.UTC(Number(g[1]), q * 3, 1), Date.UTC(Number(g[1]), q * 3 + 3, 1));
  }
  throw new Error(`unknown period token ${token}`);
}

/** Reads one corpus expectation. */
export function parseExpectation(spec: string, now: Date): Expectation {
  const e: Expectation = {
    by: [],
    apps: [],
    departments: [],
    people: [],
    categories: [],
    kinds: [],
    severities: [],
    statuses: [],
    excluded: [],
    unmatched: [],
    also: [],
    figures: false,
    share: false,
    perPerson: false,
  };
  for (const part of spec.split(' ')) {
    if (part === 'mean' || part === 'each' || part === 'recent') {
      if (part === 'mean') e.mean = true;
      else if (part === 'recent') e.recent = true;
      else e.each = true;
      continue;
    }
    if (part === 'changed') {
      e.changed = true;
      continue;
    }
    if (part === 'fig' || part === 'share') {
      if (part === 'fig') e.figures = true;
      else e.share = true;
      continue;
    }
    const at = part.indexOf('=');
    const key = part.slice(0, at);
    const value = part.slice(at + 1);
    const list = value.split(',');
    if (key === 'm') e.measure = value;
    else if (key === 'by') e.by = list;
    else if (key === 'app') e.apps = list;
    else if (key === 'dept') e.departments = list;
    else if (key === 'who') e.people = list.map((p) => p.replace(/_/g, ' '));
    else if (key === 'kind') e.kind = value;
    else if (key === 'host') e.host = value;
    else if (key === 'named') e.named = value.replace(/_/g, ' ');
    else if (key === 'owner') e.owner = value;
    else if (key === 'clock') e.clock = value.replace(/_/g, ' ');
    else if (key === 'distinct') e.distinct = value;
    else if (key === 'also') e.also = list;
    else if (key === 'shareof') e.shareOf = value;
    else if (key === 'vs') e.versus = value as Expectation['versus'];
    else if (key === 'per' && value === 'user') e.perPerson = true;
    else if (key === 'per' && value === 'licensed') e.perPerson = e.perLicensed = true;
    else if (key === 'per') e.per = value;
    else if (key === 'p') e.period = resolvePeriod(value, now);
    else if (key === 'top') e.limit = Number(value);
    else if (key === 'order') e.order = 'asc';
    else if (key === 'cmp') e.compare = value === 'prev' ? 'previous' : 'values';
    else if (key === 'list') e.list = value;
    else if (key === 'sys') e.system = value;
    else if (key === 'decline') e.decline = value as Expectation['decline'];
    else if (key === 'having') e.having = havingOf(value);
    else if (key === 'cond') e.who = conditionOf(value, now);
    else if (key === 'ask') e.ask = value as Expectation['ask'];
    else if (key === 'risk') e.risk = value as Expectation['risk'];
    else if (key === 'cat') e.categories = list;
    else if (key === 'kind-of') e.kinds = list;
    else if (key === 'sev') e.severities = list;
    else if (key === 'st') e.statuses = list;
    else if (key === 'src') e.source = value as Expectation['source'];
    else if (key === 'triage') e.triage = value === 'by' ? 'closed_by' : 'time_to_close';
    else if (key === 'age') {
      e.age = value;
      e.ageBefore = new Date(now.getTime() - parseInt(value, 10) * DAY);
    } else if (key === 'excl') e.excluded = list;
    else if (key === 'miss') e.unmatched = list.map((p) => p.replace(/_/g, ' '));
    else if (key === 'nobody') e.nobody = spec.slice(spec.indexOf('nobody=') + 7).replace(/ fig$/, '');
    else throw new Error(`unknown key in "${spec}"`);
    if (key === 'nobody') break;
  }
  return e;
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameSet = (a: readonly string[], b: readonly string[]) => same([...a].sort(), [...b].sort());

function periodOf(p: { from: Date; to: Date; default?: boolean; all?: boolean; rolling?: boolean } | undefined) {
  if (!p) return undefined;
  if (p.all) return 'all' as const;
  if (p.rolling) return { from: p.from.toISOString(), to: p.to.toISOString() };
  return { from: iso(p.from.getTime()), to: iso(p.to.getTime()) };
}

/**
 * What the engine did with one question — `exact` (answered, as expected), `misread` (answered, but not the question
 * asked, or answered what should have been declined), `asked` (asked back) or `declined` — and how that differs from
 * the expectation (empty when it is what the corpus expects).
 */
export function judge(result: ParseResult, e: Expectation): { outcome: Outcome; diff: string[] } {
  const diff: string[] = [];
  const q = result.type === 'query' ? result.query : null;
  const expectsAnswer = !!(e.measure || e.list || e.system || e.risk);
  if (result.type === 'command') {
    if (e.system === 'help' && result.command.command === 'help') return { outcome: 'exact', diff };
    return { outcome: expectsAnswer ? 'misread' : 'misread', diff: [`command ${result.command.command}`] };
  }
  if (!q) return { outcome: 'declined', diff: ['unknown'] };
  if (q.type === 'reply') {
    const asked =
      q.reply === 'rephrase' ||
      q.reply === 'which_person' ||
      q.reply === 'unknown_department' ||
      q.reply === 'nobody' ||
      q.reply === 'which_source' ||
      q.reply === 'no_source';
    const outcome: Outcome = asked ? 'asked' : 'declined';
    const match =
      (e.decline === 'change' && q.reply === 'change') ||
      (e.decline === 'scope' && q.reply === 'scope') ||
      (e.decline === 'topic' && q.reply === 'topic') ||
      (e.ask === 'rephrase' && q.reply === 'rephrase') ||
      (e.ask === 'department' && q.reply === 'unknown_department') ||
      (e.ask === 'person' && q.reply === 'which_person') ||
      (e.ask === 'source' && q.reply === 'which_source') ||
      (e.ask === 'nosource' && q.reply === 'no_source') ||
      (e.nobody !== undefined && q.reply === 'nobody');
    if (match) return { outcome, diff };
    // Declining a request to change something as out of scope (or the reverse) tells the admin the wrong thing.
    if (
      (e.decline && (q.reply === 'change' || q.reply === 'scope')) ||
      (e.nobody !== undefined && q.reply !== 'rephrase')
    )
      return { outcome: 'misread', diff: [`reply ${q.reply}, expected ${e.decline ?? 'nobody'}`] };
    return { outcome, diff: [`reply ${q.reply}${q.notUnderstood.length ? ` (${q.notUnderstood.join(' ')})` : ''}`] };
  }
  if (!expectsAnswer) return { outcome: 'misread', diff: [`answered ${q.type}, expected no answer`] };
  if (q.type !== 'findings' && e.risk) return { outcome: 'misread', diff: [`${q.type}, expected findings`] };
  if (q.type === 'system') {
    // `sync_failing`: the sync status with the users it could not read named.
    // `sync_history`: where the synced history starts.
    const system =
      q.system === 'sync' && q.failing ? 'sync_failing' : q.system === 'sync' && q.history ? 'sync_history' : q.system;
    if (system !== e.system) diff.push(`system ${system}`);
    // The access log's person (`who=me`: the asker) and period, when the question named them.
    const person = q.person === 'me' ? 'me' : q.person?.name;
    if (!sameSet(person ? [person] : [], e.people)) diff.push(`person ${person ?? 'none'}`);
    if (JSON.stringify(periodOf(q.period)) !== JSON.stringify(e.period))
      diff.push(`period ${JSON.stringify(periodOf(q.period))}`);
    return { outcome: diff.length ? 'misread' : 'exact', diff };
  }
  if (q.type === 'list') {
    if (q.list !== e.list) diff.push(`list ${q.list} (expected ${e.list ?? e.measure})`);
    if (!sameSet([q.person.name], e.people)) diff.push(`person ${q.person.name}`);
    if (!sameSet(q.apps, e.apps)) diff.push(`apps ${q.apps.join(',')}`);
    if (e.period && JSON.stringify(periodOf(q.period)) !== JSON.stringify(e.period))
      diff.push(`period ${JSON.stringify(periodOf(q.period))}`);
    if (!e.period && q.period && !q.period.default) diff.push(`period ${JSON.stringify(periodOf(q.period))} not asked`);
    if (e.limit !== q.limit) diff.push(`limit ${q.limit}`);
    return { outcome: diff.length ? 'misread' : 'exact', diff };
  }
  if (q.type === 'findings') return judgeFindings(q, e);
  if (e.risk) return { outcome: 'misread', diff: [`measure ${q.measure}, expected findings`] };
  if (q.measure !== e.measure) diff.push(`measure ${q.measure} (expected ${e.measure ?? e.list ?? e.system})`);
  if (!same(q.by, e.by)) diff.push(`by ${q.by.join(',')} (expected ${e.by.join(',')})`);
  if (!sameSet(q.filters.apps, e.apps)) diff.push(`apps ${q.filters.apps.join(',')}`);
  if (!sameSet(q.filters.departments, e.departments)) diff.push(`departments ${q.filters.departments.join(',')}`);
  if (
    !sameSet(
      q.filters.people.map((p) => p.name),
      e.people,
    )
  )
    diff.push(`people ${q.filters.people.map((p) => p.name).join(',')}`);
  if ((q.filters.sourceKind ?? undefined) !== e.kind) diff.push(`kind ${q.filters.sourceKind}`);
  if ((q.filters.host ?? undefined) !== e.host) diff.push(`host ${q.filters.host}`);
  if ((q.filters.source?.name ?? undefined) !== e.named) diff.push(`named ${q.filters.source?.name}`);
  if ((q.filters.owner ?? undefined) !== e.owner) diff.push(`owner ${q.filters.owner}`);
  const clock = q.filters.clock ? describeClock(q.filters.clock) : undefined;
  if (clock !== e.clock) diff.push(`clock ${clock ?? 'none'}`);
  if (!!q.share !== e.share) diff.push(`share ${!!q.share}`);
  if ((q.shareOf ?? undefined) !== e.shareOf) diff.push(`share of ${q.shareOf}`);
  if (q.versus !== e.versus) diff.push(`beside ${q.versus ?? 'nothing'} (expected ${e.versus ?? 'nothing'})`);
  if (!!q.perPerson !== e.perPerson) diff.push(`per person ${!!q.perPerson}`);
  if (!!q.perLicensed !== !!e.perLicensed) diff.push(`per licensed user ${!!q.perLicensed}`);
  if ((q.per ?? undefined) !== e.per) diff.push(`per ${q.per}`);
  if (!!q.mean !== !!e.mean) diff.push(`mean ${!!q.mean}`);
  if (!!q.recent !== !!e.recent) diff.push(`by last use ${!!q.recent}`);
  if ((q.distinct ?? undefined) !== e.distinct) diff.push(`distinct ${q.distinct}`);
  if (!same(q.also ?? [], e.also)) diff.push(`also ${(q.also ?? []).join(',')}`);
  const period = periodOf(q.period);
  if (e.period && JSON.stringify(period) !== JSON.stringify(e.period))
    diff.push(`period ${JSON.stringify(period)} (expected ${JSON.stringify(e.period)})`);
  if (!e.period && !q.period.default) diff.push(`period ${JSON.stringify(period)} not asked`);
  if (e.limit !== undefined && q.limit !== e.limit) diff.push(`limit ${q.limit}`);
  if (e.limit === undefined && q.limit !== undefined) diff.push(`limit ${q.limit} not asked`);
  if ((e.order === 'asc') !== (q.order === 'asc')) diff.push(`order ${q.order}`);
  if (q.compare !== e.compare) diff.push(`compare ${q.compare}`);
  if (JSON.stringify(q.having ?? null) !== JSON.stringify(e.having ?? null))
    diff.push(`having ${JSON.stringify(q.having ?? null)} (expected ${JSON.stringify(e.having ?? null)})`);
  if (!sameSet(excludedOf(q.filters), e.excluded)) diff.push(`excluded ${excludedOf(q.filters).join(',')}`);
  if (!sameSet(q.unmatched ?? [], e.unmatched)) diff.push(`unmatched ${(q.unmatched ?? []).join(',')}`);
  // A period without activity is compared by its days, as the answer's own period is.
  const who = q.who?.quietIn ? { ...q.who, quietIn: periodOf(q.who.quietIn) } : q.who;
  if (JSON.stringify(who ?? null) !== JSON.stringify(e.who ?? null))
    diff.push(`condition ${JSON.stringify(who ?? null)} (expected ${JSON.stringify(e.who ?? null)})`);
  if (!!q.each !== !!e.each) diff.push(`each access ${!!q.each}`);
  return { outcome: diff.length ? 'misread' : 'exact', diff };
}

/**
 * `gt:3`, `gte:5..10` (a range: at least 5 and at most 10), or `gt:5:active_users:department` (a condition counting
 * another measure, on the department rows).
 */
function havingOf(value: string): Expectation['having'] {
  const [op, n, of, per] = value.split(':');
  const [low, upTo] = n!.split('..');
  return { op: op!, value: Number(low), ...(upTo ? { upTo: Number(upTo) } : {}), ...(of ? { of } : {}), ...(per ? { per } : {}) }; // prettier-ignore
}

/**
 * `sole`, `everyapp` (active in every app filtered on), `days:gte:3`, `everyday`, `fall`, `rise`, `lapsed:21`, `countdays`, `notapps:excel` (active in the apps
 * filtered on, not in these), `quiet:month:2026-11` (no activity in that period): the query's condition on people.
 */
function conditionOf(value: string, now: Date): Record<string, unknown> {
  const [kind, a, b] = value.split(':');
  if (kind === 'quiet') return { quietIn: resolvePeriod(value.slice('quiet:'.length), now) };
  if (kind === 'sole') return { soleApp: true };
  if (kind === 'everyapp') return { everyApp: true };
  if (kind === 'days') return { activeDays: { op: a, value: Number(b) } };
  if (kind === 'everyday') return { everyDay: true };
  if (kind === 'fall' || kind === 'rise') return { moved: kind };
  if (kind === 'lapsed') return { lapsedDays: Number(a) };
  if (kind === 'countdays') return { countDays: true };
  if (kind === 'notapps') return { notApps: a!.split(',') };
  throw new Error(`unknown condition "${value}"`);
}

/** What a query's filters leave out: departments, then app keys. */
const excludedOf = (f: FindingsQuery['filters']) => [...(f.exclude?.departments ?? []), ...(f.exclude?.apps ?? [])];

/** A findings query against a `risk=` expectation. */
function judgeFindings(q: FindingsQuery, e: Expectation) {
  const diff: string[] = [];
  if (!e.risk) return { outcome: 'misread' as const, diff: [`findings, expected ${e.measure ?? e.list ?? e.system}`] };
  const shown = q.show === 'list' ? 'list' : q.counted === 'people' ? 'people' : 'count';
  if (shown !== e.risk) diff.push(`shows ${shown} (expected ${e.risk})`);
  if (!same(q.by, e.by)) diff.push(`by ${q.by.join(',')} (expected ${e.by.join(',')})`);
  for (const [name, got, want] of [
    ['categories', q.categories, e.categories],
    ['kinds', q.kinds, e.kinds],
    ['severities', q.severities, e.severities],
    ['statuses', q.statuses, e.statuses],
    ['apps', q.filters.apps, e.apps],
    ['departments', q.filters.departments, e.departments],
    ['people', q.filters.people.map((p) => p.name), e.people],
  ] as const)
    if (!sameSet(got, want)) diff.push(`${name} ${got.join(',')} (expected ${want.join(',')})`);
  if (q.source !== e.source) diff.push(`source ${q.source} (expected ${e.source})`);
  const age = q.age && `${q.age.days}${q.age.since[0]}`;
  if (age !== e.age) diff.push(`age ${age} (expected ${e.age})`);
  if (!!q.changed !== !!e.changed) diff.push(`status set in the period: ${!!q.changed}`);
  if (q.triage !== e.triage) diff.push(`triage ${q.triage ?? 'none'} (expected ${e.triage ?? 'none'})`);
  if (!!q.share !== e.share) diff.push(`share ${q.share ?? 'none'}`);
  if (q.share && q.share !== 'rows' && q.share !== e.shareOf) diff.push(`share of ${q.share} (expected ${e.shareOf})`);
  if (!sameSet(excludedOf(q.filters), e.excluded)) diff.push(`excluded ${excludedOf(q.filters).join(',')}`);
  const period = periodOf(q.period);
  if (e.period && JSON.stringify(period) !== JSON.stringify(e.period))
    diff.push(`period ${JSON.stringify(period)} (expected ${JSON.stringify(e.period)})`);
  if (!e.period && !q.period.default) diff.push(`period ${JSON.stringify(period)} not asked`);
  if (e.limit !== q.limit) diff.push(`limit ${q.limit}`);
  if ((e.order === 'asc') !== (q.order === 'asc')) diff.push(`order ${q.order}`);
  return { outcome: diff.length ? ('misread' as const) : ('exact' as const), diff };
}
