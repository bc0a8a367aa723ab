import { isTimeZone } from './timeZone';
import { RATIO_MEASURES } from './ratio';
import { z } from 'zod';
import { RISK_CATEGORIES, SEVERITIES, type RiskCategory, type Severity } from '../risk/types';
import { peopleConditionSchema } from './peopleConditionSchema';

/**
 * The compositional query a question becomes: a measure, optionally grouped by one or two dimensions, filtered,
 * over a period, ordered and cut, optionally compared; list intents (one person's prompts, sessions or profile) and
 * system intents beside it; and the replies that are not answers (ask back, decline). Page tokens and card buttons
 * carry queries back, so everything arriving from a client is parsed with this schema again.
 */

export const MEASURES = [
  'active_users',
  'prompts',
  'responses',
  'sessions',
  'interactions',
  'agents',
  'references',
  'source_users',
  'licensed_inactive',
  'licensed_users',
  'new_users',
  'adoption',
] as const;
export type Measure = (typeof MEASURES)[number];

export const DIMENSIONS = [
  'user',
  'app',
  /** One person in one app (the tab's Agents inventory): "which agents are used most". */
  'agent',
  'department',
  'source',
  'site',
  'kind',
  'day',
  'week',
  'month',
  'hour',
  'weekday',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const TIME_DIMENSIONS: readonly Dimension[] = ['day', 'week', 'month', 'hour', 'weekday'];

export const SOURCE_KINDS = ['file', 'site', 'meeting', 'email', 'web', 'chat'] as const;

const MAX_RANGE_MS = 400 * 86_400_000;

export const periodSchema = z
  .object({
    from: z.coerce.date(),
    to: z.coerce.date(),
    label: z.string().max(80),
    default: z.boolean().optional(),
    rolling: z.boolean().optional(),
    all: z.boolean().optional(),
  })
  .strict()
  .refine((r) => r.from < r.to && r.to.getTime() - r.from.getTime() <= MAX_RANGE_MS, {
    message: 'a period must end after it starts and span at most 400 days',
  });

const appKey = z.string().regex(/^[a-z0-9][a-z0-9:-]{0,59}$/);
const department = z.string().min(1).max(80);
/** A person the directory resolved (by name, or picked from a "which one?" card). */
export const personSchema = z
  .object({
    userId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
    name: z.string().min(1).max(120),
  })
  .strict();

/** Words of the message taken as context around its question (a ticket's description), said, never silent. */
/** Words read as one of the engine's own despite a slip ("monht" as "month"), said in the interpretation line. */
const spelledNote = z
  .array(z.object({ typed: z.string().max(40), read: z.string().max(40) }).strict())
  .max(8)
  .optional();

const contextNote = z
  .object({
    text: z.string().max(200),
    pronoun: z.string().max(40).optional(),
    person: z.string().max(120).optional(),
    /** Further questions of the same message, not answered by this answer: said, each to be asked on its own. */
    unanswered: z.array(z.string().max(200)).max(3).optional(),
  })
  .strict()
  .optional();

/** Words set aside because they do not change the figures ("roughly", "kindly", "quickly"), said in the line. */
const asideNote = z.array(z.string().max(30)).max(6).optional();

export const HOSTS = ['sharepoint', 'onedrive', 'sharepoint_only'] as const;

/**
 * A named source (`key`: its stored key) or site (`key`: the address prefix every key of the site starts with,
 * `url:https://<host>/sites/<Name>`), with its name as the interpretation shows it.
 */
export const namedSourceSchema = z
  .object({
    /** `match`: every source whose name holds `key` (lowercased words: "files with 'Policy' in the name"). */
    of: z.enum(['source', 'site', 'match']),
    /** A source's or site's key, or the words a name holds (`match`: "HR", "tax"). */
    key: z.string().min(2).max(2000),
    name: z.string().min(1).max(200),
  })
  .strict();

/**
 * Hours of the day and days of the week (0 = Monday) in `zone`: `hours.from` to `hours.to` (exclusive; across midnight
 * when from > to); `outside`: everything but those hours on those days ("after hours").
 */
const clockSchema = z
  .object({
    hours: z
      .object({ from: z.number().int().min(0).max(23), to: z.number().int().min(1).max(24) })
      .strict()
      .optional(),
    weekdays: z.array(z.number().int().min(0).max(6)).min(1).max(7).optional(),
    outside: z.boolean(),
    /** The part of the day named ("morning", "weeknight"), said beside its hours. */
    part: z
      .enum(['early morning', 'morning', 'lunchtime', 'afternoon', 'evening', 'late night', 'weeknight'])
      .optional(),
    // Page tokens come back from clients: a zone no clock knows would throw where hours are read.
    zone: z.string().min(1).max(64).refine(isTimeZone),
  })
  .strict();
export type Clock = z.infer<typeof clockSchema>;

export const filtersSchema = z
  .object({
    apps: z.array(appKey).max(12).default([]),
    departments: z.array(department).max(12).default([]),
    people: z.array(personSchema).max(10).default([]),
    sourceKind: z.enum(SOURCE_KINDS).optional(),
    /**
     * Where the sources are stored, by their addresses' host: `sharepoint` SharePoint and OneDrive, `onedrive` OneDrive
     * only (`<tenant>-my.sharepoint.com`), `sharepoint_only` SharePoint sites without OneDrive.
     */
    host: z.enum(HOSTS).optional(),
    /** One named data source, or one site (every source under its address), read from the tenant's own sources. */
    source: namedSourceSchema.optional(),
    /** `others`: only OneDrive files referenced by someone other than the OneDrive's owner (named in its address). */
    owner: z.enum(['others']).optional(),
    /** Only what happened in these hours or on these days ("between midnight and 5am UTC", "on weekends"). */
    clock: clockSchema.optional(),
    /** Left out ("excluding IT", "not in Teams"): every other app, and everyone but these departments' members. */
    exclude: z
      .object({ apps: z.array(appKey).max(12).default([]), departments: z.array(department).max(12).default([]) })
      .strict()
      .optional(),
  })
  .strict();

const measureQuery = z
  .object({
    type: z.literal('measure'),
    measure: z.enum(MEASURES),
    /** "Prompts and sessions by app": the other measures asked beside `measure`, over the same rows and period. */
    also: z.array(z.enum(MEASURES)).min(1).max(3).optional(),
    by: z.array(z.enum(DIMENSIONS)).max(2).default([]),
    filters: filtersSchema,
    period: periodSchema,
    /** `natural`: time dimensions in time order, anything else largest first. */
    order: z.enum(['desc', 'asc', 'natural']).default('natural'),
    limit: z.number().int().min(1).max(100).optional(),
    /**
     * "Who used Copilot in Excel most recently": with `by: ['user']`, people ordered by their last use (in the apps
     * asked) since the period began, latest first, each with it — not by a figure.
     */
    recent: z.literal(true).optional(),
    /** "List every data source Lynne touched": every row, paged, not the top 10 a breakdown by people, agents, sources or sites shows. */
    all: z.boolean().optional(),
    /** `previous`: beside the period before, of the same length; `values`: the filter's values side by side. */
    compare: z.enum(['previous', 'values']).optional(),
    /**
     * "Which app had the biggest drop": with `compare: 'previous'`, rows in the order of their change against the
     * period before — the biggest fall, rise or change (either way) first; `order: 'asc'` the smallest first.
     */
    changeOrder: z.enum(['fall', 'rise', 'size']).optional(),
    /** "What share of prompts come from Word": each row's share of the answer's total, beside its figure. */
    share: z.boolean().optional(),
    /**
     * "What share of prompts went to Copilot Chat": with `share`, the named apps' (or departments') figure over the same
     * figure without that filter, both shown, rather than a breakdown of the whole.
     */
    shareOf: z.enum(['app', 'department']).optional(),
    /** "Average prompts per person": the figure divided by the active users of each row. */
    perPerson: z.boolean().optional(),
    /** "Prompts per session": the figure divided by another measure over the same filters, period and rows. */
    per: z.enum(RATIO_MEASURES).optional(),
    /** "Prompts per licensed user": with perPerson, each row's figure over its licence holders, not its active users. */
    perLicensed: z.boolean().optional(),
    /** "Average sessions per day last month": the series by day (or week) and its mean over the period's days. */
    mean: z.boolean().optional(),
    /** "Median prompts per user": the mean is what is computed, and the line says the median is not. */
    medianAsked: z.boolean().optional(),
    /**
     * "How many used Forms in November, and which ones?": the people of a count asked with their names; every person
     * is listed and the summary says how many there are and the total of the first part's measure.
     */
    namesToo: z.boolean().optional(),
    /** The period compared against when the question named one ("this month vs last month"). */
    against: periodSchema.optional(),
    /**
     * "Marketing adoption vs the company average", "IT vs the rest of the company": the named departments' figure
     * beside the same figure for the whole tenant (`whole`) or for everyone outside them (`rest`); "how does Diego
     * compare to the rest of his department": the one person's beside the others of their department (`department_rest`).
     */
    versus: z.enum(['whole', 'rest', 'department_rest']).optional(),
    /** "Usage during work hours vs after hours": with a clock filter, the figure inside its hours and outside them. */
    clockSides: z.boolean().optional(),
    /** Names set beside a person compared that nobody in the directory has ("compare adele and megan"), said. */
    unmatched: z.array(z.string().max(60)).max(3).optional(),
    /** The rest of the message read as context ("user reports Copilot not working in Excel."), and whom "him" meant. */
    context: contextNote,
    spelled: spelledNote,
    aside: asideNote,
    /** "Active users with fewer than 5 prompts": only people with activity in the period, never licence holders at 0. */
    activeOnly: z.literal(true).optional(),
    /** A condition on each row's figure ("people with more than 3 apps"): rows that do not meet it are left out. */
    having: z
      .object({
        op: z.enum(['gt', 'gte', 'lt', 'lte', 'eq']),
        value: z.number().int().min(0).max(1_000_000_000),
        /** "Users with between 5 and 10 prompts": with `gte`, the figure is also at most this. */
        upTo: z.number().int().min(0).max(1_000_000_000).optional(),
        /** "Prompts by department, only departments with more than 5 active users": the measure the condition counts. */
        of: z.enum(MEASURES).optional(),
        /** The rows (one of `by`) that condition is on. */
        per: z.enum(DIMENSIONS).optional(),
      })
      .strict()
      .optional(),
    /** A condition on the people counted ("who only uses Teams", "on at least 3 different days"). */
    who: peopleConditionSchema.optional(),
    /** "How many different documents": distinct data sources (or their sites) counted, not references to them. */
    distinct: z.enum(['sources', 'sites']).optional(),
    /** "Cost per active user": money asked; the adoption figures to divide a price by, saying no price is known. */
    priced: z.boolean().optional(),
    /** Licence holders kept by a condition ("only tried it once"): what each holder's condition counts. */
    holderCount: z.enum(['prompts', 'responses', 'interactions']).optional(),
    /** "Who accessed Budget.xlsx and when": each reference to the named source listed (when, who, app), not counted. */
    each: z.literal(true).optional(),
  })
  .strict();

const listQuery = z
  .object({
    type: z.literal('list'),
    list: z.enum(['prompts', 'sessions', 'profile']),
    person: personSchema,
    apps: z.array(appKey).max(12).default([]),
    period: periodSchema.optional(),
    limit: z.number().int().min(1).max(100).optional(),
    context: contextNote,
    spelled: spelledNote,
    aside: asideNote,
  })
  .strict();

/** Narrower kinds of finding an admin asks about by name ("passwords", "card numbers"), each a set of rules. */
export const FINDING_KINDS = [
  'password',
  'api_key',
  'private_key',
  'connection_string',
  'token',
  'card_number',
  'iban',
  'ssn',
  'national_id',
  'phone_number',
  'personal_email',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const FINDING_DIMENSIONS = ['category', 'severity', 'status', 'rule', 'user', 'app', 'department', 'day', 'week', 'month'] as const; // prettier-ignore
export type FindingDimension = (typeof FINDING_DIMENSIONS)[number];

export const FINDING_SHARES = ['rows', 'category', 'severity', 'status', 'source', 'app', 'department'] as const;
export type FindingShare = (typeof FINDING_SHARES)[number];

const FINDING_STATUS_VALUES = ['open', 'investigating', 'resolved', 'dismissed', 'false_positive'] as const;

/**
 * Risk findings: listed (masked evidence, newest first) or counted (findings, or the distinct people they concern),
 * optionally grouped by one or two dimensions, narrowed by category, kind, severity, status, where the text came from (the
 * user's prompt or Copilot's response), app, department, person, and the period of the interaction.
 */
const findingsQuery = z
  .object({
    type: z.literal('findings'),
    show: z.enum(['list', 'count']),
    /** What a count counts: findings, or the distinct people they concern. */
    counted: z.enum(['findings', 'people']).default('findings'),
    by: z.array(z.enum(FINDING_DIMENSIONS)).max(2).default([]),
    /**
     * A share of the findings: each row's of the whole (`rows`), or the findings of the filter named last ("what
     * percentage of findings are secrets": `category`) out of the same findings without that filter.
     */
    share: z.enum(FINDING_SHARES).optional(),
    categories: z
      .array(z.enum(RISK_CATEGORIES as readonly RiskCategory[] as [RiskCategory, ...RiskCategory[]]))
      .max(8)
      .default([]),
    kinds: z.array(z.enum(FINDING_KINDS)).max(11).default([]),
    severities: z
      .array(z.enum(SEVERITIES as readonly Severity[] as [Severity, ...Severity[]]))
      .max(3)
      .default([]),
    statuses: z.array(z.enum(FINDING_STATUS_VALUES)).max(5).default([]),
    source: z.enum(['prompt', 'response']).optional(),
    /**
     * An age ("older than a week", "not touched for 14 days"): findings detected, or last moved in triage, before the
     * cut-off (`days` before the question was read).
     */
    age: z
      .object({
        days: z.number().int().min(1).max(3650),
        before: z.coerce.date(),
        since: z.enum(['detected', 'changed']),
      })
      .strict()
      .optional(),
    /** The period is when triage moved the findings to one of `statuses` ("resolved last month"), not the interaction's. */
    changed: z.literal(true).optional(),
    /** The period is when the findings were detected ("new findings today"), not when their interactions happened. */
    detected: z.literal(true).optional(),
    /**
     * Of the findings triage moved to `statuses` in the period, from their triage history: how long each took from
     * detection (`time_to_close`: median and mean), or the analysts ranked by how many they moved (`closed_by`).
     */
    triage: z.enum(['time_to_close', 'closed_by']).optional(),
    filters: filtersSchema,
    period: periodSchema,
    order: z.enum(['desc', 'asc', 'natural']).default('natural'),
    limit: z.number().int().min(1).max(100).optional(),
    spelled: spelledNote,
    context: contextNote,
    aside: asideNote,
  })
  .strict();

/**
 * Sync status, help, the bare risk intent; the access log (whose conversations were opened, by whom: `person` as the
 * one whose content was shown, the one who opened it, or either; `me` is the asker) and the privacy settings
 * (`topic`: retention periods, the asker's tier, erasures) — read by governance.ts.
 */
const systemQuery = z
  .object({
    type: z.literal('system'),
    system: z.enum(['sync', 'help', 'risk', 'access_log', 'privacy']),
    person: z.union([personSchema, z.literal('me')]).optional(),
    role: z.enum(['subject', 'viewer', 'either']).optional(),
    /** The access log's entries whose content was of people in these departments ("the Finance team's chats"). */
    departments: z.array(z.string().max(200)).min(1).max(10).optional(),
    period: periodSchema.optional(),
    topic: z.enum(['retention', 'tier', 'erasure']).optional(),
    /** Sync status with the users whose history the sync could not read, by name, with the error and when. */
    failing: z.literal(true).optional(),
    /** Where the synced history starts ("how far back does the data go"), rather than the last run. */
    history: z.literal(true).optional(),
    context: contextNote,
    aside: asideNote,
  })
  .strict();

const choice = z.object({ label: z.string().max(160), question: z.string().max(500) }).strict();

/** Not an answer: what to say instead (asked back or declined), with what was and was not understood. */
const replyQuery = z
  .object({
    type: z.literal('reply'),
    reply: z.enum([
      'change',
      'scope',
      'rephrase',
      'nobody',
      'unknown_department',
      'which_person',
      'topic',
      'which_source',
      'no_source',
    ]),
    /** The name or department as typed, for `nobody` and `unknown_department`; the subject, for `topic`. */
    text: z.string().max(120).optional(),
    understood: z.string().max(300).optional(),
    notUnderstood: z.array(z.string().max(60)).max(10).default([]),
    /** Several measures asked at once ("prompts and responses"): each is offered on its own. */
    several: z.array(z.enum(MEASURES)).max(10).optional(),
    suggestions: z.array(z.string().max(500)).max(8).default([]),
    /** People to pick from (which one? did you mean?), each with the query to run for them. */
    people: z
      .array(z.object({ person: personSchema, label: z.string().max(160), query: z.unknown() }).strict())
      .max(6)
      .default([]),
    choices: z.array(choice).max(6).default([]),
    /** Named sources or sites to pick from (which one? did you mean?), each with the query to run for it. */
    sources: z
      .array(z.object({ label: z.string().max(200), query: z.unknown() }).strict())
      .max(6)
      .optional(),
  })
  .strict();

export const askQuerySchema = z.discriminatedUnion('type', [
  measureQuery,
  listQuery,
  findingsQuery,
  systemQuery,
  replyQuery,
]);

export type AskQuery = z.infer<typeof askQuerySchema>;
export type MeasureQuery = Extract<AskQuery, { type: 'measure' }>;
export type ListQuery = Extract<AskQuery, { type: 'list' }>;
export type FindingsQuery = Extract<AskQuery, { type: 'findings' }>;
export type SystemQuery = Extract<AskQuery, { type: 'system' }>;
export type ReplyQuery = Extract<AskQuery, { type: 'reply' }>;
export type Filters = z.infer<typeof filtersSchema>;
export type Person = z.infer<typeof personSchema>;
export type PeriodValue = z.infer<typeof periodSchema>;
export type NamedSource = z.infer<typeof namedSourceSchema>;
