import { z } from 'zod';

/**
 * The typed, validated query a question becomes. The parser builds it; page tokens and card buttons carry it
 * back, so everything arriving from a client is parsed with this schema again before it reaches the core.
 */

const MAX_RANGE_MS = 400 * 86_400_000;

export const rangeSchema = z
  .object({ from: z.coerce.date(), to: z.coerce.date(), label: z.string().max(80) })
  .strict()
  .refine((r) => r.from < r.to && r.to.getTime() - r.from.getTime() <= MAX_RANGE_MS, {
    message: 'a period must end after it starts and span at most 400 days',
  });

const appKey = z.string().regex(/^[a-z0-9][a-z0-9:-]{0,59}$/);
const department = z.string().min(1).max(80);
/** A person as asked about; `userId` is set once a name was resolved (or picked from a "which one?" card). */
const person = z
  .object({
    text: z.string().min(1).max(80),
    userId: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/)
      .optional(),
  })
  .strict();
const limit = z.number().int().min(1).max(50);

export const SOURCE_KINDS = ['any', 'file', 'site', 'meeting', 'email', 'web'] as const;

export const botQuerySchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('top_users'),
      limit,
      range: rangeSchema,
      appKey: appKey.optional(),
      department: department.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('app_usage'),
      metric: z.enum(['users', 'sessions', 'prompts', 'all']),
      range: rangeSchema,
      appKey: appKey.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('user_apps'), person, range: rangeSchema.optional() }).strict(),
  z.object({ kind: z.literal('user_prompts'), person, range: rangeSchema }).strict(),
  z
    .object({
      kind: z.literal('user_summary'),
      person,
      /** The question had nothing but a name in it: if nobody has that name, it was no question we know. */
      guessed: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('top_data_sources'),
      sourceKind: z.enum(SOURCE_KINDS),
      by: z.enum(['references', 'users']),
      appKey: appKey.optional(),
      limit,
    })
    .strict(),
  z.object({ kind: z.literal('licensed_inactive'), department: department.optional() }).strict(),
  z.object({ kind: z.literal('new_users'), range: rangeSchema, department: department.optional() }).strict(),
  z.object({ kind: z.literal('app_trend'), appKey: appKey.optional(), range: rangeSchema }).strict(),
  z.object({ kind: z.literal('busiest_hours'), appKey: appKey.optional(), range: rangeSchema }).strict(),
  z.object({ kind: z.literal('overview'), range: rangeSchema }).strict(),
  z
    .object({
      kind: z.literal('agents'),
      appKey: appKey.optional(),
      department: department.optional(),
      range: rangeSchema.optional(),
    })
    .strict(),
  z
    .object({ kind: z.literal('sessions'), appKey: appKey.optional(), person: person.optional(), range: rangeSchema })
    .strict(),
  z.object({ kind: z.literal('departments'), range: rangeSchema }).strict(),
  z.object({ kind: z.literal('sync_status') }).strict(),
  z.object({ kind: z.literal('risk_findings') }).strict(),
  /** A department the tenant does not have; `question` is the question with `{department}` in its place. */
  z
    .object({
      kind: z.literal('unknown_department'),
      department,
      question: z.string().min(1).max(500).includes('{department}'),
    })
    .strict(),
]);

export type BotQuery = z.infer<typeof botQuerySchema>;
export type BotQueryKind = BotQuery['kind'];
export type QueryOf<K extends BotQueryKind> = Extract<BotQuery, { kind: K }>;
export type PersonRef = z.infer<typeof person>;

export const botCommandSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('help') }),
  z.object({ command: z.literal('status') }),
  z.object({ command: z.literal('sync_now') }),
  z.object({ command: z.literal('subscribe') }),
  z.object({ command: z.literal('unsubscribe') }),
  z.object({
    command: z.literal('save_question'),
    name: z.string().min(1).max(80),
    question: z.string().min(1).max(500),
  }),
  z.object({ command: z.literal('list_saved') }),
  z.object({
    command: z.literal('run_saved'),
    name: z.string().max(80),
    /** Set by a card's Run button (the saved question's id). */
    id: z.string().max(24).optional(),
  }),
  z.object({ command: z.literal('delete_saved'), name: z.string().min(1).max(80) }),
]);

export type BotCommand = z.infer<typeof botCommandSchema>;

/** What a question turned into: a query for the insights layer, a command, or nothing we understood. */
export type ParseResult =
  | { type: 'query'; query: BotQuery }
  | { type: 'command'; command: BotCommand }
  | { type: 'unknown'; reason: 'empty' | 'too_long' | 'not_understood' };
