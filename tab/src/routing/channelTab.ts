import { formatHash, parseHash, type ViewId } from './routes';
import { RANGE_PRESETS } from './timeRange';

/** A view a channel tab can open, with what its configuration form offers for it. */
export interface ChannelTabView {
  view: ViewId;
  label: string;
  /** The tab name suggested until the user types their own. */
  defaultName: string;
  /** Whether the view reads a time range (`days`) from the URL, and what it shows without one. */
  range: { defaultLabel: string } | null;
}

/** The views a channel tab can open (the data views; not a single conversation, the access log or admin pages). */
export const CHANNEL_TAB_VIEWS: readonly ChannelTabView[] = [
  { view: 'overview', label: 'Overview', defaultName: 'Copilot overview', range: { defaultLabel: 'Last 30 days' } },
  {
    view: 'agents',
    label: 'Inventory > Agents',
    defaultName: 'Copilot agents',
    range: { defaultLabel: 'Last 30 days' },
  },
  {
    view: 'observability',
    label: 'Observability',
    defaultName: 'Copilot activity',
    range: { defaultLabel: 'Last 30 days' },
  },
  { view: 'users', label: 'Users', defaultName: 'Copilot users', range: null },
  { view: 'data-sources', label: 'Data sources', defaultName: 'Copilot data sources', range: null },
  { view: 'sync', label: 'Sync', defaultName: 'Copilot sync', range: null },
];

/** Longest tab name the form accepts (a tab strip shows far fewer characters). */
export const MAX_TAB_NAME_LENGTH = 100;

/** What the configuration form holds. `days` is null for the view's own default range. */
export interface ChannelTabChoice {
  view: ViewId;
  days: number | null;
  name: string;
}

/** What Teams pins (`pages.config.setConfig`). */
export interface ChannelTabConfig {
  entityId: string;
  contentUrl: string;
  websiteUrl: string;
  suggestedDisplayName: string;
}

/** The form's starting point: the Overview, its default range, its suggested name. */
export const DEFAULT_CHOICE: ChannelTabChoice = { view: 'overview', days: null, name: 'Copilot overview' };

/** The entry for a view, or undefined if a channel tab cannot open it. */
export function channelTabView(view: ViewId): ChannelTabView | undefined {
  return CHANNEL_TAB_VIEWS.find((entry) => entry.view === view);
}

/** Why the choice cannot be saved yet, or null when Teams may save it. */
export function choiceProblem(choice: ChannelTabChoice): string | null {
  if (!channelTabView(choice.view)) return 'Choose the view the tab opens.';
  const name = choice.name.trim();
  if (!name) return 'Give the tab a name.';
  if (name.length > MAX_TAB_NAME_LENGTH) return `Keep the tab name to ${MAX_TAB_NAME_LENGTH} characters.`;
  return null;
}

/**
 * The tab Teams pins: the tab's own URL (`tabBase`, e.g. `https://host/tab/`) with the chosen view as a deep link,
 * so the channel tab is the same app shell (same sign-in and admin check) opened on that view.
 */
export function buildChannelTabConfig(tabBase: string, choice: ChannelTabChoice): ChannelTabConfig {
  const entry = channelTabView(choice.view);
  const days = entry?.range && choice.days ? String(choice.days) : undefined;
  const url = `${tabBase}${formatHash(choice.view, { days })}`;
  return {
    entityId: `observatory-${choice.view}`,
    contentUrl: url,
    websiteUrl: url,
    suggestedDisplayName: choice.name.trim(),
  };
}

/** Reads back a pinned tab's configuration (Teams reopens the page to change it); null if it is not one of ours. */
export function choiceFromConfig(config: {
  contentUrl?: string;
  suggestedDisplayName?: string;
}): ChannelTabChoice | null {
  if (!config.contentUrl) return null;
  let hash: string;
  try {
    hash = new URL(config.contentUrl).hash;
  } catch {
    return null; // Not a URL at all: nothing to prefill, the form starts from its defaults.
  }
  const route = parseHash(hash);
  const entry = channelTabView(route.view);
  if (!entry || !hash) return null;
  const days = Number(route.params.get('days'));
  const preset = (RANGE_PRESETS as readonly number[]).includes(days) && entry.range ? days : null;
  return { view: entry.view, days: preset, name: config.suggestedDisplayName?.trim() || entry.defaultName };
}
