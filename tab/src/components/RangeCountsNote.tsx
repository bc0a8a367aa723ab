import { Caption1 } from '@fluentui/react-components';

/**
 * Under a list whose range picks the rows but whose counts are all-time (Users, Data sources): says so, so a
 * figure in the table is not read as the range's.
 */
export function RangeCountsNote({ allTime, subject }: { allTime: boolean; subject: string }) {
  return (
    <Caption1 as="p" data-testid="range-counts-note">
      {allTime
        ? 'All time: every synced day. Counts are all-time.'
        : `Showing ${subject} in the chosen range; counts, first and last dates are all-time.`}
    </Caption1>
  );
}
