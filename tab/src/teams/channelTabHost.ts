import { pages } from '@microsoft/teams-js';
import type { ChannelTabConfig } from '../routing/channelTab';
import { connectToTeams } from './teamsHost';
import { withTimeout } from './withTimeout';

const CONFIG_TIMEOUT_MS = 10_000;

/** Whether this page is open in Teams' "Add a tab" / tab settings dialog (the only place pages.config works). */
export async function inTeamsConfigDialog(): Promise<boolean> {
  const host = await connectToTeams();
  return host.inTeams && host.frameContext === 'settings' && pages.config.isSupported();
}

/** The configuration of the tab being changed (null when a tab is being added, or Teams does not answer in time). */
export async function readPinnedConfig(): Promise<pages.InstanceConfig | null> {
  if (!pages.isSupported()) return null;
  return withTimeout(pages.getConfig(), CONFIG_TIMEOUT_MS, () => null).catch(() => null);
}

/** Enables or disables Teams' Save button. */
export function setSaveEnabled(valid: boolean): void {
  pages.config.setValidityState(valid);
}

/**
 * When the user presses Save, pins `currentConfig()` and tells Teams whether that worked (Teams shows the failure
 * message and keeps the dialog open). `onResult` hears the outcome too, so the page can show it.
 */
export function onSave(currentConfig: () => ChannelTabConfig, onResult: (error: Error | null) => void): void {
  pages.config.registerOnSaveHandler((saveEvent) => {
    const pin = async (): Promise<void> => {
      await withTimeout(pages.config.setConfig(currentConfig()), CONFIG_TIMEOUT_MS, () => {
        throw new Error('Teams did not confirm the tab settings in time.');
      });
    };
    pin().then(
      () => {
        saveEvent.notifySuccess();
        onResult(null);
      },
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        saveEvent.notifyFailure(failure.message || 'The tab settings could not be saved.');
        onResult(failure);
      },
    );
  });
}
