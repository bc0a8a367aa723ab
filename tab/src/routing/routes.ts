/** Every view the tab shows, as it appears in the URL hash (`#/observability?types=session`). */
export type ViewId =
  | 'overview'
  | 'agents'
  | 'observability'
  | 'conversation'
  /** One person's page: `#/people/<userId>`. */
  | 'person'
  | 'users'
  /** Adoption by department, and one department's page: `#/departments/<name>`. */
  | 'departments'
  | 'department'
  | 'data-sources'
  | 'sync'
  | 'access-log'
  /** Risk findings, and one finding's page: `#/risk/<findingId>`. */
  | 'risk'
  | 'finding'
  /** The admin's watch-list and suppressions: `#/risk-rules`. */
  | 'risk-rules'
  | 'ask'
  | 'setup'
  /** The channel tab's configuration page (Teams opens `#/config` in its "Add a tab" dialog); not in the navigation. */
  | 'config';

export interface Route {
  view: ViewId;
  /** The id of `#/conversations/<id>`, `#/people/<id>` or `#/risk/<id>`. */
  id: string | null;
  params: URLSearchParams;
}

const PATHS: Record<Exclude<ViewId, 'conversation' | 'person' | 'finding' | 'department'>, string> = {
  overview: 'overview',
  agents: 'inventory/agents',
  observability: 'observability',
  users: 'users',
  departments: 'departments',
  'data-sources': 'data-sources',
  sync: 'sync',
  'access-log': 'access-log',
  risk: 'risk',
  'risk-rules': 'risk-rules',
  ask: 'ask',
  setup: 'setup',
  config: 'config',
};
const BY_PATH = new Map(Object.entries(PATHS).map(([view, path]) => [path, view as ViewId]));

/** Reads a location hash; anything unknown is the Overview. */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = (q === -1 ? raw : raw.slice(0, q)).replace(/\/+$/, '');
  const params = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
  const conversation = /^conversations\/(.+)$/.exec(path);
  if (conversation?.[1]) return { view: 'conversation', id: decodeURIComponent(conversation[1]), params };
  const person = /^people\/(.+)$/.exec(path);
  if (person?.[1]) return { view: 'person', id: decodeURIComponent(person[1]), params };
  const department = /^departments\/(.+)$/.exec(path);
  if (department?.[1]) return { view: 'department', id: decodeURIComponent(department[1]), params };
  const finding = /^risk\/(.+)$/.exec(path);
  if (finding?.[1]) return { view: 'finding', id: decodeURIComponent(finding[1]), params };
  return { view: BY_PATH.get(path) ?? (path === 'agents' ? 'agents' : 'overview'), id: null, params };
}

/** The hash for a view with its filters (empty values dropped, so links stay short). */
export function formatHash(
  view: ViewId,
  params?: Record<string, string | undefined> | URLSearchParams,
  id?: string,
): string {
  const path =
    view === 'conversation'
      ? `conversations/${encodeURIComponent(id ?? '')}`
      : view === 'person'
        ? `people/${encodeURIComponent(id ?? '')}`
        : view === 'finding'
          ? `risk/${encodeURIComponent(id ?? '')}`
          : view === 'department'
            ? `departments/${encodeURIComponent(id ?? '')}`
            : PATHS[view];
  const search = new URLSearchParams();
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params ?? {});
  for (const [key, value] of entries) if (value) search.set(key, value);
  const query = search.toString();
  return `#/${path}${query ? `?${query}` : ''}`;
}
