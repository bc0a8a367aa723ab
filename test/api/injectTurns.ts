import { createFetch } from '../../server/graph/trustedFetch';
import type { AppHarness } from '../support/appHarness';

const MINUTE = 60_000;

/** One exchange as the control API takes it: links and attachments go on the answer (on the prompt without one). */
export interface InjectedTurn {
  prompt: string;
  response?: string;
  links?: (string | { linkUrl: string; displayName?: string | null; linkType?: string | null })[];
  attachments?: { name?: string | null; contentType?: string | null; contentUrl?: string | null; content?: unknown }[];
}

/** Given turns for a user, `minutesAgo` before the harness clock, through the simulator's control API (its Graph ids). */
export async function injectTurns(
  h: AppHarness,
  userId: string,
  minutesAgo: number,
  turns: InjectedTurn[],
): Promise<{ promptId: string; responseId: string | null }[]> {
  const res = await createFetch({ extraCaPem: h.graph.cert })(`${h.graph.simulator.origin}/_simulator/activity`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, at: new Date(h.ctx.now().getTime() - minutesAgo * MINUTE).toISOString(), turns }),
  });
  if (res.status !== 201) throw new Error(`POST /_simulator/activity -> ${res.status} ${await res.text()}`);
  return ((await res.json()) as { turns: { promptId: string; responseId: string | null }[] }).turns;
}
