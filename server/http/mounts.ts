import type { AppContext } from '../appContext';
import type { Mount } from '../createApp';

/**
 * Every router the server mounts, in order. One line per feature: the bot (`/api/messages`) comes before
 * the tab API (`/api`), which authenticates everything under it.
 */
export function buildMounts(_ctx: AppContext): Mount[] {
  return [];
}
