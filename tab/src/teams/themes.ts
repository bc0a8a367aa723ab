import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, type Theme } from '@fluentui/react-components';
import type { TeamsThemeName } from './teamsHost';

/** Our names for the three themes (also the `?theme=` values outside Teams). */
export type ThemeChoice = 'light' | 'dark' | 'contrast';

export const THEMES: Record<ThemeChoice, Theme> = {
  light: teamsLightTheme,
  dark: teamsDarkTheme,
  contrast: teamsHighContrastTheme,
};

/** Teams calls light 'default'. */
export function fromTeamsTheme(theme: TeamsThemeName): ThemeChoice {
  return theme === 'default' ? 'light' : theme;
}

export function isThemeChoice(value: string | null): value is ThemeChoice {
  return value === 'light' || value === 'dark' || value === 'contrast';
}
