import type { AiInteraction, ODataPage } from '../types';
import type { GraphCall } from './graphPipeline';
import { sendGraphError, sendGraphJson } from './graphResponses';
import { FilterError, matchesInteractionFilter, parseInteractionFilter, type InteractionFilter } from './odataFilter';
import { assertOnlyOptions, buildQuery, parseQueryOptions, parseTop } from './odataQuery';
import type { SimulatorContext } from './simulatorContext';
import { decodeInteractionSkipToken, encodeInteractionSkipToken } from './skipTokens';
import { withUrlVariants } from './urlVariants';

/** Page size when the caller sends no `$top` (the documented example pages by 10). */
export const DEFAULT_INTERACTION_PAGE = 10;
/**
 * Largest page. Larger `$top` values are accepted and clamped to 100 rather than refused: Graph's practical
 * maximum is 100 (Microsoft Learn: getAllEnterpriseInteractions, optional query parameters) and clients report that asking for more simply returns 100 at a time.
 */
export const MAX_INTERACTION_PAGE = 100;

/**
 * `GET /copilot/users/{id}/interactionHistory/getAllEnterpriseInteractions`: 403 "UnknownError" for users the
 * API will not serve, the documented `$filter`s, results in Graph's (unsorted) order, absolute nextLinks that
 * keep the caller's `$filter`/`$top` and add an opaque `$skiptoken`.
 */
export function listInteractions(ctx: SimulatorContext, call: GraphCall, userId: string): void {
  const options = parseQueryOptions(call.req.originalUrl);
  assertOnlyOptions(options, ['filter', 'top', 'skiptoken', 'count']);
  const filterText = options.get('filter');
  const filter: InteractionFilter = filterText === undefined ? {} : parseInteractionFilter(filterText);
  const pageSize = Math.min(
    MAX_INTERACTION_PAGE,
    parseTop(options.get('top'), DEFAULT_INTERACTION_PAGE, {
      min: 1,
      max: 999_999,
      message: (raw) => `Invalid value '${raw}' for $top: it must be a positive integer.`,
    }),
  );
  if (filter.after && ctx.faults.rejectsDateFilterFor(userId)) {
    throw new FilterError('The createdDateTime filter is not supported for this user.');
  }
  const user = ctx.tenant.findUser(userId);
  if (!user || !user.licensed || !user.copilotEnabled)
    return sendGraphError(call.res, ctx.now(), 403, 'Forbidden', 'UnknownError');

  const scope = `${user.graph.id}|${filterText ?? ''}`;
  const token = options.get('skiptoken');
  const offset = token === undefined ? 0 : decodeInteractionSkipToken(ctx.skipTokenKey, scope, token);
  const matching = ctx.tenant
    .servedOrder(user.graph.id)
    .filter((i) => matchesInteractionFilter(filter, i.createdDateTime, i.appClass));
  const value = matching
    .slice(offset, offset + pageSize)
    .map((interaction) => withUrlVariants(ctx.faults, user.graph.id, interaction));
  const next = offset + value.length;
  // Like the mailbox-backed service, a full last page still links to one more (empty) page.
  const hasMore =
    next < matching.length || (value.length === pageSize && next === matching.length && matching.length > 0);

  let nextLink: string | undefined;
  if (hasMore) {
    const query = buildQuery([
      ['filter', filterText],
      ['top', options.get('top')],
      ['count', options.get('count')],
      ['skiptoken', encodeInteractionSkipToken(ctx.skipTokenKey, scope, next)],
    ]);
    // Under the foreignNextLinks fault the link leads elsewhere (a client must not follow it with its token).
    const origin = ctx.faults.nextLinkOrigin(user.graph.id) ?? call.origin;
    nextLink = `${origin}/${call.version}/copilot/users/${encodeURIComponent(userId)}/interactionHistory/getAllEnterpriseInteractions${query}`;
  }
  // Key order as Graph writes it: context, count, nextLink, value.
  const body: ODataPage<AiInteraction> = {
    '@odata.context': `${call.origin}/${call.version}/$metadata#Collection(microsoft.graph.aiInteraction)`,
    '@odata.count': value.length,
    ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
    value,
  };
  ctx.stats.page('interactions', value.length);
  sendGraphJson(call.res, 200, body, { truncate: call.truncate });
}
