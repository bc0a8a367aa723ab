/*
 * A cut-off ("top 10") never settles a tie by sort order: the rows past it that share the last figure shown are
 * counted and said.
 */

/**
 * The items a cut-off keeps, in their order (with two dimensions, `limit` for each first key), the last figure kept,
 * and how many more share it past the cut-off (one dimension only).
 */
export function cutAtLimit<T extends { keys: string[]; value: number }>(
  list: readonly T[],
  limit: number | undefined,
  dims: number,
): { kept: T[]; tiedOut: number; lastShown: number | null } {
  const kept: T[] = [];
  const shownPer = new Map<string, number>();
  let tiedOut = 0;
  let lastShown: number | null = null;
  for (const item of list) {
    const bucket = dims === 2 ? item.keys[0]! : '';
    const shown = shownPer.get(bucket) ?? 0;
    if (limit !== undefined && shown >= limit) {
      if (dims < 2 && item.value === lastShown) tiedOut += 1;
      continue;
    }
    shownPer.set(bucket, shown + 1);
    lastShown = item.value;
    kept.push(item);
  }
  return { kept, tiedOut, lastShown };
}

/**
 * "2 more are tied at 40 with the last one shown at the cut-off."; "At least 1 more are" when the read stopped one row
 * past the cut-off (a ranking), which tells a tie but not how many share it.
 */
export function tieNote(tie: number, value: number, atLeast: boolean): string {
  return `${atLeast ? 'At least ' : ''}${tie} more ${tie === 1 && !atLeast ? 'is' : 'are'} tied at ${value.toLocaleString('en-US')} with the last one shown at the cut-off.`;
}
