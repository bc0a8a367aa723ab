import { makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  svg: { color: tokens.colorBrandForeground1, verticalAlign: 'middle' },
});

const WIDTH = 84;
const HEIGHT = 20;

/** A tiny line of daily interactions (oldest first); the numbers are in its accessible name. */
export function TrendSparkline({ values, label }: { values: number[]; label: string }) {
  const styles = useStyles();
  if (values.length < 2) return <>—</>;
  const max = Math.max(1, ...values);
  const step = WIDTH / (values.length - 1);
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(HEIGHT - 1 - (v / max) * (HEIGHT - 2)).toFixed(1)}`);
  return (
    <svg
      className={styles.svg}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={`${label}: ${values.join(', ')}`}
    >
      <polyline points={points.join(' ')} fill="none" stroke="currentColor" strokeWidth={1.5} />
    </svg>
  );
}
