import type { AiInteraction } from '../../graph/types';
import type { InteractionDoc } from '../../store/documents';
import { naturalId } from '../../store/naturalId';
import { resolveApp } from '../appCatalog';
import { extractDataSources, type ExtractedDataSource } from './dataSourceExtractor';

/** An interaction ready to store, with the data sources it referenced. */
export interface MappedInteraction {
  doc: InteractionDoc;
  dataSources: ExtractedDataSource[];
}

/** The `_id` of a stored interaction: Graph ids are only unique within one user's history. */
export function interactionId(tenantId: string, userId: string, graphId: string): ReturnType<typeof naturalId> {
  return naturalId('interaction', tenantId, userId, graphId);
}

/** Maps a Graph aiInteraction of `userId` to its stored form. */
export function mapInteraction(
  tenantId: string,
  userId: string,
  interaction: AiInteraction,
  syncedAt: Date,
): MappedInteraction {
  const dataSources = extractDataSources(interaction);
  const doc: InteractionDoc = {
    _id: interactionId(tenantId, userId, interaction.id),
    tenantId,
    userId,
    graphId: interaction.id,
    sessionId: interaction.sessionId,
    requestId: interaction.requestId ?? null,
    appClass: interaction.appClass,
    appKey: resolveApp(interaction.appClass).key,
    interactionType: interaction.interactionType,
    conversationType: interaction.conversationType ?? null,
    createdAt: new Date(interaction.createdDateTime),
    locale: interaction.locale,
    etag: interaction.etag ?? null,
    body: interaction.body ?? null,
    from: interaction.from,
    attachments: interaction.attachments ?? [],
    links: interaction.links ?? [],
    contexts: interaction.contexts ?? [],
    mentions: interaction.mentions ?? [],
    dataSourceKeys: dataSources.map((s) => s.key),
    syncedAt,
  };
  return { doc, dataSources };
}
