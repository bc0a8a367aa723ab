/** What Teams checks beyond the JSON schema (which lets `http://` URLs and any validDomains string through). */

interface TabLike {
  contentUrl?: string;
  websiteUrl?: string;
  configurationUrl?: string;
}

export interface ManifestShape {
  developer?: { websiteUrl?: string; privacyUrl?: string; termsOfUseUrl?: string };
  staticTabs?: TabLike[];
  configurableTabs?: TabLike[];
  bots?: { commandLists?: { commands?: { title?: string }[] }[] }[];
  validDomains?: string[];
  webApplicationInfo?: { id?: string; resource?: string };
}

const HOST_NAME = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

function isValidDomain(host: string, validDomains: string[]): boolean {
  return validDomains.some((d) => d === host || (d.startsWith('*.') && host.endsWith(d.slice(1))));
}

/** The problems Teams would reject the package for, as readable sentences; empty when there are none. */
export function checkTeamsRules(manifest: ManifestShape): string[] {
  const problems: string[] = [];
  const validDomains = manifest.validDomains ?? [];
  for (const domain of validDomains) {
    // Lower case only: Teams on Android rejects upper-case domains in the application ID URI.
    if (!HOST_NAME.test(domain))
      problems.push(`validDomains: "${domain}" must be a lower-case host name (no scheme or path)`);
  }

  const urls: [string, string | undefined][] = [
    ['developer.websiteUrl', manifest.developer?.websiteUrl],
    ['developer.privacyUrl', manifest.developer?.privacyUrl],
    ['developer.termsOfUseUrl', manifest.developer?.termsOfUseUrl],
  ];
  const tabUrls: [string, string | undefined][] = [];
  manifest.staticTabs?.forEach((tab, i) => {
    tabUrls.push([`staticTabs[${i}].contentUrl`, tab.contentUrl], [`staticTabs[${i}].websiteUrl`, tab.websiteUrl]);
  });
  manifest.configurableTabs?.forEach((tab, i) => {
    tabUrls.push([`configurableTabs[${i}].configurationUrl`, tab.configurationUrl]);
  });
  for (const [where, url] of [...urls, ...tabUrls]) {
    if (url !== undefined && !url.startsWith('https://')) problems.push(`${where}: "${url}" must be an https:// URL`);
  }
  for (const [where, url] of tabUrls) {
    const host = url === undefined ? undefined : hostOf(url);
    if (url !== undefined && (host === undefined || !isValidDomain(host, validDomains))) {
      problems.push(`${where}: the host of "${url}" is not in validDomains`);
    }
  }

  const app = manifest.webApplicationInfo;
  if (app?.resource !== undefined) {
    const host = app.resource.startsWith('api://')
      ? hostOf(`https://${app.resource.slice('api://'.length)}`)
      : undefined;
    if (host === undefined || !isValidDomain(host, validDomains)) {
      problems.push(`webApplicationInfo.resource: "${app.resource}" must be api://<a valid domain>/<client id>`);
    } else if (app.id !== undefined && !app.resource.endsWith(app.id)) {
      problems.push(`webApplicationInfo.resource: "${app.resource}" must end with the client id ${app.id}`);
    }
  }

  manifest.bots?.forEach((bot, b) => {
    bot.commandLists?.forEach((list, l) => {
      const titles = (list.commands ?? []).map((c) => (c.title ?? '').toLowerCase());
      const duplicates = [...new Set(titles.filter((t, i) => titles.indexOf(t) !== i))];
      if (duplicates.length > 0)
        problems.push(`bots[${b}].commandLists[${l}]: duplicate commands: ${duplicates.join(', ')}`);
    });
  });
  return problems;
}
