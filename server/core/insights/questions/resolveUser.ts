import type { Document } from 'mongodb';
import type { Store } from '../../../store/Store';
import type { UserRef } from '../types';
import { toRef } from '../userDirectory';

/** How a name typed by an admin resolved against the directory. */
export type UserResolution =
  | { status: 'found'; user: UserRef }
  | { status: 'ambiguous'; candidates: UserRef[] }
  | { status: 'none'; suggestions: UserRef[] };

/** Most people offered on a "which one?" card. */
export const MAX_CANDIDATES = 5;

const PROJECTION = { userId: 1, displayName: 1, userPrincipalName: 1, mail: 1, department: 1 } as const;

interface NamedDoc extends Document {
  userId: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
  mail?: string | null;
  department?: string | null;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const words = (s: string | null | undefined) =>
  (s ?? '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/**
 * Finds who an admin means by a name: "alex" -> Alex Wilber. Every typed word must start a word of the person's
 * display name, UPN or mail; an exact name, UPN or mail wins outright. Several matches -> ambiguous (the bot
 * asks which one). No match -> up to five people whose names are within two typos, as suggestions. Reads the
 * users and directoryUsers records (profiles), never interactions.
 */
export async function resolveUser(store: Store, tenantId: string, text: string): Promise<UserResolution> {
  const typed = words(text).slice(0, 4);
  if (typed.length === 0) return { status: 'none', suggestions: [] };
  const exact = text.trim().toLowerCase();
  // Narrow with the longest typed word (a word-start regex), then check every word in memory.
  const anchor = [...typed].sort((a, b) => b.length - a.length)[0]!;
  const re = new RegExp(`(^|[^\\p{L}\\p{N}])${escape(anchor)}`, 'iu');
  const filter = { tenantId, $or: [{ displayName: re }, { userPrincipalName: re }, { mail: re }] };
  const found = await people(store, filter);
  const matches = found.filter((p) => {
    const own = [...words(p.displayName), ...words(p.userPrincipalName), ...words(p.mail)];
    return typed.every((t) => own.some((w) => w.startsWith(t)));
  });
  const exactMatch = matches.filter((p) =>
    [p.displayName, p.userPrincipalName, p.mail].some((v) => v?.toLowerCase() === exact),
  );
  if (exactMatch.length === 1) return { status: 'found', user: toRef(exactMatch[0]!) };
  if (matches.length === 1) return { status: 'found', user: toRef(matches[0]!) };
  if (matches.length > 1)
    return { status: 'ambiguous', candidates: byName(matches).slice(0, MAX_CANDIDATES).map(toRef) };
  return { status: 'none', suggestions: await nearNames(store, tenantId, typed) };
}

/** Active users first (they carry activity), then licensed users not yet active; one entry per user id. */
async function people(store: Store, filter: Document): Promise<NamedDoc[]> {
  const [active, licensed] = await Promise.all([
    store.users.find(filter, { projection: PROJECTION, limit: 200 }).toArray(),
    store.directoryUsers.find(filter, { projection: PROJECTION, limit: 200 }).toArray(),
  ]);
  const seen = new Map<string, NamedDoc>();
  for (const p of [...active, ...licensed] as NamedDoc[]) if (!seen.has(p.userId)) seen.set(p.userId, p);
  return [...seen.values()];
}

const byName = (list: NamedDoc[]) =>
  [...list].sort(
    (a, b) => (a.displayName ?? '').localeCompare(b.displayName ?? '') || a.userId.localeCompare(b.userId),
  );

/** People whose name words are each within two typos of the typed words ("alx wilbr" -> Alex Wilber). */
async function nearNames(store: Store, tenantId: string, typed: string[]): Promise<UserRef[]> {
  const all = await people(store, { tenantId });
  const scored: Array<{ p: NamedDoc; score: number }> = [];
  for (const p of all) {
    const own = words(p.displayName);
    let score = 0;
    for (const t of typed) {
      const best = Math.min(...own.map((w) => distance(t, w.slice(0, Math.max(t.length, 1)))), 9);
      score += best;
    }
    if (score <= Math.min(2, typed.length * 2) && score <= typed.join('').length / 3) scored.push({ p, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || (a.p.displayName ?? '').localeCompare(b.p.displayName ?? ''))
    .slice(0, MAX_CANDIDATES)
    .map((s) => toRef(s.p));
}

/** Levenshtein distance (small strings). */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}
