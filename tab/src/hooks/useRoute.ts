import { useSyncExternalStore } from 'react';
import { currentRoute, subscribeToRoute } from '../routing/navigation';
import type { Route } from '../routing/routes';

/** The view and filters in the URL hash; re-renders on every change. */
export function useRoute(): Route {
  return useSyncExternalStore(subscribeToRoute, currentRoute);
}
