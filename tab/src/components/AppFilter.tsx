import { useApps } from '../hooks/useApps';
import { useFilters } from '../hooks/useFilters';
import { SelectFilter } from './SelectFilter';

/** "App" (the `appKey` URL filter): every Copilot app seen in the range. */
export function AppFilter({ range }: { range?: { from: string; to: string } }) {
  const filters = useFilters();
  const { apps } = useApps(range ? { from: range.from, to: range.to } : undefined);
  return (
    <SelectFilter
      label="App"
      value={filters.get('appKey')}
      allLabel="All apps"
      options={apps.map((app) => ({ value: app.appKey, label: app.appName }))}
      onChange={(appKey) => filters.set({ appKey })}
    />
  );
}
