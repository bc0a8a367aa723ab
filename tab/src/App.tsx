import { FluentProvider, Hamburger, makeStaticStyles, makeStyles, Text, tokens } from '@fluentui/react-components';
import type { MouseEvent } from 'react';
import { ApiRequestError } from './api/client';
import { AccessProblem } from './components/AccessProblem';
import { AppNav } from './components/AppNav';
import { DemoBanner } from './components/DemoBanner';
import { ErrorState } from './components/ErrorState';
import { LoadingState } from './components/LoadingState';
import { ThemePicker } from './components/ThemePicker';
import { useAppTheme, type AppTheme } from './hooks/useAppTheme';
import { useMe } from './hooks/useMe';
import { useNavOpen } from './hooks/useNavOpen';
import { useRoute } from './hooks/useRoute';
import { ThemeChoiceContext } from './teams/themeChoiceContext';
import { ViewRouter } from './ViewRouter';
import type { ViewId } from './routing/routes';
import { ViewErrorBoundary } from './components/ViewErrorBoundary';
import ConfigPage from './pages/ConfigPage';
import { TierContext, VIEW_CAPABILITIES, type TierInfo } from './privacy/tierContext';
import { TierRequired } from './privacy/TierRequired';

// The tab fills its frame edge to edge (Teams draws its own chrome around it).
const useGlobalStyles = makeStaticStyles({ body: { margin: 0 } });

const useStyles = makeStyles({
  provider: {
    minHeight: '100vh',
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
  },
  shell: { display: 'grid', gridTemplateRows: 'auto auto 1fr', minHeight: '100vh' },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    paddingInline: tokens.spacingHorizontalXL,
    paddingBlock: tokens.spacingVerticalS,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  product: { fontWeight: tokens.fontWeightSemibold },
  // Wraps under the product name, then the name above the theme picker, in a narrow tab (a meeting side panel).
  headerEnd: {
    marginInlineStart: 'auto',
    display: 'flex',
    flexWrap: 'wrap',
    justifyContent: 'flex-end',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    minWidth: 0,
  },
  body: { display: 'grid', gridTemplateColumns: 'auto minmax(0, 1fr)', minHeight: 0 },
  main: {
    // Always the second column: with the navigation closed (unmounted) it would otherwise fall into the first,
    // `auto` one and be only as wide as its content.
    gridColumn: '2',
    minWidth: 0,
    padding: tokens.spacingHorizontalXL,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  skip: {
    position: 'absolute',
    left: '-10000px',
    ':focus': { left: tokens.spacingHorizontalS, top: tokens.spacingVerticalS, zIndex: 1 },
  },
  banner: { paddingInline: tokens.spacingHorizontalXL, paddingTop: tokens.spacingVerticalS },
});

/** The signed-in shell: header, demo banner, navigation and the current view. */
function Shell({ appTheme }: { appTheme: AppTheme }) {
  const styles = useStyles();
  const me = useMe();
  const route = useRoute();
  const nav = useNavOpen();

  if (me.loading) return <LoadingState label="Signing in…" />;
  if (me.error instanceof ApiRequestError && me.error.status === 403) return <AccessProblem kind="forbidden" />;
  if (me.error instanceof ApiRequestError && me.error.status === 401)
    return <AccessProblem kind="unauthenticated" detail={me.error.message} onRetry={me.reload} />;
  if (me.error || !me.data) {
    return (
      <main className={styles.main}>
        <ErrorState
          error={me.error ?? new Error('No answer from the server.')}
          onRetry={me.reload}
          title="Could not start"
        />
      </main>
    );
  }
  if (!me.data.tier) return <AccessProblem kind="forbidden" />;
  const tier: TierInfo = {
    tier: me.data.tier,
    capabilities: me.data.capabilities,
    capabilityTiers: me.data.capabilityTiers,
  };
  const canSee = (view: ViewId) => tier.capabilities[VIEW_CAPABILITIES[view]];
  const needed = tier.capabilityTiers[VIEW_CAPABILITIES[route.view]];

  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <a className={styles.skip} href="#main" onClick={skipToMain}>
          Skip to content
        </a>
        <Hamburger
          onClick={nav.toggle}
          aria-expanded={nav.open}
          aria-controls="app-nav"
          aria-label={nav.open ? 'Hide navigation' : 'Show navigation'}
        />
        <Text className={styles.product} size={400}>
          Copilot Observatory
        </Text>
        <div className={styles.headerEnd}>
          <Text size={200}>
            {me.data.name ?? me.data.upn ?? me.data.userId} · {me.data.tier}
          </Text>
          {appTheme.inTeams ? null : <ThemePicker value={appTheme.choice} onChange={appTheme.choose} />}
        </div>
      </header>
      <div className={styles.banner}>{me.data.demo ? <DemoBanner /> : null}</div>
      <div className={styles.body}>
        <AppNav current={route.view} open={nav.open} canSee={canSee} />
        <main id="main" className={styles.main}>
          <TierContext.Provider value={tier}>
            <ViewErrorBoundary resetKey={route.view}>
              {canSee(route.view) ? <ViewRouter view={route.view} /> : <TierRequired needed={needed} has={tier.tier} />}
            </ViewErrorBoundary>
          </TierContext.Provider>
        </main>
      </div>
    </div>
  );
}

// "#main" would be read as a route: move focus to the main region instead of following the link.
function skipToMain(event: MouseEvent): void {
  event.preventDefault();
  const main = document.getElementById('main');
  main?.querySelector<HTMLElement>('h1')?.focus();
}

/** The tab: Fluent theme (Teams' theme inside Teams), then the shell. */
export function App() {
  useGlobalStyles();
  const appTheme = useAppTheme();
  const styles = useStyles();
  const route = useRoute();
  return (
    <FluentProvider theme={appTheme.theme} data-theme={appTheme.choice}>
      {/* Page styles on an inner element: the provider's class also lands on every portal's mount node. */}
      <ThemeChoiceContext.Provider value={appTheme.choice}>
        <div className={styles.provider} data-testid="app-surface">
          {/* The channel tab's configuration dialog reads no data: no sign-in, no navigation. The tab it pins is the
              shell below, with the same sign-in and admin check as the personal tab. */}
          {route.view === 'config' ? <ConfigPage /> : <Shell appTheme={appTheme} />}
        </div>
      </ThemeChoiceContext.Provider>
    </FluentProvider>
  );
}
