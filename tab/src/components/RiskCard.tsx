import { Caption1, Card, Link, makeStyles, mergeClasses, Subtitle2, Text, tokens } from '@fluentui/react-components';
import type { Severity } from '../../../server/api/contracts';
import { countOf, formatNumber } from '../format/format';
import { SEVERITY_LABELS } from '../format/riskLabels';
import { useFindingsSummary } from '../hooks/useFindingsSummary';
import { formatHash } from '../routing/routes';
import { ErrorState } from './ErrorState';
import { LoadingState } from './LoadingState';
import { TrendSparkline } from './TrendSparkline';

const useStyles = makeStyles({
  card: { marginBottom: tokens.spacingVerticalL },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXXL}`,
  },
  figure: { display: 'flex', flexDirection: 'column' },
  value: {
    fontSize: tokens.fontSizeHero700,
    lineHeight: tokens.lineHeightHero700,
    fontWeight: tokens.fontWeightSemibold,
  },
  high: { color: tokens.colorPaletteRedForeground1 },
  medium: { color: tokens.colorPaletteDarkOrangeForeground1 },
  low: { color: tokens.colorBrandForeground1 },
  hint: { color: tokens.colorNeutralForeground3 },
});

const SEVERITIES: Severity[] = ['high', 'medium', 'low'];

/** The Overview's risk card: open findings by severity (each a link to those findings), and new findings per day. */
export function RiskCard({ appKey }: { appKey: string }) {
  const styles = useStyles();
  const summary = useFindingsSummary({ appKey });
  const data = summary.data;
  const risk = (params: Record<string, string>) => formatHash('risk', { status: 'open', appKey, ...params });
  return (
    <Card className={styles.card} role="region" aria-label="Risk findings" data-testid="risk-card">
      <Subtitle2 as="h2">Open risk findings</Subtitle2>
      {summary.loading ? <LoadingState label="Loading the risk findings…" /> : null}
      {summary.error ? <ErrorState error={summary.error} onRetry={summary.reload} /> : null}
      {data ? (
        <div className={styles.row}>
          <div className={styles.figure}>
            <Link
              className={styles.value}
              href={risk({})}
              aria-label={`${countOf(data.open.total, 'open finding')}, show them`}
              data-testid="risk-open-total"
            >
              {formatNumber(data.open.total)}
            </Link>
            <Caption1 className={styles.hint}>open</Caption1>
          </div>
          {SEVERITIES.map((severity) => (
            <div key={severity} className={styles.figure}>
              <Link
                className={mergeClasses(styles.value, styles[severity])}
                href={risk({ severity })}
                aria-label={`${SEVERITY_LABELS[severity]}: ${countOf(data.open[severity], 'open finding')}, show them`}
                data-testid={`risk-open-${severity}`}
              >
                {formatNumber(data.open[severity])}
              </Link>
              <Caption1 className={styles.hint}>{SEVERITY_LABELS[severity]}</Caption1>
            </div>
          ))}
          <div className={styles.figure}>
            <TrendSparkline values={data.daily.map((d) => d.count)} label="Findings per day, last 14 days" />
            <Caption1 className={styles.hint}>
              {countOf(
                data.daily.reduce((sum, d) => sum + d.count, 0),
                'finding',
              )}{' '}
              in the last 14 days
            </Caption1>
          </div>
          {data.investigating > 0 ? (
            <Link href={formatHash('risk', { status: 'investigating', appKey })}>
              <Text>{countOf(data.investigating, 'finding')} being investigated</Text>
            </Link>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
