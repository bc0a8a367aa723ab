import { formatHash, parseHash, type Route, type ViewId } from './routes';

// history.replaceState fires no event of its own; this one tells the route hook to re-read the hash.
const ROUTE_EVENT = 'observatory:route';

let cached: { hash: string; route: Route } | null = null;

/** The current route (the same object until the hash changes, as useSyncExternalStore requires). */
export function currentRoute(): Route {
  const hash = window.location.hash;
  if (!cached || cached.hash !== hash) cached = { hash, route: parseHash(hash) };
  return cached.route;
}

/** Subscribes to route changes (links, back/forward, navigate, replaceParams). */
export function subscribeToRoute(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  window.addEventListener('popstate', onChange);
  window.addEventListener(ROUTE_EVENT, onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(ROUTE_EVENT, onChange);
  };
}

/** Goes to another view (a new history entry). */
export function navigate(view: ViewId, params?: Record<string, string | undefined>, id?: string): void {
  window.location.hash = formatHash(view, params, id);
}

/** Changes the current view's filters in place (no history entry per keystroke), so the URL is always shareable. */
export function replaceParams(updates: Record<string, string | undefined>): void {
  const route = currentRoute();
  const params = new URLSearchParams(route.params);
  for (const [key, value] of Object.entries(updates)) {
    if (value) params.set(key, value);
    else params.delete(key);
  }
  const hash = formatHash(route.view, params, route.id ?? undefined);
  if (hash === window.location.hash) return;
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}${hash}`);
  window.dispatchEvent(new Event(ROUTE_EVENT));
}
