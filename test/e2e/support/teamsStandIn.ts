/** How the stand-in Teams client frames the tab. */
export interface TeamsStandInOptions {
  /** The tab's URL (the frame's src). */
  tabUrl: string;
  /** The SSO token `authentication.getAuthToken` hands out. */
  token: string;
  /** 'content' for a tab, 'settings' for the "Add a tab" / tab settings dialog (default 'content'). */
  frameContext?: 'content' | 'settings';
  /** Makes `pages.config.setConfig` fail with this reason (Teams refusing the settings). */
  refuseConfigWith?: string;
}

/**
 * A stand-in for the Teams web client at https://teams.microsoft.com (served by the browser's request routing, so
 * nothing leaves the machine): it frames the tab and answers the postMessage protocol of teams-js 2.58:
 * - `initialize` (frame context, host client 'web', a runtime supporting authentication and pages.config),
 *   `getContext` (theme "default"), `authentication.getAuthToken` (the given token);
 * - the configuration dialog: `registerHandler ['save']`, `settings.setValidityState [valid]` (Teams' Save button),
 *   `settings.getSettings` (nothing pinned yet), `settings.setSettings [config]` (answers `[true]`, or
 *   `[false, reason]`), and the tab's `settings.save.success` / `settings.save.failure [reason]`.
 * The page records all of it in `window.host` (see TeamsStandInRecord) and can send `themeChange` and `settings.save` (the Save button).
 */
export function teamsStandInPage(options: TeamsStandInOptions): string {
  const frameContext = options.frameContext ?? 'content';
  const runtime = {
    apiVersion: 4,
    supports: { appInitialization: {}, authentication: {}, pages: { config: {} } },
  };
  return `<!doctype html><html><body style="margin:0">
<iframe id="tab" src="${options.tabUrl}" style="border:0;width:1400px;height:900px"></iframe>
<script>
  window.host = { calls: [], tokenRequests: 0, validity: [], savedConfigs: [], saveOutcomes: [] };
  const tabWindow = () => document.getElementById('tab').contentWindow;
  const frameContext = ${JSON.stringify(frameContext)};
  const refuseConfigWith = ${JSON.stringify(options.refuseConfigWith ?? null)};
  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message.func !== 'string' || event.source !== tabWindow()) return;
    const host = window.host;
    const args = message.args || [];
    host.calls.push(message.func === 'registerHandler' ? 'registerHandler ' + args[0] : message.func);
    const reply = (replyArgs) => event.source.postMessage({ id: message.id, uuid: message.uuid, args: replyArgs }, event.origin);
    switch (message.func) {
      case 'initialize':
        return reply([frameContext, 'web', ${JSON.stringify(JSON.stringify(runtime))}, '2.58.0']);
      case 'getContext':
        return reply([{ theme: 'default', locale: 'en-us', hostClientType: 'web', hostName: 'Teams', entityId: 'admin', frameContext }]);
      case 'authentication.getAuthToken':
        host.tokenRequests++;
        return reply([true, ${JSON.stringify(options.token)}]);
      case 'settings.setValidityState':
        host.validity.push(args[0]);
        return;
      case 'settings.getSettings':
        return reply([{ entityId: '', contentUrl: '' }]);
      case 'settings.setSettings':
        host.savedConfigs.push(args[0]);
        return reply(refuseConfigWith ? [false, refuseConfigWith] : [true]);
      case 'settings.save.success':
        host.saveOutcomes.push('success');
        return;
      case 'settings.save.failure':
        host.saveOutcomes.push('failure: ' + args[0]);
        return;
      default:
        return reply([]);
    }
  });
  window.changeTheme = (theme) => tabWindow().postMessage({ func: 'themeChange', args: [theme] }, '*');
  window.pressSave = () => tabWindow().postMessage({ func: 'settings.save', args: [{}] }, '*');
</script></body></html>`;
}

/** What the stand-in recorded (`window.host`). */
export interface TeamsStandInRecord {
  /** Every call's name (`registerHandler save` for handler registrations), in order. */
  calls: string[];
  tokenRequests: number;
  validity: boolean[];
  savedConfigs: Array<Record<string, unknown>>;
  saveOutcomes: string[];
}
