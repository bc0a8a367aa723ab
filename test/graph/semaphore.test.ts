import { getEventListeners } from 'node:events';
import { Semaphore } from '../../server/graph/middleware/Semaphore';

/** The Graph client's concurrency slots: at most `limit` requests at once, waiting requests served in arrival order. */
describe('Semaphore', () => {
  it('serves waiting requests first come, first served', async () => {
    const slots = new Semaphore(1);
    await slots.acquire();
    const granted: string[] = [];
    const waiting = ['first', 'second', 'third'].map((name) => slots.acquire().then(() => granted.push(name)));
    for (let i = 0; i < 3; i++) {
      slots.release();
      await Promise.resolve();
      await Promise.resolve();
    }
    await Promise.all(waiting);
    expect(granted).toEqual(['first', 'second', 'third']);
  });

  it('gives at most `limit` slots at once and frees them on release', async () => {
    const slots = new Semaphore(2);
    await slots.acquire();
    await slots.acquire();
    let third = false;
    const pending = slots.acquire().then(() => (third = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(third).toBe(false);
    slots.release();
    await pending;
    expect(third).toBe(true);
  });

  it('drops a waiter whose request is aborted, so the next one gets the slot', async () => {
    const slots = new Semaphore(1);
    await slots.acquire();
    const abort = new AbortController();
    const aborted = slots.acquire(abort.signal);
    const granted: string[] = [];
    const next = slots.acquire().then(() => granted.push('next'));
    abort.abort(new Error('caller gave up'));
    await expect(aborted).rejects.toThrow('caller gave up');
    slots.release();
    await next;
    expect(granted).toEqual(['next']);
  });
});

/** Whether `promise` has settled once pending callbacks ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('Semaphore: its bounds', () => {
  it('refuses a limit below one (no request could ever run)', () => {
    expect(() => new Semaphore(0)).toThrow(new RangeError('limit must be >= 1'));
    expect(() => new Semaphore(Number.NaN)).toThrow(RangeError);
    expect(new Semaphore(1).limit).toBe(1);
  });

  it('hands back one slot per release, never more than the limit however often released', async () => {
    const slots = new Semaphore(2);
    await slots.acquire();
    await slots.acquire();
    slots.release();
    expect(await settled(slots.acquire())).toBe(true);
    expect(await settled(slots.acquire())).toBe(false);

    const one = new Semaphore(1);
    one.release();
    one.release();
    expect(await settled(one.acquire())).toBe(true);
    expect(await settled(one.acquire())).toBe(false);
  });

  it('refuses a request whose caller already gave up, without taking the free slot', async () => {
    const slots = new Semaphore(1);
    const abort = new AbortController();
    abort.abort(new Error('caller gave up'));
    await expect(slots.acquire(abort.signal)).rejects.toThrow('caller gave up');
    expect(await settled(slots.acquire())).toBe(true);
  });

  it('stops listening to the caller once its request has a slot, so a long-lived signal gathers no listeners', async () => {
    const slots = new Semaphore(1);
    const abort = new AbortController();
    await slots.acquire(abort.signal);
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
    const waiting = slots.acquire(abort.signal);
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(1);
    slots.release();
    await waiting;
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
  });
});
