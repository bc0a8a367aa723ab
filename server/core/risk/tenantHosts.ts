/**
 * Which hosts and e-mail domains belong to the tenant: its domains and subdomains, its SharePoint and OneDrive
 * hosts (`<name>.sharepoint.com`, `<name>-my.sharepoint.com`), and Microsoft 365's own service hosts. Another
 * tenant's SharePoint is outside.
 */
const MICROSOFT_SERVICE_SUFFIXES = [
  'microsoft.com',
  'office.com',
  'office.net',
  'office365.com',
  'microsoftonline.com',
  'cloud.microsoft',
  'live.com',
  'sharepointonline.com',
  'teams.microsoft.com',
  'bing.com',
  'msn.com',
];

export type HostMatcher = (host: string) => boolean;

/** A matcher for the tenant's domains (`contoso.com`, `contoso.onmicrosoft.com`, ...). */
export function tenantHostMatcher(domains: Iterable<string>): HostMatcher {
  const own = new Set<string>();
  const names = new Set<string>();
  for (const raw of domains) {
    const domain = raw.trim().toLowerCase().replace(/\.$/, '');
    if (!domain) continue;
    own.add(domain);
    names.add(domain.split('.')[0]!);
  }
  return (rawHost) => {
    const host = rawHost.toLowerCase().replace(/\.$/, '');
    if (host.endsWith('.sharepoint.com') || host === 'sharepoint.com') {
      const label = host.slice(0, -'.sharepoint.com'.length).split('.').pop() ?? '';
      return names.has(label.replace(/-(?:my|admin|files)$/, ''));
    }
    for (const domain of own) if (host === domain || host.endsWith(`.${domain}`)) return true;
    return MICROSOFT_SERVICE_SUFFIXES.some((s) => host === s || host.endsWith(`.${s}`));
  };
}
