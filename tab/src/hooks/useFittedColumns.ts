import { useCallback, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { fitColumns, type ColumnFit, type FittableColumn } from '../components/columnFit';

export interface FittedColumns extends ColumnFit {
  /** Shows or hides a column whatever the width (the column chooser). */
  setShown: (id: string, shown: boolean) => void;
}

/**
 * Which columns fit the measured width of `container`: every priority-1 column, then the others by priority and
 * declared order while they fit. The user's choices (column chooser) override the fit.
 */
export function useFittedColumns(
  container: RefObject<HTMLElement | null>,
  columns: readonly FittableColumn[],
): FittedColumns {
  const [width, setWidth] = useState<number | null>(null);
  const [choices, setChoices] = useState<Record<string, boolean>>({});
  const observed = useRef<ResizeObserver | null>(null);

  useLayoutEffect(() => {
    const element = container.current;
    if (!element) return;
    setWidth(element.clientWidth);
    observed.current = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observed.current.observe(element);
    return () => observed.current?.disconnect();
  }, [container]);

  const fit = useMemo(() => fitColumns(columns, width, choices), [columns, width, choices]);
  const setShown = useCallback((id: string, shown: boolean) => setChoices((c) => ({ ...c, [id]: shown })), []);
  return { ...fit, setShown };
}
