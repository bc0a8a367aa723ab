import express from 'express';
import { MongoClient } from 'mongodb';
import request from 'supertest';
import type { AppContext } from '../../server/appContext';
import { createHealthRouter } from '../../server/http/healthRouter';
import { createSilentLogger } from '../../server/logger';
import { AgendaSyncScheduler } from '../../server/scheduling/AgendaSyncScheduler';
import { createStore } from '../../server/store/Store';
import { openTestStore, type TestStore } from '../support/testStore';

describe('the readiness and liveness probes', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await openTestStore('ready');
  });
  afterEach(async () => t.close());

  function appFor(client: MongoClient, scheduler: AgendaSyncScheduler) {
    const ctx = {
      store: createStore(client.db(t.dbName)),
      syncControl: scheduler,
      tenantId: 'tenant-ready',
      mode: 'tenant',
    } as unknown as AppContext;
    return express().use(createHealthRouter(ctx));
  }

  it('is ready only while MongoDB answers and the scheduler runs, and stays live throughout', async () => {
    const client = new MongoClient(t.uri);
    await client.connect();
    const scheduler = new AgendaSyncScheduler({
      db: client.db(t.dbName),
      store: createStore(client.db(t.dbName)),
      runner: { run: () => Promise.reject(new Error('no run expected')) },
      tenantId: 'tenant-ready',
      logger: createSilentLogger(),
      instanceId: 'ready-test',
      intervalMs: 0,
      lockLifetimeMs: 2000,
      firstRun: false,
    });
    const app = appFor(client, scheduler);

    const before = await request(app).get('/readyz');
    expect(before.status).toBe(503);
    expect(before.body).toEqual({ status: 'unready', reasons: ['The sync scheduler is not started.'] });

    await scheduler.start();
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', reasons: [] });

    await scheduler.stop();
    expect((await request(app).get('/readyz')).body.reasons).toEqual(['The sync scheduler is stopped.']);

    await client.close();
    const down = await request(app).get('/readyz');
    expect(down.status).toBe(503);
    expect(down.body.reasons[0]).toMatch(/^MongoDB is not answering/);
    const live = await request(app).get('/livez');
    expect(live.status).toBe(200);
    expect(live.body.status).toBe('ok');
  });
});
