import type { SourceFact } from '../insights/askFacts';
import type { UserRef } from '../insights/types';
import { appName } from './lexicon';
import type { Dimension, MeasureQuery } from './querySchema';
import { MONTH_NAMES } from './periods';
import { localDayKey } from './timeZone';
import { siteOfSource } from '../dataSourceSite';
import { COPILOT_APPS } from '../appCatalog';

export const TIME_DIMS = new Set<Dimension>(['day', 'week', 'month', 'hour', 'weekday']);
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const NONE = '\u0000';
const DAY_MS = 86_400_000;

/** The Monday of a YYYY-MM-DD day's ISO week. */
export function weekStart(day: string): string {
  const at = Date.parse(`${day}T00:00:00Z`);
  const back = (new Date(at).getUTCDay() + 6) % 7;
  return new Date(at - back * DAY_MS).toISOString().slice(0, 10);
}

type Labels = { refs: Map<string, UserRef>; sources: Map<string, SourceFact>; apps: Map<string, string> };

/** The cells a dimension's key shows as (a person also shows their department, a source its kind and address). */
export function labelOf(d: Dimension, key: string, labels: Labels, _tz: string): Record<string, string | number | null> {
  const none = key === NONE;
  switch (d) {
    case 'user': {
      const u = labels.refs.get(key);
      return { user: none ? '(unknown)' : (u?.displayName ?? u?.userPrincipalName ?? key).trim(), department: u?.department ?? null };
    }
    case 'app': return { app: none ? '(none)' : (labels.apps.get(key) ?? appName(key)) };
    case 'agent': {
      const [userId = NONE, app = NONE] = none ? [] : key.split('|');
      return { ...labelOf('user', userId, labels, _tz), ...labelOf('app', app, labels, _tz) };
    }
    case 'department': return { department: none ? '(no department)' : key };
    case 'day': return { day: key };
    case 'week': return { week: key };
    case 'month': return { month: none ? key : `${MONTH_NAMES[Number(key.slice(5, 7)) - 1]} ${key.slice(0, 4)}` };
    case 'hour': return { hour: none ? key : `${key.padStart(2, '0')}:00–${key.padStart(2, '0')}:59` };
    case 'weekday': return { weekday: WEEKDAYS[Number(key)] ?? key };
    case 'source': {
      const s = labels.sources.get(key);
      return { source: s?.name ?? s?.url ?? key, kind: s?.kind ?? null, url: s?.url ?? null };
    }
    case 'site': return { site: none ? '(unknown site)' : key };
    case 'kind': return { kind: none ? '(unknown)' : key };
  }
} // prettier-ignore

/**
 * Adds the empty buckets a reader expects to see: every day, week or month of the period (from the first synced
 * day), every hour and weekday, and every value compared side by side — at zero.
 */
export function fillBuckets(
  q: MeasureQuery,
  ids: Set<string>,
  tz: string,
  range: { from: Date; to: Date },
  start: string | null,
): void {
  if (q.by.length === 1 && TIME_DIMS.has(q.by[0]!)) {
    for (const k of timeKeys(q.by[0]!, tz, range, start)) ids.add(k);
  }
  // "Which Copilot app has the fewest users": the catalogue's apps, the unused at zero; apps outside it are not ranked.
  if (lowestCatalogueApps(q)) {
    const catalogue = new Set(COPILOT_APPS.map((a) => a.key));
    for (const id of [...ids]) if (!catalogue.has(id)) ids.delete(id);
    for (const key of q.filters.apps.length ? q.filters.apps : catalogue) if (catalogue.has(key)) ids.add(key);
  }
  if (q.compare === 'values' && q.by.length === 1) {
    const values =
      q.by[0] === 'app'
        ? q.filters.apps
        : q.by[0] === 'department'
          ? q.filters.departments
          : q.by[0] === 'user'
            ? q.filters.people.map((p) => p.userId)
            : [];
    for (const v of values) ids.add(v);
  }
}

/** Apps ranked lowest first: only the Copilot apps of the catalogue, each of them (said in the interpretation). */
export const lowestCatalogueApps = (q: MeasureQuery): boolean =>
  q.by.length === 1 && q.by[0] === 'app' && q.order === 'asc' && !q.compare;

function timeKeys(d: Dimension, tz: string, range: { from: Date; to: Date }, start: string | null): string[] {
  if (d === 'hour') return Array.from({ length: 24 }, (_, h) => String(h));
  if (d === 'weekday') return Array.from({ length: 7 }, (_, w) => String(w));
  const first = localDayKey(range.from, tz);
  const from = start && start > first ? start : first;
  const last = localDayKey(new Date(range.to.getTime() - 1), tz);
  const keys = new Set<string>();
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${last}T00:00:00Z`); at += DAY_MS) {
    const day = new Date(at).toISOString().slice(0, 10);
    keys.add(d === 'day' ? day : d === 'week' ? weekStart(day) : day.slice(0, 7));
  }
  return keys.size > 400 ? [] : [...keys];
}

/** The SharePoint site of a source ("contoso.sharepoint.com/sites/Marketing"), else its host. */
export function siteOf(s: SourceFact | undefined): string | null {
  return siteOfSource(s);
}
