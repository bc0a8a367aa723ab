import type { Collection, Db, Filter, ObjectId } from 'mongodb';
import type { SyncRequest } from '../core/sync/syncControl';

/** Agenda job that runs a tenant's sync. Exactly one document per tenant, so Agenda's lock on it is the mutex. */
export const SYNC_JOB = 'sync-tenant';
/** Agenda job that fires every SYNC_INTERVAL_MINUTES and queues an incremental run (one document per tenant). */
export const SCHEDULE_JOB = 'sync-schedule';
/** Agenda's collection (the MongoBackend default). */
export const AGENDA_COLLECTION = 'agendaJobs';

/** A request that arrived while the tenant's run was in flight: it runs once that run has ended. */
export interface FollowUp {
  trigger: string;
  requestedBy: string | null;
  /** Present (and 'full') when any folded request asked for a full run: full wins. */
  mode?: 'full';
  at: Date;
}

export interface SyncJobData {
  tenantId: string;
  mode: 'full' | 'incremental';
  trigger: string;
  requestedBy: string | null;
  followUp?: FollowUp;
  /** Set while an instance runs the job; still there when the lock is taken over means that instance died. */
  runningBy?: string;
}

/** The fields of Agenda's job documents this module reads or writes (Agenda owns the rest). */
export interface AgendaJobDoc {
  _id: ObjectId;
  name: string;
  data: SyncJobData;
  nextRunAt: Date | null;
  lockedAt?: Date | null;
  repeatInterval?: number | string | null;
}

export type EnqueueStatus = 'queued' | 'already_queued' | 'running';

export function agendaJobs(db: Db): Collection<AgendaJobDoc> {
  return db.collection<AgendaJobDoc>(AGENDA_COLLECTION);
}

/**
 * One sync document and one schedule document per tenant, even when several instances start at once: on a real
 * MongoDB the unique index turns a racing second upsert into an update (the emulator runs each upsert atomically).
 */
export async function ensureJobIndexes(
  jobs: Collection<AgendaJobDoc>,
  options: { singleFieldSort?: boolean } = {},
): Promise<void> {
  // Cosmos DB for MongoDB (RU) sorts only on indexed fields: the lock's single sort field gets an index of its own.
  if (options.singleFieldSort) await jobs.createIndex({ nextRunAt: 1 }, { name: 'by_next_run' });
  await jobs.createIndex(
    { name: 1, 'data.tenantId': 1 },
    {
      name: 'oneJobPerTenant',
      unique: true,
      partialFilterExpression: { 'data.tenantId': { $exists: true } },
    },
  );
}

const unlocked = { $or: [{ lockedAt: null }, { lockedAt: { $exists: false } }] };

/**
 * Asks for a run of the tenant's sync document, atomically against whatever state it is in:
 * idle -> due now ('queued'); already due -> unchanged, a full request upgrades it ('already_queued');
 * running -> a follow-up is recorded, at most one however many requests arrive ('running', or 'already_queued'
 * when a follow-up was already waiting). `followUp: false` (start-up) is content with the run in flight.
 */
export async function enqueueRun(
  jobs: Collection<AgendaJobDoc>,
  tenantId: string,
  request: SyncRequest,
  now: Date,
  options: { followUp: boolean },
): Promise<EnqueueStatus | null> {
  const mine: Filter<AgendaJobDoc> = { name: SYNC_JOB, 'data.tenantId': tenantId };
  const full = request.mode === 'full';
  const requestedBy = request.requestedBy ?? null;
  // Each step matches only one state; a state change between steps falls through to the next, or to a retry.
  for (let attempt = 0; attempt < 5; attempt++) {
    const idle = await jobs.findOneAndUpdate(
      { ...mine, $and: [unlocked, { $or: [{ nextRunAt: null }, { nextRunAt: { $gt: now } }] }] },
      {
        $set: {
          nextRunAt: now,
          'data.mode': request.mode ?? 'incremental',
          'data.trigger': request.trigger,
          'data.requestedBy': requestedBy,
        },
      },
    );
    if (idle) return 'queued';
    const dueFilter: Filter<AgendaJobDoc> = { ...mine, $and: [unlocked, { nextRunAt: { $lte: now } }] };
    const due = full
      ? await jobs.findOneAndUpdate(dueFilter, { $set: { 'data.mode': 'full' } })
      : await jobs.findOne(dueFilter, { projection: { _id: 1 } });
    if (due) return 'already_queued';
    if (!options.followUp) {
      const current = await jobs.findOne(mine, { projection: { lockedAt: 1 } });
      if (!current) return null;
      if (current.lockedAt) return 'running';
      continue;
    }
    const running = await jobs.findOneAndUpdate(
      { ...mine, lockedAt: { $ne: null } },
      {
        $set: {
          'data.followUp.trigger': request.trigger,
          'data.followUp.requestedBy': requestedBy,
          'data.followUp.at': now,
          ...(full ? { 'data.followUp.mode': 'full' as const } : {}),
        },
      },
      { returnDocument: 'before' },
    );
    if (running) return running.data.followUp ? 'already_queued' : 'running';
    if (!(await jobs.findOne(mine, { projection: { _id: 1 } }))) return null;
  }
  // Five state changes in a row: some run is due or in flight either way.
  return 'already_queued';
}

/**
 * After a run ended and its lock is released: a follow-up that arrived meanwhile becomes the next run, due now.
 * Runs where the run ended (Agenda's 'complete' event fires after it unlocked the job), so no request is lost in
 * the moment between the handler's end and the unlock.
 */
export async function promoteFollowUp(
  jobs: Collection<AgendaJobDoc>,
  id: ObjectId,
  now: Date,
): Promise<FollowUp | null> {
  const doc = await jobs.findOne({ _id: id, ...unlocked, 'data.followUp': { $exists: true } });
  const followUp = doc?.data.followUp;
  if (!followUp) return null;
  const promoted = await jobs.findOneAndUpdate(
    { _id: id, ...unlocked, 'data.followUp.at': followUp.at },
    {
      $set: {
        nextRunAt: now,
        'data.mode': followUp.mode ?? 'incremental',
        'data.trigger': followUp.trigger,
        'data.requestedBy': followUp.requestedBy,
      },
      $unset: { 'data.followUp': '' },
    },
  );
  // Not matched: a newer request changed it (it is promoted by then) or another instance locked it (its run
  // started after the request, and its own end promotes what is left).
  return promoted ? followUp : null;
}

/** Marks the document as run by `instanceId`, so a takeover can tell that an earlier holder left it unfinished. */
export async function markRunning(jobs: Collection<AgendaJobDoc>, id: ObjectId, instanceId: string): Promise<void> {
  await jobs.updateOne({ _id: id }, { $set: { 'data.runningBy': instanceId } });
}

export async function clearRunning(jobs: Collection<AgendaJobDoc>, id: ObjectId): Promise<void> {
  await jobs.updateOne({ _id: id }, { $unset: { 'data.runningBy': '' } });
}

/**
 * Last resort at shutdown when a run did not stop in time: give its lock up and make it due, so another instance
 * takes it now instead of waiting for the lock to expire. Only touches the lock this instance holds.
 */
export async function releaseLock(jobs: Collection<AgendaJobDoc>, id: ObjectId, lockedAt: Date, now: Date) {
  await jobs.updateOne({ _id: id, lockedAt }, { $set: { lockedAt: null, nextRunAt: now } });
}
