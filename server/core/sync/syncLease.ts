import { hostname } from 'node:os';
import type { Store } from '../../store/Store';
import { naturalId } from '../../store/naturalId';

/** Who holds a tenant's sync lease: enough to tell a live holder from one that died without releasing it. */
export interface LeaseHolder {
  instanceId: string;
  host: string;
  pid: number;
}

export const thisProcess = (instanceId: string): LeaseHolder => ({ instanceId, host: hostname(), pid: process.pid });

/**
 * Keeps two syncs of one tenant from running at once (the CLI beside the server, two replicas). The lease
 * expires unless renewed, and a holder on this host whose process is gone (killed mid-run) is taken over at once.
 */
export class SyncLease {
  private readonly id;

  constructor(
    private readonly store: Store,
    private readonly tenantId: string,
    private readonly holder: LeaseHolder,
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {
    this.id = naturalId('syncLease', tenantId);
  }

  /** Takes the lease if it is free, expired, ours, or held by a dead process on this host. */
  async acquire(): Promise<{ acquired: true } | { acquired: false; heldBy: LeaseHolder }> {
    const leases = this.store.syncLeases;
    await leases.updateOne(
      { _id: this.id },
      { $setOnInsert: { tenantId: this.tenantId, holder: '', expiresAt: new Date(0) } },
      { upsert: true },
    );
    const now = this.now();
    const mine = JSON.stringify(this.holder);
    const taken = await leases.findOneAndUpdate(
      { _id: this.id, $or: [{ expiresAt: { $lt: now } }, { holder: mine }] },
      { $set: { holder: mine, expiresAt: new Date(now.getTime() + this.ttlMs) } },
      { returnDocument: 'after' },
    );
    if (taken) return { acquired: true };
    const current = await leases.findOne({ _id: this.id });
    const heldBy = parseHolder(current?.holder);
    if (current && heldBy && heldBy.host === this.holder.host && !isAlive(heldBy.pid)) {
      const takeover = await leases.findOneAndUpdate(
        { _id: this.id, holder: current.holder },
        { $set: { holder: mine, expiresAt: new Date(now.getTime() + this.ttlMs) } },
      );
      if (takeover) return { acquired: true };
    }
    return { acquired: false, heldBy: heldBy ?? { instanceId: 'unknown', host: 'unknown', pid: 0 } };
  }

  /** Extends the lease; false if it was lost. */
  async renew(): Promise<boolean> {
    const result = await this.store.syncLeases.updateOne(
      { _id: this.id, holder: JSON.stringify(this.holder) },
      { $set: { expiresAt: new Date(this.now().getTime() + this.ttlMs) } },
    );
    return result.matchedCount === 1;
  }

  async release(): Promise<void> {
    await this.store.syncLeases.updateOne(
      { _id: this.id, holder: JSON.stringify(this.holder) },
      { $set: { expiresAt: new Date(0) } },
    );
  }
}

function parseHolder(raw: string | undefined): LeaseHolder | null {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as LeaseHolder;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
