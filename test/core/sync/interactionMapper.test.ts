import { ObjectId } from 'mongodb';
import { interactionId, mapInteraction } from '../../../server/core/sync/interactionMapper';
import { buildInteraction } from '../../support/factories';

/**
 * What the sync stores of each Graph aiInteraction: every field as Graph sent it, absent optional ones as null or
 * an empty list (never `undefined`, which a later `$set` would not replace), the app it belongs to and the keys of
 * the data sources it cites.
 */

const tenantId = 'tenant-map';
const userId = 'user-1';
const syncedAt = new Date('2026-11-20T12:00:00.000Z');
const PLAN_KEY = 'url:https://contoso.sharepoint.com/sites/Sales/Shared%20Documents/Plan.docx';
const GRAPH_KEY = 'url:https://learn.microsoft.com/graph/overview';

describe('mapInteraction', () => {
  it('keeps every field Graph sent, with its app and the keys of the sources it cites', () => {
    const interaction = buildInteraction({
      id: '1762078500000',
      appClass: 'IPM.SkypeTeams.Message.Copilot.Excel',
      links: [{ linkUrl: 'https://learn.microsoft.com/graph/overview', displayName: 'Graph', linkType: null }],
      attachments: [{ attachmentId: 'a1', contentType: 'reference', contentUrl: null, content: null, name: 'x' }],
      mentions: [{ mentionId: 0, mentionText: 'Ada', mentioned: null }],
    });
    const { doc, dataSources } = mapInteraction(tenantId, userId, interaction, syncedAt);
    expect(doc).toEqual({
      // The id of a stored interaction is pinned: a store synced by an earlier release is updated in place.
      _id: new ObjectId('09218db77033a9fe32ed6929'),
      tenantId,
      userId,
      graphId: '1762078500000',
      sessionId: '19:session-one@thread.v2',
      requestId: 'req-1',
      appClass: 'IPM.SkypeTeams.Message.Copilot.Excel',
      appKey: 'excel',
      interactionType: 'userPrompt',
      conversationType: 'appchat',
      createdAt: new Date('2026-11-02T10:15:00.000Z'),
      locale: 'en-us',
      etag: '1762078500000',
      body: { contentType: 'text', content: 'Summarize this document' },
      from: interaction.from,
      attachments: interaction.attachments,
      links: interaction.links,
      contexts: interaction.contexts,
      mentions: interaction.mentions,
      dataSourceKeys: expect.arrayContaining([PLAN_KEY, GRAPH_KEY]),
      syncedAt,
    });
    expect(doc.dataSourceKeys).toHaveLength(2);
    expect(dataSources.map((s) => s.key).sort()).toEqual([...doc.dataSourceKeys].sort());
  });

  it('stores what Graph left out as null or an empty list', () => {
    const interaction = buildInteraction({
      requestId: null,
      conversationType: null,
      etag: null,
      body: null,
      attachments: null,
      links: null,
      contexts: null,
      mentions: null,
    });
    const { doc, dataSources } = mapInteraction(tenantId, userId, interaction, syncedAt);
    expect(doc).toMatchObject({
      requestId: null,
      conversationType: null,
      etag: null,
      body: null,
      attachments: [],
      links: [],
      contexts: [],
      mentions: [],
      dataSourceKeys: [],
    });
    expect(dataSources).toEqual([]);
  });

  it("keys an interaction by tenant, user and Graph id (Graph's ids are unique only within one user's history)", () => {
    const id = interactionId(tenantId, userId, '1762078500000');
    expect(id).toEqual(new ObjectId('09218db77033a9fe32ed6929'));
    expect(interactionId(tenantId, 'user-2', '1762078500000')).not.toEqual(id);
    expect(interactionId('tenant-other', userId, '1762078500000')).not.toEqual(id);
  });
});
