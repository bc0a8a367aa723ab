import { z } from 'zod';

const threshold = z
  .object({ op: z.enum(['gt', 'gte', 'lt', 'lte', 'eq']), value: z.number().int().min(0).max(1_000_000_000) })
  .strict();

/**
 * A condition on the people an answer counts ("who only uses Copilot Chat", "on at least 3 different days", "whose
 * usage dropped", "stopped after the first few weeks"): only the people meeting it are counted, and the
 * interpretation line says it (peopleConditions.ts reads it, executePeopleConditions.ts applies it).
 */
export const peopleConditionSchema = z
  .object({
    /** Every interaction of the person in the period is in the apps the answer is filtered on. */
    soleApp: z.literal(true).optional(),
    /** Active in every one of the apps the answer is filtered on ("in both Word and PowerPoint"), not in any one. */
    everyApp: z.literal(true).optional(),
    /** Not active in any of these apps in the period ("in Word but not Excel": Word filtered on, Excel here). */
    notApps: z.array(z.string().min(1).max(80)).min(1).max(12).optional(),
    /** Days with any Copilot activity in the period. */
    activeDays: threshold.optional(),
    /** Active on every day of the period (as far as the history is synced). */
    everyDay: z.literal(true).optional(),
    /** Rows kept whose figure fell (or rose) against the period before. */
    moved: z.enum(['fall', 'rise']).optional(),
    /** The figure shown per person is their days active in the period (with `measure: 'active_users'`, by person). */
    countDays: z.literal(true).optional(),
    /** Active in the first N days of the synced history and not in the N days up to the period's end. */
    lapsedDays: z.number().int().min(1).max(180).optional(),
    /** No activity (in the apps filtered on) in this period: "in October but not in November", "stopped using it". */
    quietIn: z
      .object({ from: z.coerce.date(), to: z.coerce.date(), label: z.string().max(80) })
      .strict()
      .refine((p) => p.from < p.to, { message: 'a period must end after it starts' })
      .optional(),
  })
  .strict();

export type PeopleCondition = z.infer<typeof peopleConditionSchema>;
