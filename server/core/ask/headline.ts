/**
 * The leader a ranking's headline names, with every row tied with it: "busiest hour" when 14:00 and 22:00 share the
 * top figure names both, never one picked by sort order (issue 10: ties are said). Rows tied beyond a cut-off
 * (`more`) are counted, as the cut-off note counts them.
 */
export function leadersOf<R extends { value?: unknown }>(body: readonly R[], lead: R): R[] {
  return body.filter((row) => Number(row.value) === Number(lead.value));
}

/** "14:00 and 22:00", "Ada, Ben, Cy and 2 more": the tied leaders' names, at most four spelled out. */
export function namesOfLeaders(names: readonly string[], more = 0): string {
  const shown = names.length > 4 ? names.slice(0, 3) : [...names];
  const others = names.length - shown.length + more;
  if (others > 0) return `${shown.join(', ')} and ${others} more`;
  return shown.length < 2 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}
