import type { RuleMatch, Severity } from './types';

const RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

/**
 * Where two matches of one category overlap (secretlint and our own rule on one token, a JWT after "bearer", a
 * password inside a connection string), the more severe — then the longer — stays.
 */
export function withoutOverlaps<T extends RuleMatch>(matches: readonly T[]): T[] {
  const ordered = [...matches].sort(
    (a, b) => RANK[b.severity] - RANK[a.severity] || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: T[] = [];
  for (const m of ordered) {
    const clash = kept.some((k) => k.category === m.category && k.start < m.end && m.start < k.end);
    if (!clash) kept.push(m);
  }
  return kept.sort((a, b) => a.start - b.start);
}
