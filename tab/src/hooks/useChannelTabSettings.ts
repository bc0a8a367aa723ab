import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  buildChannelTabConfig,
  channelTabView,
  choiceFromConfig,
  choiceProblem,
  DEFAULT_CHOICE,
  type ChannelTabChoice,
  type ChannelTabConfig,
} from '../routing/channelTab';
import type { ViewId } from '../routing/routes';
import { inTeamsConfigDialog, onSave, readPinnedConfig, setSaveEnabled } from '../teams/channelTabHost';

/** The tab's base URL (origin and path, e.g. `https://host/tab/`), without the query or the hash. */
function currentTabBase(): string {
  return `${window.location.origin}${window.location.pathname}`;
}

/** Where the page runs: still asking teams-js, in Teams' tab dialog, or anywhere else (a browser, a content tab). */
export type ConfigHost = 'connecting' | 'teams-dialog' | 'elsewhere';

export interface ChannelTabSettings {
  host: ConfigHost;
  choice: ChannelTabChoice;
  /** What Save pins, as the form stands. */
  config: ChannelTabConfig;
  /** Why Save is disabled, or null. */
  problem: string | null;
  /** The last Save's failure (Teams shows it as well), or null. */
  saveError: Error | null;
  chooseView: (view: ViewId) => void;
  chooseDays: (days: number | null) => void;
  rename: (name: string) => void;
}

/**
 * The channel tab's configuration form. In Teams' dialog it keeps the Save button's state in step with the form and
 * pins the chosen view on Save; changing an existing tab starts from what it pins.
 */
export function useChannelTabSettings(): ChannelTabSettings {
  const [host, setHost] = useState<ConfigHost>('connecting');
  const [choice, setChoice] = useState<ChannelTabChoice>(DEFAULT_CHOICE);
  const [saveError, setSaveError] = useState<Error | null>(null);
  const config = useMemo(() => buildChannelTabConfig(currentTabBase(), choice), [choice]);
  const problem = choiceProblem(choice);

  // The save handler is registered once; it reads the form as it is when Save is pressed.
  const latest = useRef(config);
  useEffect(() => {
    latest.current = config;
  }, [config]);

  useEffect(() => {
    let active = true;
    void (async () => {
      if (!(await inTeamsConfigDialog())) {
        if (active) setHost('elsewhere');
        return;
      }
      const pinned = await readPinnedConfig();
      if (!active) return;
      const restored = pinned ? choiceFromConfig(pinned) : null;
      if (restored) {
        latest.current = buildChannelTabConfig(currentTabBase(), restored);
        setChoice(restored);
      }
      onSave(
        () => latest.current,
        (error) => setSaveError(error),
      );
      setHost('teams-dialog');
    })();
    return () => {
      active = false;
    };
  }, []);

  // Registered before validity is first set, so Save never fires without our handler.
  useEffect(() => {
    if (host === 'teams-dialog') setSaveEnabled(problem === null);
  }, [host, problem]);

  const chooseView = useCallback((view: ViewId) => {
    const entry = channelTabView(view);
    if (!entry) return;
    // The suggested name follows the view until the user types a name of their own.
    setChoice((c) => ({
      ...c,
      view,
      name: c.name === channelTabView(c.view)?.defaultName ? entry.defaultName : c.name,
    }));
  }, []);
  const chooseDays = useCallback((days: number | null) => setChoice((c) => ({ ...c, days })), []);
  const rename = useCallback((name: string) => setChoice((c) => ({ ...c, name })), []);

  return { host, choice, config, problem, saveError, chooseView, chooseDays, rename };
}
