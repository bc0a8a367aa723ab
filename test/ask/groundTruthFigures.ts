import { resolveApp } from '../../server/core/appCatalog';
import type { Store } from '../../server/store/Store';
import type { Expectation } from './expectation';

/**
 * The figures a corpus question should show, recomputed here from the stored raw interactions and the directory
 * (independently of the engine's reads): label of each group -> value.
 */
export interface Truth {
  rows: Array<{ userId: string; app: string; at: Date; prompt: boolean; response: boolean; sources: string[] }>;
  names: Map<string, string>;
  departments: Map<string, string | null>;
  licensed: Array<{ userId: string; name: string; department: string | null }>;
  sources: Map<string, { name: string; kind: string; url: string | null }>;
  /** Departments with at least MIN_GROUP_SIZE licensed users whose history was read: the ones shown alone. */
  alone: Set<string>;
  /** The users whose history the export API refused (403) at a sync: their use is unknown. */
  refused: Set<string>;
}

/** The engine's default MIN_GROUP_SIZE, as the tab's department view applies it. */
const MIN_GROUP_SIZE = 5;
const SMALL_GROUPS = 'Other (small groups)';

export async function loadTruth(store: Store, tenantId: string): Promise<Truth> {
  const docs = await store.interactions.find({ tenantId }).toArray();
  const dir = await store.directoryUsers.find({ tenantId }).toArray();
  const users = await store.users.find({ tenantId }).toArray();
  const sources = await store.dataSources.find({ tenantId }).toArray();
  const runs = await store.syncRuns.find({ tenantId }).toArray();
  const refused = new Set(runs.flatMap((r) => r.errors.filter((e) => e.status === 403).map((e) => e.userId ?? '')));
  const readable = new Map<string, number>();
  for (const u of dir) {
    const d = u.department?.trim();
    if (d && !refused.has(u.userId)) readable.set(d, (readable.get(d) ?? 0) + 1);
  }
  const names = new Map<string, string>();
  const departments = new Map<string, string | null>();
  for (const u of [...users, ...dir]) {
    names.set(u.userId, (u.displayName ?? u.userPrincipalName ?? u.userId).trim());
    departments.set(u.userId, u.department ?? null);
  }
  return {
    rows: docs.map((d) => ({
      userId: d.userId,
      app: resolveApp(d.appClass).displayName,
      at: d.createdAt,
      prompt: d.interactionType === 'userPrompt',
      response: d.interactionType === 'aiResponse',
      sources: d.dataSourceKeys,
    })),
    names,
    departments,
    licensed: dir.map((u) => ({ userId: u.userId, name: names.get(u.userId)!, department: u.department ?? null })),
    sources: new Map(sources.map((s) => [s.key, { name: s.name ?? s.url ?? s.key, kind: s.kind, url: s.url }])),
    alone: new Set([...readable].filter(([, n]) => n >= MIN_GROUP_SIZE).map(([d]) => d)),
    refused,
  };
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function bounds(e: Expectation, now: Date): { from: Date; to: Date } {
  if (!e.period || e.period === 'all') {
    const sourcesOrLicences = ['references', 'source_users', 'licensed_inactive'].includes(e.measure ?? '');
    const tomorrow = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
    return {
      from: new Date(sourcesOrLicences || e.period === 'all' ? 0 : tomorrow - 30 * 86_400_000),
      to: new Date(tomorrow),
    };
  }
  const parse = (s: string) => new Date(s.length === 10 ? `${s}T00:00:00.000Z` : s);
  return { from: parse(e.period.from), to: parse(e.period.to) };
}

function label(dim: string, r: Truth['rows'][number], t: Truth, source?: string): string {
  const day = r.at.toISOString().slice(0, 10);
  switch (dim) {
    case 'user': return t.names.get(r.userId) ?? r.userId;
    case 'app': return r.app;
    case 'agent': return `${t.names.get(r.userId) ?? r.userId} | ${r.app}`;
    case 'department': { const d = t.departments.get(r.userId)?.trim(); return d && t.alone.has(d) ? d : SMALL_GROUPS; }
    case 'day': return day;
    case 'week': {
      const at = Date.parse(`${day}T00:00:00Z`);
      return new Date(at - ((new Date(at).getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
    }
    case 'month': return `${MONTHS[r.at.getUTCMonth()]} ${r.at.getUTCFullYear()}`;
    case 'hour': { const h = String(r.at.getUTCHours()).padStart(2, '0'); return `${h}:00–${h}:59`; }
    case 'weekday': return WEEKDAYS[(r.at.getUTCDay() + 6) % 7]!;
    case 'source': return `${t.sources.get(source!)?.name ?? source!} ${t.sources.get(source!)?.url ?? ''}`;
    case 'site': {
      const url = t.sources.get(source!)?.url ?? '';
      const m = /^https?:\/\/([^/]+)(\/(?:sites|teams)\/[^/?#]+)?/i.exec(url);
      return m ? `${m[1]!.toLowerCase()}${m[2] ? decodeURIComponent(m[2]) : ''}` : '(unknown site)';
    }
    default: throw new Error(`no truth for dimension ${dim}`);
  }
} // prettier-ignore

const hostOf = (url: string | null | undefined) => (url ? new URL(url).host : '');

/** Whether a cited source is one the expectation keeps: its kind, where it is stored, its name or site. */
function kept(e: Expectation, t: Truth, key: string): boolean {
  const s = t.sources.get(key);
  const host = hostOf(s?.url);
  const sharepoint = /(^|\.)sharepoint\.com$/i.test(host);
  const onedrive = /-my\.sharepoint\.com$/i.test(host);
  const stored = !e.host || (e.host === 'onedrive' ? onedrive : e.host === 'sharepoint_only' ? sharepoint && !onedrive : sharepoint); // prettier-ignore
  const site = e.named?.endsWith(' site') ? e.named.slice(0, -5) : null;
  const named = !e.named || (site ? new RegExp(`/(?:sites|teams)/${site}(?:[/?]|$)`).test(decodeURI(s?.url ?? '')) : s?.name === e.named); // prettier-ignore
  return (!e.kind || s?.kind === e.kind) && stored && named;
}

const APP_NAMES: Record<string, string> = { m365chat: 'Microsoft 365 Chat', teams: 'Teams', word: 'Word', excel: 'Excel', outlook: 'Outlook', powerpoint: 'PowerPoint', onenote: 'OneNote', loop: 'Loop', forms: 'Forms', whiteboard: 'Whiteboard', planner: 'Planner', stream: 'Stream' }; // prettier-ignore

/** Expected value per group label ('' for a total), or for people lists the set of names. */
export function expectedFigures(e: Expectation, t: Truth, now: Date): Map<string, number> {
  const { from, to } = bounds(e, now);
  const apps = e.apps.map((a) => APP_NAMES[a]!);
  const small = (d: string) => !APP_NAMES[d] && !t.alone.has(d);
  // A row per department shows the departments large enough and withholds only the small ones named beside them.
  const sides = e.by.includes('department') && !e.excluded.length && e.departments.some((d) => !small(d));
  const departments = sides ? e.departments.filter((d) => !small(d)) : e.departments;
  const inScope = t.rows.filter(
    (r) =>
      r.at >= from &&
      r.at < to &&
      (!apps.length || apps.includes(r.app)) &&
      (!departments.length || departments.includes(t.departments.get(r.userId) ?? '')) &&
      (!e.people.length || e.people.includes(t.names.get(r.userId) ?? '')) &&
      !e.excluded.includes(t.departments.get(r.userId) ?? '') &&
      !e.excluded.some((a) => APP_NAMES[a] === r.app) &&
      (!e.named || r.sources.some((s) => kept(e, t, s))),
  );
  const out = new Map<string, number>();
  // A figure narrowed to a department below the minimum group size is not shown (rows per person are); nor are its
  // licence holders without activity, its licence holders or its new users, a department's counts.
  if (!e.by.includes('user') && [...departments, ...e.excluded].some(small)) return out;
  const distinct = new Map<string, Set<string>>();
  const add = (key: string, n: number, who?: string) => {
    if (who === undefined) out.set(key, (out.get(key) ?? 0) + n);
    else (distinct.get(key) ?? distinct.set(key, new Set()).get(key)!).add(who);
  };
  if (e.measure === 'licensed_inactive') {
    const active = new Set(inScope.map((r) => r.userId));
    for (const u of t.licensed)
      if (!active.has(u.userId) && (!e.departments.length || e.departments.includes(u.department ?? '')))
        add(e.by[0] === 'department' ? (u.department ?? '(no department)') : u.name, 1);
    return out;
  }
  for (const r of inScope) {
    const key = (source?: string) => e.by.map((d) => label(d, r, t, source)).join(' | ');
    switch (e.measure) {
      case 'prompts': if (r.prompt) add(key(), 1); break;
      case 'responses': if (r.response) add(key(), 1); break;
      case 'interactions': add(key(), 1); break;
      case 'active_users': add(key(), 1, r.userId); break;
      case 'agents': add(key(), 1, `${r.userId}|${r.app}`); break;
      case 'references': for (const s of r.sources) if (kept(e, t, s)) add(key(s), 1); break;
      case 'source_users': for (const s of r.sources) if (kept(e, t, s)) add(key(s), 1, r.userId); break;
      default: throw new Error(`no truth for measure ${e.measure}`);
    }
  } // prettier-ignore
  for (const [k, set] of distinct) out.set(k, set.size);
  if (e.having) {
    const { op, value, upTo = Infinity } = e.having;
    const meets = (v: number) => (op === 'gt' ? v > value : op === 'gte' ? v >= value : op === 'lt' ? v < value : op === 'lte' ? v <= value : v === value); // prettier-ignore
    const keep = (v: number) => meets(v) && v <= upTo;
    // "Users with fewer than 5 prompts": a licence holder (whose history was read) with none has 0, and is kept.
    const zeroCounted = ['prompts', 'responses', 'interactions'].includes(e.measure ?? '');
    if (
      keep(0) &&
      !e.having.of &&
      zeroCounted &&
      e.by.join() === 'user' &&
      !e.people.length &&
      !e.named &&
      !e.kind &&
      !e.host &&
      !e.owner
    )
      for (const u of t.licensed)
        if (!t.refused.has(u.userId) && (!e.departments.length || e.departments.includes(u.department ?? '')))
          if (!e.excluded.includes(u.department ?? '') && !out.has(u.name)) out.set(u.name, 0);
    for (const [k, v] of out) if (!keep(v)) out.delete(k);
  }
  return out;
}
