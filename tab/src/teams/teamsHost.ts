import { app, authentication } from '@microsoft/teams-js';
import { withTimeout } from './withTimeout';

/** Teams' own theme names (app.getContext().app.theme and the theme-change handler). */
export type TeamsThemeName = 'default' | 'dark' | 'contrast';

export interface TeamsHostInfo {
  inTeams: boolean;
  /** The theme Teams reported at start-up; null outside Teams. */
  theme: TeamsThemeName | null;
  /** Where Teams shows this frame: 'content' for a tab, 'settings' for a channel tab's configuration dialog. */
  frameContext: string | null;
}

const INIT_TIMEOUT_MS = 3000;
const TOKEN_TIMEOUT_MS = 10_000;

let connection: Promise<TeamsHostInfo> | null = null;

/**
 * Initialises teams-js once. Outside Teams `app.initialize()` rejects at once (no parent window); inside an
 * iframe that is not Teams it may never answer, hence the timeout. Never throws.
 */
export function connectToTeams(): Promise<TeamsHostInfo> {
  connection ??= withTimeout(
    app.initialize().then(
      () => true,
      () => false,
    ),
    INIT_TIMEOUT_MS,
    () => false,
  ).then(async (inTeams): Promise<TeamsHostInfo> => {
    if (!inTeams) return { inTeams: false, theme: null, frameContext: null };
    const context = await withTimeout(app.getContext(), INIT_TIMEOUT_MS, () => null).catch(() => null);
    return { inTeams: true, theme: toThemeName(context?.app.theme), frameContext: context?.page.frameContext ?? null };
  });
  return connection;
}

/** Calls `handler` whenever the user changes the Teams theme (only once connected inside Teams). */
export function onTeamsThemeChange(handler: (theme: TeamsThemeName) => void): void {
  app.registerOnThemeChangeHandler((theme) => handler(toThemeName(theme)));
}

/** The Teams SSO token for our API, or null outside Teams. Rejects when Teams refuses (consent, resource errors). */
export async function getTeamsToken(): Promise<string | null> {
  const host = await connectToTeams();
  if (!host.inTeams) return null;
  return withTimeout(authentication.getAuthToken(), TOKEN_TIMEOUT_MS, () => {
    throw new Error('Teams did not hand out a sign-in token in time.');
  });
}

function toThemeName(theme: string | undefined): TeamsThemeName {
  return theme === 'dark' || theme === 'contrast' ? theme : 'default';
}
