import { useCallback, useState } from 'react';

const KEY = 'observatory.navOpen';
/** Below this window width the navigation starts hidden, leaving the tables the whole tab. */
const WIDE_ENOUGH_PX = 1200;

function initial(): boolean {
  try {
    const saved = window.localStorage.getItem(KEY);
    if (saved === 'true' || saved === 'false') return saved === 'true';
  } catch {
    // Storage can be off (privacy settings, some Teams clients): fall back to the window's width.
  }
  return window.innerWidth >= WIDE_ENOUGH_PX;
}

/** Whether the left navigation shows; the user's choice is remembered in this browser. */
export function useNavOpen(): { open: boolean; toggle: () => void } {
  const [open, setOpen] = useState(initial);
  const toggle = useCallback(() => {
    setOpen((was) => {
      try {
        window.localStorage.setItem(KEY, String(!was));
      } catch {
        // Not remembered; the choice still holds until the tab reloads.
      }
      return !was;
    });
  }, []);
  return { open, toggle };
}
