/** The lists a detail page leads back to, each with the URL it falls back to. */
const LISTS = {
  activity: { key: 'observatory:lastActivityHash', fallback: '#/observability' },
  risk: { key: 'observatory:lastRiskHash', fallback: '#/risk' },
} as const;
type ListName = keyof typeof LISTS;

/** Remembers a list's URL (with its filters; the current one unless `hash` is given) so a detail page can lead back to exactly it. */
export function rememberListHash(list: ListName = 'activity', hash: string = window.location.hash): void {
  try {
    sessionStorage.setItem(LISTS[list].key, hash);
  } catch {
    // Storage can be blocked inside some frames; the back link then falls back to the plain list.
  }
}

/** The list's last URL, or the plain list. */
export function lastListHash(list: ListName = 'activity'): string {
  try {
    return sessionStorage.getItem(LISTS[list].key) ?? LISTS[list].fallback;
  } catch {
    return LISTS[list].fallback;
  }
}
