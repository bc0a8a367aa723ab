import type { SyncRunSummary } from '../../../server/api/contracts';
import { waitFor, type ServerProcess } from './serverProcess';
import { simulatorRequest } from './simulator';

/**
 * Adds given turns for a user to the running demo tenant (through its simulator's control API), asks the server for
 * a sync and waits until that run has finished; answers each turn's Graph prompt id.
 */
export async function injectAndSync(
  server: ServerProcess,
  userId: string,
  turns: { prompt: string; response?: string }[],
): Promise<string[]> {
  const injected = (await simulatorRequest(server.dataDir, 'POST', '/activity', { userId, turns })) as {
    turns: { promptId: string }[];
  };
  const runs = () => server.api<{ items: SyncRunSummary[]; total: number }>('/api/sync/runs');
  const before = (await runs()).total;
  const asked = await fetch(`${server.baseUrl}/api/sync`, { method: 'POST' });
  if (asked.status !== 202) throw new Error(`POST /api/sync -> ${asked.status} ${await asked.text()}`);
  await waitFor(
    'the sync to finish',
    async () => {
      const now = await runs();
      return now.total > before && now.items[0]!.status !== 'running' ? true : undefined;
    },
    60_000,
  );
  return injected.turns.map((t) => t.promptId);
}
