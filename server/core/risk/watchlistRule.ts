import type { RuleMatch, ScanContext, ScanField, TextRule, WatchlistEntry } from './types';

const compiled = new WeakMap<WatchlistEntry, RegExp | null>();

/** A keyword matches as whole words in any case; a regex entry as written (case-insensitive). */
export function watchlistPattern(entry: WatchlistEntry): RegExp | null {
  // Stryker disable next-line ConditionalExpression: without the cache each scan compiles the same pattern again (speed only)
  if (compiled.has(entry)) return compiled.get(entry) ?? null;
  let pattern: RegExp | null;
  try {
    const source = entry.regex
      ? entry.pattern
      : `(?<![\\p{L}\\p{N}])${entry.pattern
          .trim()
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          .replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`;
    pattern = new RegExp(source, 'giu');
  } catch {
    // Entries are validated when saved; one that no longer compiles matches nothing rather than stopping a scan.
    pattern = null;
  }
  compiled.set(entry, pattern);
  return pattern;
}

/** Admin-defined keywords and expressions (project code names, "layoffs"): one match per entry and field. */
export const watchlistRule: TextRule = (field: ScanField, ctx: ScanContext): RuleMatch[] => {
  if (field.kind === 'url') return [];
  const out: RuleMatch[] = [];
  for (const entry of ctx.watchlist) {
    const pattern = watchlistPattern(entry);
    if (!pattern) continue;
    pattern.lastIndex = 0;
    const m = pattern.exec(field.text);
    if (!m || m[0].length === 0) continue;
    out.push({
      rule: `watchlist/${entry.id}`,
      category: 'watchlist',
      severity: entry.severity,
      confidence: 'high',
      type: `Watch-list: ${entry.name}`,
      start: m.index,
      end: m.index + m[0].length,
      value: m[0],
      masked: m[0].length > 80 ? `${m[0].slice(0, 77)}…` : m[0],
      redact: false,
    });
  }
  return out;
};
