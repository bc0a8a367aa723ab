import { Button, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { downloadCsv, type CsvDownloadResult, type QueryParams } from '../api/client';
import { formatNumber } from '../format/format';
import { describeError } from './ErrorState';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: tokens.spacingVerticalXS },
  error: { color: tokens.colorPaletteRedForeground1 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1, maxWidth: '360px', textAlign: 'end' },
});

interface CsvDownloadButtonProps {
  /** The list endpoint; its filters are the table's, without paging. */
  path: string;
  params: QueryParams;
  fileName: string;
}

/** Downloads every row the current filters match as CSV (the API caps the export). */
export function CsvDownloadButton({ path, params, fileName }: CsvDownloadButtonProps) {
  const styles = useStyles();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [result, setResult] = useState<CsvDownloadResult | null>(null);
  const start = (): void => {
    setBusy(true);
    setError(null);
    setResult(null);
    downloadCsv(path, params, fileName)
      .then(setResult)
      .catch((e: unknown) => setError(e as Error))
      .finally(() => setBusy(false));
  };
  return (
    <div className={styles.root}>
      <Button
        icon={busy ? <Spinner size="tiny" /> : <ArrowDownloadRegular />}
        onClick={start}
        disabled={busy}
        aria-label={`Download CSV (${fileName})`}
      >
        Download CSV
      </Button>
      {result && !result.complete ? (
        <Text role="status" size={200} className={styles.warning}>
          The file holds the first {formatNumber(result.rows)}
          {result.total === null ? '' : ` of ${formatNumber(result.total)}`} rows: narrow the filters or the time range
          to export the rest.
        </Text>
      ) : null}
      {error ? (
        <Text role="alert" size={200} className={styles.error}>
          {describeError(error)}
        </Text>
      ) : null}
    </div>
  );
}
