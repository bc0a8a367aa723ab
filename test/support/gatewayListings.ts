import type { GraphGateway, InteractionPage, InteractionWindow } from '../../server/graph/GraphGateway';

/**
 * The real gateway with its interaction listings passed through `list`, which gets the real listing to count, hold
 * or fail it; everything else goes to the real gateway unchanged.
 */
export function withListings(
  inner: GraphGateway,
  list: (
    real: (userId: string, window: InteractionWindow, signal?: AbortSignal) => AsyncIterable<InteractionPage>,
    userId: string,
    window: InteractionWindow,
    signal?: AbortSignal,
  ) => AsyncIterable<InteractionPage>,
): GraphGateway {
  return {
    listLicensedUsers: (skuIds, signal, options) => inner.listLicensedUsers(skuIds, signal, options),
    listInteractions: (userId, window, signal) =>
      list((...args) => inner.listInteractions(...args), userId, window, signal),
    refreshToken: (signal) => inner.refreshToken(signal),
    stats: () => inner.stats(),
  };
}
