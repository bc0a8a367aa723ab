/**
 * Optional hook for free-form questions the deterministic parser does not understand: an implementation may ask an
 * LLM endpoint to translate the question into the same typed query. Off by default (none is configured in this
 * project, and nothing here opens a network connection); whatever it returns is validated with botQuerySchema
 * before use, exactly like a parsed question.
 */
export interface QuestionTranslator {
  /** A candidate query as plain JSON (validated by the caller), or null. */
  translate(question: string, context: { now: Date; departments: readonly string[] }): Promise<unknown>;
}
