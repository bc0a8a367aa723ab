import { formatDateTime } from '../format/format';

/** A point in time in a table: readable text, machine-readable `dateTime`. */
export function DateCell({ iso }: { iso: string | null | undefined }) {
  return iso ? <time dateTime={iso}>{formatDateTime(iso)}</time> : <>—</>;
}
