import { Caption1, Link, makeStyles, tokens } from '@fluentui/react-components';
import { formatNumber } from '../format/format';
import { useApps } from '../hooks/useApps';
import { useFindingsSummary } from '../hooks/useFindingsSummary';
import { formatHash } from '../routing/routes';
import { TARGET_24 } from './layoutStyles';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
  },
  label: { color: tokens.colorNeutralForeground3 },
  // Many agents wrap onto a second line 4 px below the first: each link keeps a 24 px target (WCAG 2.5.8).
  link: TARGET_24,
});

/** Open risk findings per agent (for the Agents view's user and app filters), each a link to those findings. */
export function OpenFindingsByApp({ userId, appKey }: { userId: string; appKey: string }) {
  const styles = useStyles();
  const summary = useFindingsSummary({ userId, appKey });
  const { apps } = useApps();
  const byApp = summary.data?.openByApp;
  if (!byApp) return null;
  const name = (key: string): string => apps.find((a) => a.appKey === key)?.appName ?? key;
  return (
    <div
      className={styles.root}
      role="group"
      aria-label="Open risk findings per agent"
      data-testid="agents-open-findings"
    >
      <Caption1 className={styles.label}>Open risk findings:</Caption1>
      {byApp.length === 0 ? <Caption1>none</Caption1> : null}
      {byApp.map((a) => (
        <Link
          key={a.appKey}
          className={styles.link}
          href={formatHash('risk', { status: 'open', appKey: a.appKey, userId })}
          aria-label={`${name(a.appKey)}: ${formatNumber(a.count)} open findings, show them`}
        >
          {name(a.appKey)} ({formatNumber(a.count)})
        </Link>
      ))}
    </div>
  );
}
