/**
 * The Copilot apps an agent can belong to, keyed by Graph's `appClass`
 * (`IPM.SkypeTeams.Message.Copilot.<App>`, compared case-insensitively — Graph spells PowerPoint both ways).
 * An appClass outside the catalogue is kept as its own app, marked unrecognised, never dropped.
 */
export interface CopilotApp {
  /** Stable key stored with every record: `word`, `m365chat`, or `other:<suffix>` for unrecognised apps (no dots: it is used as a field name). */
  key: string;
  /** What admins see. */
  displayName: string;
  /** Whether the appClass is one of the 12 catalogued Copilot apps. */
  known: boolean;
}

const PREFIX = 'ipm.skypeteams.message.copilot.';

const KNOWN: ReadonlyArray<{ suffix: string; key: string; displayName: string }> = [
  { suffix: 'bizchat', key: 'm365chat', displayName: 'Microsoft 365 Chat' },
  { suffix: 'teams', key: 'teams', displayName: 'Teams' },
  { suffix: 'word', key: 'word', displayName: 'Word' },
  { suffix: 'excel', key: 'excel', displayName: 'Excel' },
  { suffix: 'outlook', key: 'outlook', displayName: 'Outlook' },
  { suffix: 'powerpoint', key: 'powerpoint', displayName: 'PowerPoint' },
  { suffix: 'onenote', key: 'onenote', displayName: 'OneNote' },
  { suffix: 'loop', key: 'loop', displayName: 'Loop' },
  { suffix: 'planner', key: 'planner', displayName: 'Planner' },
  { suffix: 'whiteboard', key: 'whiteboard', displayName: 'Whiteboard' },
  { suffix: 'forms', key: 'forms', displayName: 'Forms' },
  { suffix: 'stream', key: 'stream', displayName: 'Stream' },
];

const BY_SUFFIX = new Map(KNOWN.map((app) => [app.suffix, app]));

/** The 12 catalogued apps, in display order. */
export const COPILOT_APPS: readonly CopilotApp[] = KNOWN.map(({ key, displayName }) => ({
  key,
  displayName,
  known: true,
}));

/** Maps a Graph appClass to its app; unknown classes become `other:<suffix>` shown by their own name. */
export function resolveApp(appClass: string): CopilotApp {
  const lower = appClass.trim().toLowerCase();
  const suffix = lower.startsWith(PREFIX) ? lower.slice(PREFIX.length) : lower;
  const known = BY_SUFFIX.get(suffix);
  if (known) return { key: known.key, displayName: known.displayName, known: true };
  const original = appClass.trim();
  const shown = lower.startsWith(PREFIX) ? original.slice(PREFIX.length) : original;
  return {
    key: `other:${suffix.replace(/[^a-z0-9]+/g, '-') || 'unspecified'}`,
    displayName: `${shown || 'Unspecified'} (unrecognised)`,
    known: false,
  };
}
