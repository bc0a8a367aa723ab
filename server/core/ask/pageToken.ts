import { z } from 'zod';
import { askQuerySchema, type AskQuery } from './querySchema';

/** What a "next page" (or a "this one") button carries back: the query itself, never a server-side session. */
export interface PageState {
  q: AskQuery;
  page: number;
  question: string;
  /** Why the caller reads a person's prompts (given once, carried to the next pages); checked again when used. */
  reason?: string;
}

const tokenSchema = z
  .object({
    q: askQuerySchema,
    page: z.number().int().min(1).max(1000),
    question: z.string().max(500),
    reason: z.string().max(500).optional(),
  })
  .strict();

/** Longest token read: a query, a 500-character question and a 500-character reason, base64url of UTF-8. */
export const MAX_TOKEN_CHARS = 8000;

export function encodePageToken(state: PageState): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

/** Decodes and re-validates a token sent by a client; null if it is not one of ours. */
export function decodePageToken(token: unknown): PageState | null {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  try {
    const parsed = tokenSchema.safeParse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    // Not base64url JSON: a tampered or foreign token, answered like any unreadable input.
    return null;
  }
}
