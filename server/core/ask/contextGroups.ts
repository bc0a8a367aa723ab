/**
 * A department named in a message's context and referred to in its question: "I run Engineering. Who on my team used
 * Copilot the most?", "We are reviewing the licences in Operations. How many of them used it?". The question is read
 * with the department in place of the words that referred to it, and the answer says so.
 */

/**
 * The departments of the tenant that the text names: as the directory spells them ("Support", "IT"), or in any case
 * beside a word that makes it a group ("the support team", "i run engineering"), so "contact support" is none.
 */
export function departmentsIn(text: string, departments: readonly string[]): string[] {
  return departments.filter((d) => {
    const name = d.trim();
    if (!name) return false;
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    const word = `(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`;
    if (new RegExp(word, 'u').test(text)) return true;
    return new RegExp(`${GROUP_BEFORE}${word}|${word}${GROUP_AFTER}`, 'iu').test(text);
  });
}

const GROUP_BEFORE = String.raw`\b(?:run|runs|lead|leads|manage|manages|head|heads|head of)\s+(?:the\s+)?`;
const GROUP_AFTER = String.raw`\s+(?:team|teams|department|dept|org|group|division|folks|people|staff|users|here)\b`;

const GROUP = String.raw`(?:my|our)\s+(?:own\s+)?(?:team|people|reports|direct reports|staff|department|dept|org|group|reps|folks|users|employees)`;
const THEM = String.raw`(?:them|those people|these people|those users|these users|those folks)`;

/** Longest first: "how many of them" before "of them" before "them". */
const REFERENCES: readonly [RegExp, (d: string) => string][] = [
  [new RegExp(String.raw`\bhow many (?:of|among) (?:${THEM}|${GROUP})`, 'i'), (d) => `how many ${d} users`],
  [new RegExp(String.raw`\b(?:which|who) (?:of|among|in|on) (?:${THEM}|${GROUP})`, 'i'), (d) => `who in ${d}`],
  [new RegExp(String.raw`\b(?:on|in|of|from|across|among|within)\s+(?:${THEM}|${GROUP})`, 'i'), (d) => `in ${d}`],
  [new RegExp(String.raw`\b(?:${GROUP}|${THEM}|they|their people|their users|their staff)`, 'i'), (d) => d],
];

/**
 * The question with the one department the context named in place of "my team", "them", "they", "those people",
 * "of them"…, and the words it replaced; null when the context names no department, several, or the question
 * refers to none.
 */
export function departmentReference(
  clause: string,
  named: readonly string[],
): { resolved: string; pronoun: string; name: string } | null {
  if (named.length !== 1) return null;
  const department = named[0]!;
  for (const [pattern, replace] of REFERENCES) {
    const found = pattern.exec(clause);
    if (!found) continue;
    const words = found[0].replace(
      /^(?:how many|which|who|on|in|of|from|across|among|within)\s+(?:of\s+|among\s+|in\s+|on\s+)?/i,
      '',
    );
    return {
      resolved: `${clause.slice(0, found.index)}${replace(department)}${clause.slice(found.index + found[0].length)}`,
      pronoun: words.toLowerCase().slice(0, 40),
      name: department,
    };
  }
  return null;
}
