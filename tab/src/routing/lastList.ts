const KEY = 'observatory:lastActivityHash';

/** Remembers the feed's URL (with its filters) so the Conversation view can lead back to exactly it. */
export function rememberListHash(): void {
  try {
    sessionStorage.setItem(KEY, window.location.hash);
  } catch {
    // Storage can be blocked inside some frames; the back link then falls back to the plain feed.
  }
}

/** The feed's last URL, or the plain feed. */
export function lastListHash(): string {
  try {
    return sessionStorage.getItem(KEY) ?? '#/observability';
  } catch {
    return '#/observability';
  }
}
