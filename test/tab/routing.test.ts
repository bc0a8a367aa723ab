import {
  buildChannelTabConfig,
  CHANNEL_TAB_VIEWS,
  choiceFromConfig,
  choiceProblem,
  DEFAULT_CHOICE,
} from '../../tab/src/routing/channelTab';
import { formatHash, parseHash } from '../../tab/src/routing/routes';
import { resolveRange } from '../../tab/src/routing/timeRange';

describe('tab routes', () => {
  it('reads the view and its filters from the hash, and writes them back the same way', () => {
    const route = parseHash('#/observability?types=session,prompt&days=7&appKey=word');
    expect(route.view).toBe('observability');
    expect(route.params.get('types')).toBe('session,prompt');
    expect(parseHash(formatHash(route.view, route.params))).toEqual(route);
  });

  it('addresses a conversation by its id, whatever characters the id holds', () => {
    const id = 'a b/c?d#e';
    const hash = formatHash('conversation', undefined, id);
    expect(hash).toBe(`#/conversations/${encodeURIComponent(id)}`);
    expect(parseHash(hash)).toMatchObject({ view: 'conversation', id });
  });

  it("addresses a person's page by their object id", () => {
    const id = '763d54b2-241c-49fc-86d5-89e013ec3d8c';
    expect(formatHash('person', undefined, id)).toBe(`#/people/${id}`);
    expect(parseHash(`#/people/${id}`)).toMatchObject({ view: 'person', id });
  });

  it("addresses the Risk list with its filters and a finding's page by its id", () => {
    expect(formatHash('risk', { status: 'open', severity: 'high' })).toBe('#/risk?status=open&severity=high');
    expect(parseHash('#/risk?category=credential')).toMatchObject({ view: 'risk', id: null });
    expect(parseHash('#/risk/').view).toBe('risk');
    expect(formatHash('finding', undefined, '0123456789abcdef01234567')).toBe('#/risk/0123456789abcdef01234567');
    expect(parseHash('#/risk/0123456789abcdef01234567')).toMatchObject({
      view: 'finding',
      id: '0123456789abcdef01234567',
    });
  });

  it('opens the Overview for an empty or unknown hash, and Agents under its inventory path or the short one', () => {
    expect(parseHash('').view).toBe('overview');
    expect(parseHash('#/no-such-view').view).toBe('overview');
    expect(parseHash('#/inventory/agents').view).toBe('agents');
    expect(parseHash('#/agents/').view).toBe('agents');
    expect(formatHash('agents')).toBe('#/inventory/agents');
  });

  it("knows the channel tab's configuration page at #/config, which the manifest's configurationUrl names", () => {
    expect(parseHash('#/config').view).toBe('config');
    expect(parseHash('#/config/').view).toBe('config');
    expect(formatHash('config')).toBe('#/config');
  });

  it('leaves empty filters out of links', () => {
    expect(formatHash('users', { list: 'inactive', search: '', appKey: undefined })).toBe('#/users?list=inactive');
  });
});

describe('channel tab configuration', () => {
  const base = 'https://observatory.contoso.com/tab/';

  it('pins the tab URL with the chosen view and range as a deep link, and the typed name', () => {
    expect(buildChannelTabConfig(base, { view: 'observability', days: 7, name: '  Copilot activity ' })).toEqual({
      entityId: 'observatory-observability',
      contentUrl: `${base}#/observability?days=7`,
      websiteUrl: `${base}#/observability?days=7`,
      suggestedDisplayName: 'Copilot activity',
    });
    expect(buildChannelTabConfig(base, DEFAULT_CHOICE).contentUrl).toBe(`${base}#/overview`);
    expect(buildChannelTabConfig(base, { view: 'agents', days: null, name: 'Agents' }).contentUrl).toBe(
      `${base}#/inventory/agents`,
    );
  });

  it('leaves the range out for views that have none', () => {
    expect(buildChannelTabConfig(base, { view: 'sync', days: 30, name: 'Sync' }).contentUrl).toBe(`${base}#/sync`);
  });

  it('offers only views the router knows, and reads every pinned link back to the same choice', () => {
    for (const entry of CHANNEL_TAB_VIEWS) {
      const choice = { view: entry.view, days: entry.range ? 90 : null, name: entry.defaultName };
      const config = buildChannelTabConfig(base, choice);
      expect(parseHash(new URL(config.contentUrl).hash).view).toBe(entry.view);
      expect(choiceFromConfig(config)).toEqual(choice);
    }
  });

  it('starts from the defaults when the pinned link is missing, not ours, or a view a channel tab cannot open', () => {
    expect(choiceFromConfig({})).toBeNull();
    expect(choiceFromConfig({ contentUrl: 'not a url' })).toBeNull();
    expect(choiceFromConfig({ contentUrl: `${base}` })).toBeNull();
    expect(choiceFromConfig({ contentUrl: `${base}#/access-log` })).toBeNull();
    expect(choiceFromConfig({ contentUrl: `${base}#/users?days=5` })).toEqual({
      view: 'users',
      days: null,
      name: 'Copilot users',
    });
  });

  it('refuses to save without a tab name or with one too long', () => {
    expect(choiceProblem(DEFAULT_CHOICE)).toBeNull();
    expect(choiceProblem({ ...DEFAULT_CHOICE, name: '   ' })).toBe('Give the tab a name.');
    expect(choiceProblem({ ...DEFAULT_CHOICE, name: 'x'.repeat(101) })).toMatch(/100 characters/);
    expect(choiceProblem({ ...DEFAULT_CHOICE, view: 'access-log' })).toBe('Choose the view the tab opens.');
  });
});

describe('department routes', () => {
  it("round-trips a department's page, its name encoded", () => {
    expect(parseHash('#/departments')).toMatchObject({ view: 'departments', id: null });
    expect(parseHash('#/departments/Sales%20%26%20Marketing?days=7')).toMatchObject({
      view: 'department',
      id: 'Sales & Marketing',
    });
    expect(formatHash('department', { days: '7' }, 'Sales & Marketing')).toBe(
      '#/departments/Sales%20%26%20Marketing?days=7',
    );
  });
});

describe('tab time ranges', () => {
  const now = new Date('2026-11-22T15:30:00Z');

  it('turns "last N days" into whole UTC days ending tomorrow at midnight, so a URL asks the same all day', () => {
    const range = resolveRange(new URLSearchParams('days=7'), now);
    expect(range).toMatchObject({
      from: '2026-11-16T00:00:00.000Z',
      to: '2026-11-23T00:00:00.000Z',
      days: 7,
      fromDay: '2026-11-16',
      toDay: '2026-11-22',
    });
    expect(resolveRange(new URLSearchParams('days=7'), new Date('2026-11-22T00:00:01Z')).from).toBe(range.from);
  });

  it('includes the "to" day of a custom range', () => {
    expect(resolveRange(new URLSearchParams('from=2026-11-01&to=2026-11-15'), now)).toMatchObject({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-16T00:00:00.000Z',
      days: null,
    });
  });

  it('reads calendar presets in UTC: this week from Monday, this month, the previous month', () => {
    // 2026-11-22 is a Sunday.
    expect(resolveRange(new URLSearchParams('period=week'), now)).toMatchObject({
      from: '2026-11-16T00:00:00.000Z',
      to: '2026-11-23T00:00:00.000Z',
      period: 'week',
      days: null,
      label: 'This week',
    });
    expect(resolveRange(new URLSearchParams('period=month'), now)).toMatchObject({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-23T00:00:00.000Z',
    });
    expect(resolveRange(new URLSearchParams('period=previous-month'), now)).toMatchObject({
      from: '2026-10-01T00:00:00.000Z',
      to: '2026-11-01T00:00:00.000Z',
      fromDay: '2026-10-01',
      toDay: '2026-10-31',
    });
    expect(resolveRange(new URLSearchParams('period=decade'), now)).toMatchObject({ days: 30, period: null });
  });

  it('knows the previous period of equal length, which the figures compare with', () => {
    expect(resolveRange(new URLSearchParams('days=7'), now).previous).toEqual({
      from: '2026-11-09T00:00:00.000Z',
      to: '2026-11-16T00:00:00.000Z',
    });
  });

  it('falls back to the last 30 days for missing, reversed or absurd ranges', () => {
    for (const query of [
      '',
      'days=0',
      'days=-3',
      'days=5000',
      'days=abc',
      'from=2026-11-15&to=2026-11-01',
      'from=x&to=y',
    ]) {
      expect(resolveRange(new URLSearchParams(query), now)).toMatchObject({
        days: 30,
        from: '2026-10-24T00:00:00.000Z',
      });
    }
  });
});
