import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Opaque `$skiptoken` values. Interaction tokens look like Graph's (base64 of
 * `SkipValue=<n>#MailboxFolder=MailFolders/TeamsMessagesData`) plus a short check that binds them to their
 * listing, so a tampered or borrowed token is refused with 400 instead of silently skipping data.
 */
export class SkipTokenError extends Error {
  constructor() {
    super('The $skiptoken value is not valid for this request.');
    this.name = 'SkipTokenError';
  }
}

function check(key: string, scope: string, offset: number): string {
  return createHmac('sha256', key).update(`${scope}|${offset}`).digest('base64url').slice(0, 12);
}

function sameCheck(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Token for the interaction listing identified by `scope` (user + filter), resuming at `offset`. */
export function encodeInteractionSkipToken(key: string, scope: string, offset: number): string {
  const text = `SkipValue=${offset}#MailboxFolder=MailFolders/TeamsMessagesData#Check=${check(key, scope, offset)}`;
  return Buffer.from(text, 'utf8').toString('base64');
}

/** The offset in an interaction token, or SkipTokenError when it is not this listing's. */
export function decodeInteractionSkipToken(key: string, scope: string, token: string): number {
  const text = Buffer.from(token, 'base64').toString('utf8');
  const match = /^SkipValue=(\d{1,9})#MailboxFolder=MailFolders\/TeamsMessagesData#Check=([\w-]{12})$/.exec(text);
  if (!match) throw new SkipTokenError();
  const offset = Number(match[1]);
  if (!sameCheck(match[2] as string, check(key, scope, offset))) throw new SkipTokenError();
  return offset;
}

/** Token for the users listing identified by `scope` (filter), resuming at `offset` (directory-style opaque text). */
export function encodeUserSkipToken(key: string, scope: string, offset: number): string {
  return Buffer.from(`DSpt:v1:${offset}:${check(key, `users|${scope}`, offset)}`, 'utf8').toString('base64url');
}

/** The offset in a users token, or SkipTokenError when it is not this listing's. */
export function decodeUserSkipToken(key: string, scope: string, token: string): number {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const match = /^DSpt:v1:(\d{1,9}):([\w-]{12})$/.exec(text);
  if (!match) throw new SkipTokenError();
  const offset = Number(match[1]);
  if (!sameCheck(match[2] as string, check(key, `users|${scope}`, offset))) throw new SkipTokenError();
  return offset;
}
