import { AppError } from '../../errors';

/** Fewest characters a reason must have: enough for a ticket number or a few words, not a single key press. */
export const MIN_REASON_LENGTH = 5;
/** Most characters a reason may have: a sentence or two, not a document. */
export const MAX_REASON_LENGTH = 500;

/** A reason as kept: control characters (which would let it forge lines in an exported log) become spaces, trimmed. */
export function cleanReason(raw: string | undefined): string {
  return [...(raw ?? '')]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f ? ' ' : ch))
    .join('')
    .trim();
}

/** Whether a cleaned reason is within the rule (5–500 characters). */
export const reasonFits = (reason: string): boolean =>
  reason.length >= MIN_REASON_LENGTH && reason.length <= MAX_REASON_LENGTH;

/**
 * Why the caller reads someone's prompt or response text, cleaned and checked: a 400 `reason_required` when missing
 * or shorter than 5 characters (`ask` says what to do), a 400 `validation_failed` when over 500.
 */
export function requireReason(raw: string | undefined, ask: string): string {
  const reason = cleanReason(raw);
  if (reason.length < MIN_REASON_LENGTH)
    throw new AppError(
      'reason_required',
      `${ask} (at least ${MIN_REASON_LENGTH} characters): the reason is kept in the access log with your name.`,
      400,
    );
  if (reason.length > MAX_REASON_LENGTH)
    throw new AppError('validation_failed', `The reason is too long (${MAX_REASON_LENGTH} characters at most).`, 400);
  return reason;
}
