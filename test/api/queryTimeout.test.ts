import { startCongo, type EmbeddedMongo } from '../../server/store/embedded/embeddedMongo';
import { cardOf, startBotHarness, type BotHarness } from '../bot/botTestKit';

/**
 * Reads the API, the tab's Ask box and the bot make carry QUERY_MAX_TIME_MS as MongoDB's `maxTimeMS`; a read the
 * server stops there (MaxTimeMSExpired) is answered 503 `query_timeout` asking to narrow it, and in the bot with that
 * sentence. The emulator here honours `maxTimeMS` and is told to take 400 ms per read, as a loaded server would.
 */

const LIMIT_MS = 150;

let mongo: EmbeddedMongo;
let b: BotHarness;

beforeAll(async () => {
  mongo = await startCongo({ honourMaxTimeMS: true });
  b = await startBotHarness({
    userCount: 6,
    seed: 4,
    mongoUri: mongo.uri,
    env: { QUERY_MAX_TIME_MS: String(LIMIT_MS) },
  });
});

afterAll(async () => {
  await b?.close();
  await mongo?.stop();
});

afterEach(() => mongo.rules!.setReadDelayMs(0));

async function api(path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${b.h.baseUrl}/api${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

const timedOut = {
  error: { code: 'query_timeout', message: expect.stringMatching(/took too long .*narrow it/) as unknown },
};

describe('a read that runs past QUERY_MAX_TIME_MS', () => {
  it('answers 503 query_timeout on the API and the Ask box, and 200 again once reads are quick', async () => {
    expect((await api('/overview')).status).toBe(200);
    mongo.rules!.setReadDelayMs(400);
    expect(await api('/overview')).toEqual({ status: 503, body: timedOut });
    expect(await api('/activity?limit=5')).toEqual({ status: 503, body: timedOut });
    expect(await api('/ask', { question: 'prompts per day in the last 30 days' })).toEqual({
      status: 503,
      body: timedOut,
    });
    mongo.rules!.setReadDelayMs(0);
    expect((await api('/overview')).status).toBe(200);
  });

  it('gets a plain sentence from the bot asking to narrow the question, not a failure', async () => {
    mongo.rules!.setReadDelayMs(400);
    const replies = await b.send('prompts per day in the last 30 days');
    expect(replies).toHaveLength(1);
    expect(cardOf(replies[0]).summary).toMatch(/^That query took too long \(over 150 ms\) and was stopped; narrow it/);
  });
});
