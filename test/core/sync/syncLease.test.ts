import { hostname } from 'node:os';
import { SyncLease, thisProcess, type LeaseHolder } from '../../../server/core/sync/syncLease';
import { naturalId } from '../../../server/store/naturalId';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * The lease that keeps two syncs of one tenant apart (the CLI beside the server, two replicas): two runs at once would
 * read Graph twice and race on the same aggregates. Against the real MongoDB-protocol server, on an injected clock.
 */

const TENANT = 'c0ffee00-0000-4000-8000-000000000001';
const TTL = 60_000;
const T0 = new Date('2026-11-20T12:00:00.000Z');
/** A process id above the kernel's largest (`/proc/sys/kernel/pid_max` is at most 2^22): no such process runs. */
const DEAD_PID = 99_999_999;

let t: TestStore;
let clock: Date;
const now = () => clock;

const holder = (instanceId: string, overrides: Partial<LeaseHolder> = {}): LeaseHolder => ({
  ...thisProcess(instanceId),
  ...overrides,
});
const leaseFor = (who: LeaseHolder, tenantId = TENANT) => new SyncLease(t.store, tenantId, who, TTL, now);
const leaseDoc = (tenantId = TENANT) => t.store.syncLeases.findOne({ _id: naturalId('syncLease', tenantId) });
const at = (ms: number) => new Date(T0.getTime() + ms);

beforeAll(async () => {
  t = await openTestStore('lease');
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.store.syncLeases.deleteMany({});
  clock = T0;
});

describe('a sync lease', () => {
  it('names this process: its instance, host and pid', () => {
    expect(thisProcess('instance-a')).toEqual({ instanceId: 'instance-a', host: hostname(), pid: process.pid });
  });

  it('is taken when free, held for its lifetime under the tenant, and stored as one document per tenant', async () => {
    const a = holder('a');
    expect(await leaseFor(a).acquire()).toEqual({ acquired: true });
    expect(await t.store.syncLeases.find({}).toArray()).toEqual([
      { _id: naturalId('syncLease', TENANT), tenantId: TENANT, holder: JSON.stringify(a), expiresAt: at(TTL) },
    ]);
  });

  it('is refused to another holder while it has not expired, naming who holds it, and left as it was', async () => {
    const a = holder('a');
    await leaseFor(a).acquire();
    clock = at(TTL - 1);
    const refused = await leaseFor(holder('b')).acquire();
    expect(refused).toEqual({ acquired: false, heldBy: a });
    // The lease's last millisecond still belongs to its holder.
    clock = at(TTL);
    expect(await leaseFor(holder('b')).acquire()).toEqual({ acquired: false, heldBy: a });
    expect(await leaseDoc()).toMatchObject({ holder: JSON.stringify(a), expiresAt: at(TTL) });
  });

  it('is taken over once it has expired (a holder that stopped renewing), for a full lifetime from then', async () => {
    const a = holder('a');
    const b = holder('b');
    await leaseFor(a).acquire();
    clock = at(TTL + 1);
    expect(await leaseFor(b).acquire()).toEqual({ acquired: true });
    expect(await leaseDoc()).toMatchObject({ holder: JSON.stringify(b), expiresAt: at(2 * TTL + 1) });
    // And the one it was taken from is now refused.
    expect(await leaseFor(a).acquire()).toEqual({ acquired: false, heldBy: b });
  });

  it('is taken again by its own holder before it expires, and extended', async () => {
    const a = holder('a');
    await leaseFor(a).acquire();
    clock = at(10_000);
    expect(await leaseFor(a).acquire()).toEqual({ acquired: true });
    expect(await leaseDoc()).toMatchObject({ holder: JSON.stringify(a), expiresAt: at(10_000 + TTL) });
  });

  it('goes to exactly one of two processes asking at the same moment', async () => {
    const outcomes = await Promise.all([leaseFor(holder('a')).acquire(), leaseFor(holder('b')).acquire()]);
    expect(outcomes.filter((o) => o.acquired)).toHaveLength(1);
    const loser = outcomes.find((o) => !o.acquired) as { heldBy: LeaseHolder };
    expect(JSON.stringify(loser.heldBy)).toBe((await leaseDoc())!.holder);
  });

  it('is taken over at once from a holder on this host whose process is gone (killed mid-run)', async () => {
    const dead = holder('dead', { pid: DEAD_PID });
    await leaseFor(dead).acquire();
    clock = at(1_000);
    const b = holder('b');
    expect(await leaseFor(b).acquire()).toEqual({ acquired: true });
    expect(await leaseDoc()).toMatchObject({ holder: JSON.stringify(b), expiresAt: at(1_000 + TTL) });
  });

  it('is not taken over from a dead holder when another process took it over first', async () => {
    await leaseFor(holder('dead', { pid: DEAD_PID })).acquire();
    const c = holder('c');
    // The store as process b sees it: between b's read of the dead holder and its takeover, c takes the lease over.
    const leases = t.store.syncLeases;
    const racing = new Proxy(leases, {
      get(target, name) {
        if (name !== 'findOne') return (Reflect.get(target, name) as (...a: unknown[]) => unknown).bind(target);
        return async (...args: Parameters<typeof leases.findOne>) => {
          const seen = await target.findOne(...args);
          expect(await leaseFor(c).acquire()).toEqual({ acquired: true });
          return seen;
        };
      },
    });
    const store = new Proxy(t.store, {
      get: (target, name) => (name === 'syncLeases' ? racing : Reflect.get(target, name)),
    });
    const b = new SyncLease(store, TENANT, holder('b'), TTL, now);
    expect(await b.acquire()).toMatchObject({ acquired: false });
    expect((await leaseDoc())!.holder).toBe(JSON.stringify(c));
  });

  it('is taken over from a holder on this host whose pid is not a process (0 would signal our own group)', async () => {
    await leaseFor(holder('odd', { pid: 0 })).acquire();
    expect(await leaseFor(holder('b')).acquire()).toEqual({ acquired: true });
  });

  it('is not taken over from a live process on this host, nor from any process on another host', async () => {
    const live = holder('live'); // this very process, under another instance id
    await leaseFor(live).acquire();
    expect(await leaseFor(holder('b')).acquire()).toEqual({ acquired: false, heldBy: live });

    await t.store.syncLeases.deleteMany({});
    // Its pid means nothing here: whether that process lives can only be told on its own host.
    const remote = holder('remote', { host: `not-${hostname()}`, pid: DEAD_PID });
    await leaseFor(remote).acquire();
    expect(await leaseFor(holder('b')).acquire()).toEqual({ acquired: false, heldBy: remote });
    expect((await leaseDoc())!.holder).toBe(JSON.stringify(remote));
  });

  it('says "unknown" of a holder it cannot read, and still keeps the lease from others until it expires', async () => {
    await t.store.syncLeases.insertOne({
      _id: naturalId('syncLease', TENANT),
      tenantId: TENANT,
      holder: 'not json',
      expiresAt: at(TTL),
    });
    expect(await leaseFor(holder('b')).acquire()).toEqual({
      acquired: false,
      heldBy: { instanceId: 'unknown', host: 'unknown', pid: 0 },
    });
    clock = at(TTL + 1);
    expect(await leaseFor(holder('b')).acquire()).toEqual({ acquired: true });
  });

  it('is renewed by its holder for a lifetime from now, and not by anyone else', async () => {
    const a = holder('a');
    const lease = leaseFor(a);
    await lease.acquire();
    clock = at(45_000);
    expect(await lease.renew()).toBe(true);
    expect(await leaseDoc()).toMatchObject({ holder: JSON.stringify(a), expiresAt: at(45_000 + TTL) });
    // Renewed, it is still held where it would have expired.
    clock = at(TTL + 1);
    expect(await leaseFor(holder('b')).acquire()).toMatchObject({ acquired: false });

    expect(await leaseFor(holder('c')).renew()).toBe(false);
    expect(await leaseDoc()).toMatchObject({ holder: JSON.stringify(a), expiresAt: at(45_000 + TTL) });
  });

  it('tells its holder it was lost once another took it over', async () => {
    const lease = leaseFor(holder('a'));
    await lease.acquire();
    clock = at(TTL + 1);
    await leaseFor(holder('b')).acquire();
    expect(await lease.renew()).toBe(false);
    expect(await leaseDoc()).toMatchObject({ holder: JSON.stringify(holder('b')), expiresAt: at(2 * TTL + 1) });
  });

  it('is free at once when released, and a release by someone else frees nothing', async () => {
    const a = holder('a');
    const lease = leaseFor(a);
    await lease.acquire();
    await leaseFor(holder('c')).release();
    expect(await leaseFor(holder('b')).acquire()).toEqual({ acquired: false, heldBy: a });

    await lease.release();
    expect(await leaseDoc()).toMatchObject({ holder: JSON.stringify(a), expiresAt: new Date(0) });
    expect(await leaseFor(holder('b')).acquire()).toEqual({ acquired: true });
  });

  it("is one per tenant: another tenant's lease is taken while this one is held", async () => {
    const other = 'c0ffee00-0000-4000-8000-000000000002';
    await leaseFor(holder('a')).acquire();
    expect(await leaseFor(holder('b'), other).acquire()).toEqual({ acquired: true });
    expect(await leaseDoc(other)).toMatchObject({ tenantId: other, holder: JSON.stringify(holder('b')) });
    expect(await leaseDoc()).toMatchObject({ tenantId: TENANT, holder: JSON.stringify(holder('a')) });
    // Refused, each tenant's lease names its own holder.
    expect(await leaseFor(holder('c'), other).acquire()).toEqual({ acquired: false, heldBy: holder('b') });
    expect(await leaseFor(holder('c')).acquire()).toEqual({ acquired: false, heldBy: holder('a') });
  });
});
