import type { GraphGateway, InteractionWindow } from '../../graph/GraphGateway';
import type { GraphUser } from '../../graph/types';
import { mapInteraction } from './interactionMapper';
import type { PageSink } from './pageSink';

export interface UserSyncDeps {
  gateway: GraphGateway;
  sink: PageSink;
  tenantId: string;
  now: () => Date;
}

/**
 * Reads one user's interactions in `window` page by page into the sink. The caller then asks the sink to
 * complete the user (store everything, move the watermark to `window.before`). Interrupted, the user is simply
 * read again next time; what is already stored is recognised and skipped. Counts reach the run through `onPage`.
 */
export async function fetchUser(
  deps: UserSyncDeps,
  user: GraphUser,
  window: InteractionWindow,
  onPage: (fetched: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  for await (const page of deps.gateway.listInteractions(user.id, window, signal)) {
    onPage(page.interactions.length);
    const syncedAt = deps.now();
    await deps.sink.add(
      user,
      page.interactions.map((interaction) => mapInteraction(deps.tenantId, user.id, interaction, syncedAt)),
    );
  }
}
