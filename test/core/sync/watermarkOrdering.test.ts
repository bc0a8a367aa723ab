import { BatchWriter, type BatchResult, type PendingBatch } from '../../../server/core/sync/batchWriter';
import { mapInteraction, type MappedInteraction } from '../../../server/core/sync/interactionMapper';
import { PageSink, syncStateId, type PageSinkOptions } from '../../../server/core/sync/pageSink';
import type { GraphUser } from '../../../server/graph/types';
import { createSilentLogger } from '../../../server/logger';
import { naturalId } from '../../../server/store/naturalId';
import { buildInteraction, buildUser } from '../../support/factories';
import { captureLogs } from '../../support/logCapture';
import { openTestStore, type TestStore } from '../../support/testStore';

const tenantId = 'tenant-watermarks';
const OLD_WATERMARK = new Date('2026-11-01T00:00:00.000Z');
const WINDOW = { after: new Date('2026-11-01T00:00:00.000Z'), before: new Date('2026-11-03T00:00:00.000Z') };
const SYNCED_AT = new Date('2026-11-03T00:00:01.000Z');

interface HeldWrite {
  batch: PendingBatch;
  release(): void;
  reject(error: unknown): void;
}

/** The real writer, except that each `write()` waits until the test releases (or rejects) it. */
class HeldWriter extends BatchWriter {
  readonly writes: HeldWrite[] = [];

  override async write(batch: PendingBatch): Promise<BatchResult> {
    await new Promise<void>((release, reject) => this.writes.push({ batch, release, reject }));
    return super.write(batch);
  }

  /** Resolves with the n-th write (1-based) once the sink has handed it over. */
  async nth(n: number): Promise<HeldWrite> {
    for (let waited = 0; this.writes.length < n; waited += 5) {
      if (waited > 5000) throw new Error(`the sink never started write ${n} (${this.writes.length} so far)`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return this.writes[n - 1]!;
  }
}

/** Completes `user`, releasing every write from the `from`-th (0-based) on as the sink hands it over. */
async function completeReleasing(sink: PageSink, writer: HeldWriter, user: GraphUser, from: number): Promise<void> {
  let done = false;
  const completion = sink.complete(user, WINDOW).then(() => (done = true));
  for (let released = from; !done; await new Promise((resolve) => setTimeout(resolve, 5)))
    while (released < writer.writes.length) writer.writes[released++]!.release();
  await completion;
}

/** Two interactions of `user` (a prompt and its response) at `minute` past 10:00 on 2 November, in `session`. */
function page(user: GraphUser, minute: number, session = `s-${minute}`): MappedInteraction[] {
  const at = (second: number) => `2026-11-02T10:${String(minute).padStart(2, '0')}:0${second}.000Z`;
  return [
    buildInteraction({ id: `${minute}-p`, sessionId: session, createdDateTime: at(0) }),
    buildInteraction({
      id: `${minute}-r`,
      sessionId: session,
      createdDateTime: at(3),
      interactionType: 'aiResponse',
    }),
  ].map((i) => mapInteraction(tenantId, user.id, i, SYNCED_AT));
}

/** A sink that writes a batch as soon as one page (two interactions) is gathered. */
function sinkOptions(t: TestStore, writer: BatchWriter): PageSinkOptions {
  return {
    store: t.store,
    writer,
    tenantId,
    runId: 'run-watermarks',
    now: () => SYNCED_AT,
    logger: createSilentLogger(),
    maxInteractions: 2,
  };
}

function sinkWith(t: TestStore, writer: BatchWriter): PageSink {
  return new PageSink(sinkOptions(t, writer));
}

describe("a user's watermark and the batches holding their pages", () => {
  let t: TestStore;
  let user: GraphUser;
  beforeEach(async () => {
    t = await openTestStore('watermarks');
    user = buildUser();
    // Synced before: the watermark a failed or unfinished batch must leave where it is.
    await t.store.syncState.insertOne({
      _id: syncStateId(tenantId, user.id),
      tenantId,
      userId: user.id,
      watermark: OLD_WATERMARK,
      lastSyncedAt: OLD_WATERMARK,
      lastRunId: 'run-before',
      status: 'ok',
      lastError: null,
    } as never);
  });
  afterEach(async () => t.close());

  const watermark = async (): Promise<Date | null | undefined> =>
    (await t.store.syncState.findOne({ _id: syncStateId(tenantId, user.id) }))?.watermark;
  const stored = (): Promise<number> => t.store.interactions.countDocuments({ tenantId, userId: user.id });

  it('moves only once the batch holding their last page is stored, never while an earlier or that batch is held', async () => {
    const writer = new HeldWriter(t.store, createSilentLogger());
    const sink = sinkWith(t, writer);
    await sink.add(user, page(user, 1));
    await sink.add(user, page(user, 2));
    let completed = false;
    const completion = sink.complete(user, WINDOW).then(() => (completed = true));

    const first = await writer.nth(1);
    expect(first.batch.interactions.map((i) => i.graphId)).toEqual(['1-p', '1-r']);
    expect(await watermark()).toEqual(OLD_WATERMARK);
    // The second batch (prepared meanwhile) is not written before the first is stored.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(writer.writes).toHaveLength(1);
    first.release();

    // The second batch holds the last page (and the user's completion): while it is held, the first is stored
    // and the watermark has not moved.
    const second = await writer.nth(2);
    expect(second.batch.interactions.map((i) => i.graphId)).toEqual(['2-p', '2-r']);
    expect(await stored()).toBe(2);
    expect(await watermark()).toEqual(OLD_WATERMARK);
    expect(completed).toBe(false);
    second.release();

    await completion;
    expect(await stored()).toBe(4);
    expect(await watermark()).toEqual(WINDOW.before);
    expect(writer.writes).toHaveLength(2);
  });

  it('holds back a fetcher while two batches of pages wait behind a held write, so memory stays bounded', async () => {
    const writer = new HeldWriter(t.store, createSilentLogger());
    const sink = sinkWith(t, writer);
    await sink.add(user, page(user, 1));
    const first = await writer.nth(1);
    // One batch prepared behind the held write, one batch's worth gathered: the next page has to wait.
    await sink.add(user, page(user, 2));
    await sink.add(user, page(user, 3));
    let accepted = false;
    const fourth = sink.add(user, page(user, 4)).then(() => (accepted = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(accepted).toBe(false);
    first.release();
    (await writer.nth(2)).release();
    await fourth;
    // The rest written as it comes; everything stored and the watermark moved.
    await completeReleasing(sink, writer, user, 2);
    expect(await stored()).toBe(8);
    expect(await watermark()).toEqual(WINDOW.before);
  });

  it('holds back a fetcher even when the batch behind the held write was prepared before the next pages came', async () => {
    const writer = new HeldWriter(t.store, createSilentLogger());
    const sink = sinkWith(t, writer);
    await sink.add(user, page(user, 1));
    const first = await writer.nth(1);
    await sink.add(user, page(user, 2));
    // Prepared and waiting for the first write: the next pages are gathered, not prepared into a second waiting batch.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sink.add(user, page(user, 3));
    await new Promise((resolve) => setTimeout(resolve, 100));
    let accepted = false;
    const fourth = sink.add(user, page(user, 4)).then(() => (accepted = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(accepted).toBe(false);
    first.release();
    (await writer.nth(2)).release();
    await fourth;
    await completeReleasing(sink, writer, user, 2);
    expect(await stored()).toBe(8);
  });

  it('prepares the next batch as soon as the one before is being written, so a fetcher is not held back meanwhile', async () => {
    const writer = new HeldWriter(t.store, createSilentLogger());
    const sink = sinkWith(t, writer);
    await sink.add(user, page(user, 1));
    const first = await writer.nth(1);
    await sink.add(user, page(user, 2)); // prepared behind the held first write
    await sink.add(user, page(user, 3)); // gathered: the next batch's worth
    first.release();
    const second = await writer.nth(2);
    // While the second batch is written, the third is prepared, so the fourth page is accepted at once; were the
    // third still gathering, two batches' worth would wait and the fetcher with them until the second is stored.
    let accepted = false;
    const fourth = sink.add(user, page(user, 4)).then(() => (accepted = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(accepted).toBe(true);
    expect(writer.writes).toHaveLength(2);
    second.release();
    await fourth;
    await completeReleasing(sink, writer, user, 2);
    expect(await stored()).toBe(8);
  });

  it('reports a user complete once their pages are stored, without waiting for pages gathered after their completion', async () => {
    const other = buildUser();
    const writer = new HeldWriter(t.store, createSilentLogger());
    const sink = sinkWith(t, writer);
    await sink.add(user, page(user, 1));
    const first = await writer.nth(1);
    await sink.add(other, page(other, 2)); // prepared behind the held first write
    let completed = false;
    const completion = sink.complete(user, WINDOW).then(() => (completed = true));
    first.release();
    const second = await writer.nth(2);
    // The completion, alone, is taken into a batch of its own while the second write is held.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await sink.add(other, page(other, 3));
    second.release();
    const third = await writer.nth(3);
    expect(third.batch.interactions.map((i) => i.graphId)).toEqual(['3-p', '3-r']);
    // The user's pages were all in the first batch: their watermark moves while the other user's page is held.
    for (let waited = 0; !completed && waited < 2000; waited += 5)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(completed).toBe(true);
    expect(await watermark()).toEqual(WINDOW.before);
    third.release();
    await Promise.all([completion, sink.drain()]);
    expect(await t.store.interactions.countDocuments({ tenantId, userId: other.id })).toBe(4);
  });

  it('counts a conversation once when its pages fall in two batches, the second prepared before the first is stored', async () => {
    const writer = new HeldWriter(t.store, createSilentLogger());
    const sink = sinkWith(t, writer);
    await sink.add(user, page(user, 1, 'one-session'));
    const first = await writer.nth(1);
    await sink.add(user, page(user, 2, 'one-session'));
    const completion = sink.complete(user, WINDOW);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the second batch is prepared behind the held write
    first.release();
    (await writer.nth(2)).release();
    await completion;
    expect(await t.store.conversations.countDocuments({ tenantId, userId: user.id })).toBe(1);
    const stats = await t.store.users.findOne({ tenantId, userId: user.id });
    expect({ conversations: stats?.conversationCount, prompts: stats?.promptCount }).toEqual({
      conversations: 1,
      prompts: 2,
    });
  });

  it('moves the watermark of a user whose pages were all stored before they were complete', async () => {
    const sink = sinkWith(t, new BatchWriter(t.store, createSilentLogger()));
    await sink.add(user, page(user, 1));
    await sink.drain();
    expect(await stored()).toBe(2);
    expect(await watermark()).toEqual(OLD_WATERMARK);
    await sink.complete(user, WINDOW);
    expect(await watermark()).toEqual(WINDOW.before);
  });

  it('stays put when the batch holding their last page fails, and the user is not reported complete', async () => {
    const writer = new HeldWriter(t.store, createSilentLogger());
    const { logger, lines } = captureLogs();
    const sink = new PageSink({ ...sinkOptions(t, writer), logger });
    await sink.add(user, page(user, 1));
    const completion = sink.complete(user, WINDOW);
    const outcome = completion.then(
      () => 'completed',
      (error: Error) => error.message,
    );
    (await writer.nth(1)).reject(new Error('the database went away'));

    expect(await outcome).toBe('the database went away');
    await sink.drain();
    expect(await stored()).toBe(0);
    expect(await watermark()).toEqual(OLD_WATERMARK);
    // The batch with the page, then the one with the completion alone (refused: the batch before it failed).
    expect(lines.map((line) => ({ level: line.level, msg: line.msg, users: line.users }))).toEqual([
      { level: 50, msg: 'Writing a sync batch failed.', users: 1 },
      { level: 50, msg: 'Writing a sync batch failed.', users: 0 },
    ]);
    expect((lines[0]?.err as { message?: string } | undefined)?.message).toBe('the database went away');
  });

  it('logs a failed batch with the number of users whose pages it held', async () => {
    const other = buildUser();
    const writer = new HeldWriter(t.store, createSilentLogger());
    const { logger, lines } = captureLogs();
    // Room for two pages: both users' pages go into one batch.
    const sink = new PageSink({ ...sinkOptions(t, writer), logger, maxInteractions: 4 });
    await sink.add(user, page(user, 1));
    await sink.add(other, page(other, 2));
    const first = await writer.nth(1);
    expect(first.batch.interactions.map((i) => i.graphId)).toEqual(['1-p', '1-r', '2-p', '2-r']);
    first.reject(new Error('the database went away'));
    await sink.drain();
    expect(lines.map((line) => ({ msg: line.msg, users: line.users }))).toEqual([
      { msg: 'Writing a sync batch failed.', users: 2 },
    ]);
  });

  it('stops every later batch when a write fails with no error value, so the next run counts the conversation once', async () => {
    const writer = new HeldWriter(t.store, createSilentLogger());
    const sink = sinkWith(t, writer);
    // One conversation over two batches: the second, prepared while the first is held, counts it as existing.
    await sink.add(user, page(user, 1, 'one-session'));
    await sink.add(user, page(user, 2, 'one-session'));
    let settled = false;
    const outcome = sink
      .complete(user, WINDOW)
      .then(
        () => 'completed',
        () => 'refused',
      )
      .finally(() => (settled = true));
    (await writer.nth(1)).reject(undefined);
    // Later writes are let through, so a sink that went on after the failure shows it here instead of hanging.
    for (let released = 1; !settled; await new Promise((resolve) => setTimeout(resolve, 5)))
      while (released < writer.writes.length) writer.writes[released++]!.release();

    expect(await outcome).toBe('refused');
    await sink.drain();
    expect(writer.writes).toHaveLength(1);
    expect(await stored()).toBe(0);
    expect(await watermark()).toEqual(OLD_WATERMARK);
    // The next run reads both pages again from the old watermark: one conversation, counted once.
    const next = sinkWith(t, new BatchWriter(t.store, createSilentLogger()));
    await next.add(user, page(user, 1, 'one-session'));
    await next.add(user, page(user, 2, 'one-session'));
    await next.complete(user, WINDOW);
    expect(await stored()).toBe(4);
    expect(await t.store.users.findOne({ tenantId, userId: user.id })).toMatchObject({
      interactionCount: 4,
      conversationCount: 1,
    });
  });

  it('stays put when an earlier batch of theirs failed, even if a later one would have been stored', async () => {
    const writer = new HeldWriter(t.store, createSilentLogger());
    const sink = sinkWith(t, writer);
    await sink.add(user, page(user, 1));
    await sink.add(user, page(user, 2));
    const outcome = sink.complete(user, WINDOW).then(
      () => 'completed',
      (error: Error) => error.message,
    );
    (await writer.nth(1)).reject(new Error('the first batch failed'));

    expect(await outcome).toBe('the first batch failed');
    await sink.drain();
    // Nothing after a failed batch is written: the next run reads these pages again from the old watermark.
    expect(writer.writes).toHaveLength(1);
    expect(await stored()).toBe(0);
    expect(await watermark()).toEqual(OLD_WATERMARK);
  });
});

describe('what a completed sync leaves behind for each user', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore('watermarkState');
  });
  afterEach(async () => t.close());

  const directoryEntry = (user: GraphUser) => ({
    _id: naturalId('directoryUser', tenantId, user.id),
    tenantId,
    userId: user.id,
    hasActivity: false,
  });

  it('records the new watermark, when, by which run and that it went well, clearing an earlier failure', async () => {
    const first = buildUser(); // never synced before
    const again = buildUser(); // failed last time
    const idle = buildUser(); // nothing in the window
    await t.store.syncState.insertOne({
      _id: syncStateId(tenantId, again.id),
      tenantId,
      userId: again.id,
      watermark: OLD_WATERMARK,
      lastSyncedAt: OLD_WATERMARK,
      lastRunId: 'run-before',
      status: 'failed',
      lastError: 'Graph answered 503',
    } as never);
    await t.store.directoryUsers.insertMany([first, again, idle].map(directoryEntry) as never[]);
    const written: number[] = [];
    const sink = new PageSink({
      store: t.store,
      writer: new BatchWriter(t.store, createSilentLogger()),
      tenantId,
      runId: 'run-now',
      now: () => SYNCED_AT,
      logger: createSilentLogger(),
      onWritten: (result) => written.push(result.interactionsNew),
    });
    await sink.add(first, page(first, 1));
    await sink.add(again, page(again, 2));
    await Promise.all([first, again, idle].map((u) => sink.complete(u, WINDOW)));

    const states = await t.store.syncState
      .find({ tenantId }, { projection: { _id: 0 } })
      .sort({ userId: 1 })
      .toArray();
    const done = {
      watermark: WINDOW.before,
      lastSyncedAt: SYNCED_AT,
      lastRunId: 'run-now',
      status: 'ok',
      lastError: null,
    };
    expect(states).toEqual(
      [first, again, idle]
        .map((u) => ({ tenantId, userId: u.id, ...done }))
        .sort((a, b) => a.userId.localeCompare(b.userId)),
    );
    // One batch (the default size is far above four interactions), its new interactions reported.
    expect(written).toEqual([4]);
    // Users with stored activity are marked so in the directory; one with none is not.
    const marked = await t.store.directoryUsers.find({ tenantId, hasActivity: true }).toArray();
    expect(marked.map((d) => d.userId).sort()).toEqual([first.id, again.id].sort());
  });

  it("refuses more pages and completions from a user whose batch failed, and fails every later batch's users", async () => {
    const failing = buildUser();
    const later = buildUser();
    const writer = new HeldWriter(t.store, createSilentLogger());
    const sink = sinkWith(t, writer);
    await sink.add(failing, page(failing, 1));
    (await writer.nth(1)).reject(new Error('the database went away'));
    await sink.drain();

    await expect(sink.add(failing, page(failing, 2))).rejects.toThrow('the database went away');
    expect(() => sink.complete(failing, WINDOW)).toThrow('the database went away');
    // A batch after a failed one is not written: what it assumed stored is not.
    await sink.add(later, page(later, 3));
    await expect(sink.complete(later, WINDOW)).rejects.toThrow('the database went away');
    expect(writer.writes).toHaveLength(1);
    expect(await t.store.syncState.countDocuments({ tenantId })).toBe(0);
  });
});

describe('when the gathered pages are written', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore('watermarkBatches');
  });
  afterEach(async () => t.close());

  /** `count` prompts of `user` in one session, a second apart from 2 November 09:00. */
  function prompts(user: GraphUser, count: number, first = 0): MappedInteraction[] {
    return Array.from({ length: count }, (_, n) =>
      buildInteraction({
        id: `bulk-${first + n}`,
        sessionId: 'bulk',
        createdDateTime: new Date(Date.UTC(2026, 10, 2, 9, 0, first + n)).toISOString(),
      }),
    ).map((i) => mapInteraction(tenantId, user.id, i, SYNCED_AT));
  }

  it("keeps a user's watermark under the same id in every release, so an upgrade does not read everyone again", () => {
    expect(syncStateId('00000000-0000-4000-8000-000000000001', 'user-a').toHexString()).toBe(
      'f6df56206a3de6e8aa92861e',
    );
  });

  it('writes what is gathered and moves completed watermarks when drained, without waiting for a full batch', async () => {
    const user = buildUser();
    const written: number[] = [];
    // The default batch size: one page is far from filling it.
    const sink = new PageSink({
      ...sinkOptions(t, new BatchWriter(t.store, createSilentLogger())),
      maxInteractions: undefined,
      onWritten: (result) => written.push(result.interactionsNew),
    });
    await sink.add(user, page(user, 1));
    expect(written).toEqual([]);
    await sink.drain();
    // Stored by the time the drain returns (a drain that only waited for a running write would return at once).
    expect(written).toEqual([2]);

    let completed = false;
    void sink.complete(user, WINDOW).then(() => (completed = true));
    await sink.drain();
    expect(completed).toBe(true);
    expect((await t.store.syncState.findOne({ _id: syncStateId(tenantId, user.id) }))?.watermark).toEqual(
      WINDOW.before,
    );
  });

  it('starts a batch as soon as 2,000 interactions are gathered by default, and leaves the rest for the next', async () => {
    const user = buildUser();
    const writer = new HeldWriter(t.store, createSilentLogger());
    const sink = new PageSink({ ...sinkOptions(t, writer), maxInteractions: undefined });
    for (let n = 0; n < 5; n++) await sink.add(user, prompts(user, 500, n * 500));
    const first = await writer.nth(1);
    expect(first.batch.interactions).toHaveLength(2000);
    expect(first.batch.interactions.at(-1)?.graphId).toBe('bulk-1999');
    // Failed, so nothing more is written: the last 500 went to a batch of their own, refused.
    first.reject(new Error('the database went away'));
    await sink.drain();
    expect(writer.writes).toHaveLength(1);
  });
});
