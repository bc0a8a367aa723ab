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
