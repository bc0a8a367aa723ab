import { useCallback, useEffect, useState } from 'react';
import type { Theme } from '@fluentui/react-components';
import { connectToTeams, onTeamsThemeChange } from '../teams/teamsHost';
import { fromTeamsTheme, isThemeChoice, THEMES, type ThemeChoice } from '../teams/themes';

export interface AppTheme {
  theme: Theme;
  choice: ThemeChoice;
  /** null until teams-js has answered (or timed out). */
  inTeams: boolean | null;
  /** Outside Teams only: pick a theme (kept in `?theme=` so a reload keeps it). */
  choose: (choice: ThemeChoice) => void;
}

const darkQuery = '(prefers-color-scheme: dark)';
const contrastQuery = '(forced-colors: active)';

/** `?theme=` if given, else the browser's colour-scheme preference. */
function browserChoice(): { choice: ThemeChoice; explicit: boolean } {
  const param = new URLSearchParams(window.location.search).get('theme');
  if (isThemeChoice(param)) return { choice: param, explicit: true };
  if (window.matchMedia(contrastQuery).matches) return { choice: 'contrast', explicit: false };
  return { choice: window.matchMedia(darkQuery).matches ? 'dark' : 'light', explicit: false };
}

/** Inside Teams the theme follows Teams live; in a browser it follows `?theme=`, the OS setting, or the user's pick. */
export function useAppTheme(): AppTheme {
  const [state, setState] = useState(() => ({ ...browserChoice(), inTeams: null as boolean | null }));

  useEffect(() => {
    let active = true;
    void connectToTeams().then((host) => {
      if (!active) return;
      if (host.inTeams && host.theme) {
        setState({ choice: fromTeamsTheme(host.theme), explicit: true, inTeams: true });
        onTeamsThemeChange((theme) => setState((s) => ({ ...s, choice: fromTeamsTheme(theme) })));
      } else {
        setState((s) => ({ ...s, inTeams: false }));
      }
    });
    return () => {
      active = false;
    };
  }, []);

  // Follow the OS setting live until the user picks a theme (never inside Teams).
  useEffect(() => {
    if (state.explicit || state.inTeams) return;
    const queries = [window.matchMedia(darkQuery), window.matchMedia(contrastQuery)];
    const update = (): void => setState((s) => (s.explicit ? s : { ...s, ...browserChoice() }));
    queries.forEach((q) => q.addEventListener('change', update));
    return () => queries.forEach((q) => q.removeEventListener('change', update));
  }, [state.explicit, state.inTeams]);

  const choose = useCallback((choice: ThemeChoice) => {
    const search = new URLSearchParams(window.location.search);
    search.set('theme', choice);
    const url = `${window.location.pathname}?${search.toString()}${window.location.hash}`;
    window.history.replaceState(window.history.state, '', url);
    setState((s) => ({ ...s, choice, explicit: true }));
  }, []);

  return { theme: THEMES[state.choice], choice: state.choice, inTeams: state.inTeams, choose };
}
