import { loadConfig } from '../../server/config';
import { ConfigError } from '../../server/errors';

describe('configuration', () => {
  it('runs the demo with documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      mode: 'demo',
      PORT: 3978,
      BACKFILL_DAYS: 90,
      COPILOT_SKU_IDS: ['639dec6b-bb19-468b-871c-c5c441c4b0cb'],
      GRAPH_BASE_URL: 'https://graph.microsoft.com/',
    });
    expect(config.GRAPH_MAX_RPS).toBeLessThan(30);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('switches to a tenant when its three credentials are given', () => {
    const config = loadConfig({
      TENANT_ID: '11111111-2222-3333-4444-555555555555',
      CLIENT_ID: '66666666-7777-8888-9999-000000000000',
      CLIENT_SECRET: 's3cret',
    });
    expect(config.mode).toBe('tenant');
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        BACKFILL_DAYS: '-3',
        GRAPH_BASE_URL: 'http://graph.example',
        TENANT_ID: 'contoso',
        COPILOT_SKU_IDS: 'abc',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'BACKFILL_DAYS', 'GRAPH_BASE_URL', 'TENANT_ID', 'COPILOT_SKU_IDS', 'go together']) {
      expect(problems).toContain(name);
    }
  });

  it('takes the sync interval in minutes, fractions from 0.1 (6 s) up, and 0 to turn the schedule off', () => {
    expect(loadConfig({}).SYNC_INTERVAL_MINUTES).toBe(60);
    expect(loadConfig({ SYNC_INTERVAL_MINUTES: '0.25' }).SYNC_INTERVAL_MINUTES).toBe(0.25);
    expect(loadConfig({ SYNC_INTERVAL_MINUTES: '0' }).SYNC_INTERVAL_MINUTES).toBe(0);
    for (const bad of ['0.05', '-1', 'hourly', '10081']) {
      expect(() => loadConfig({ SYNC_INTERVAL_MINUTES: bad })).toThrow(/SYNC_INTERVAL_MINUTES/);
    }
  });
});
