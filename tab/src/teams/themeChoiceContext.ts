import { createContext, useContext } from 'react';
import type { ThemeChoice } from './themes';

/** The active theme's name, for the few places that need it beside Fluent's tokens (chart colours). */
export const ThemeChoiceContext = createContext<ThemeChoice>('light');

/** Whether the tab is showing the dark theme. */
export function useIsDarkTheme(): boolean {
  return useContext(ThemeChoiceContext) === 'dark';
}
