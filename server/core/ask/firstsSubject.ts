import type { AskQuery } from './querySchema';

/** One clause of a message as questionInContext reads it: as typed, as read, and what it was read as. */
interface Clause<Q> {
  clause: string;
  resolved: string;
  q: Q | null;
}

/** "which are high?", "and who has the most", "and which apps": a few words after who, which or what, no noun of their own. */
const SUBJECTLESS = /^(?:and\s+|also\s+)?(who|which|what)\b((?:\s+[\p{L}'-]+){1,4})\s*\??$/iu;
const VERB = /^\s*(?:are|is|were|was|have|has|had)\b/i;

/**
 * "How many findings are open and which are high?": a short clause that names no noun is read on the subject of the
 * clause before it, the findings ("which findings are high?", "who has the most findings"), so that it is answered
 * after the first on its terms rather than read into one question. Only a reading of the same kind as the first is
 * kept; the clause is left unread otherwise.
 */
export async function readOnFirstsSubject<Q extends Pick<AskQuery, 'type'>>(
  read: Array<Clause<Q>>,
  readOne: (text: string) => Promise<Q | null>,
): Promise<void> {
  for (const [i, c] of read.entries()) {
    const first = read.slice(0, i).find((x) => x.q !== null)?.q;
    const m = SUBJECTLESS.exec(c.clause.trim());
    // "who has the most" alone is a ranking of people by prompts: beside findings, it asks about the findings.
    if (!m || first?.type !== 'findings' || c.q?.type === first.type) continue;
    const [, wh, rest] = m as unknown as [string, string, string];
    const plain = c.clause
      .trim()
      .replace(/^(?:and|also)\s+/i, '')
      .replace(/\?$/, '');
    const who = wh.toLowerCase() === 'who';
    const tries = who
      ? [`${plain} findings`]
      : VERB.test(rest)
        ? [`${wh} findings${rest}`]
        : [`${plain} have findings`];
    for (const text of tries) {
      const q = await readOne(text);
      if (q?.type !== first.type) continue;
      read[i] = { ...c, resolved: `${text}?`, q };
      break;
    }
  }
}
