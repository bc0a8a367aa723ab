import type { AskQuery } from './querySchema';

/**
 * "List licensed users with no activity, with their departments", "who stopped using Copilot, and their department",
 * "which licence holders have not used it, show department": each person's department is a column of the list of
 * people (every such list has one), not a breakdown into one count per department.
 */
const COLUMN = new RegExp(
  String.raw`\s*[,;-]?\s*\b(?:(?:with|and|plus|including|incl\.?|along\s+with|showing|show(?:ing)?\s+me)\s+(?:their|his|her|each\s+(?:one|person|user)'?s|the(?:ir)?\s+respective)\s+|(?:show(?:ing)?|incl(?:uding|\.)?|with)\s+(?:the\s+)?)(?:departments?|depts?)(?:\s+(?:column|names?|too|as\s+well))?\b`,
  'iu',
);

/** The question without its department-column words, or null when it has none. */
export function withoutDepartmentColumn(text: string): string | null {
  // COLUMN ends in "department(s)" or "dept(s)": without "dep" there is nothing to try.
  if (!/dep/i.test(text)) return null;
  const m = COLUMN.exec(text);
  return m ? `${text.slice(0, m.index)} ${text.slice(m.index + m[0].length)}`.replace(/\s+/g, ' ').trim() : null;
}

const HOLDER_LISTS = new Set(['licensed_inactive', 'licensed_users', 'new_users']);

/** Whether an answer lists people one per row (a column of departments beside them is then already there). */
export function listsPeople(q: AskQuery): boolean {
  if (q.type === 'list') return false;
  if (q.type !== 'measure') return false;
  return (q.by.length === 1 && q.by[0] === 'user') || (HOLDER_LISTS.has(q.measure) && q.by.length === 0);
}
