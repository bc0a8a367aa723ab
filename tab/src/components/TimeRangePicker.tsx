import { Field, Input, makeStyles, Select, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { PERIODS, RANGE_PRESETS, type Period, type ResolvedRange } from '../routing/timeRange';

const useStyles = makeStyles({
  root: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
});

interface TimeRangePickerProps {
  range: ResolvedRange;
  /** `days` or `period` for a preset (`days=all` for all time), or `from`/`to` (YYYY-MM-DD); the others cleared. */
  onChange: (update: { days?: string; period?: string; from?: string; to?: string }) => void;
  /** Offer "All time" and show it when `selected` (the range is then not sent at all). */
  allTime?: { selected: boolean };
}

const presetLabel = (days: number): string => (days === 1 ? 'Today' : `Last ${days} days`);

const CLEARED = { days: undefined, period: undefined, from: undefined, to: undefined };

/**
 * The one time-range control of every view: today, the last 7/30/90/180 days, this week, this month, the previous
 * month, or a custom range of whole days (and "All time" where a view offers it). The choice lives in the URL.
 */
export function TimeRangePicker({ range, onChange, allTime }: TimeRangePickerProps) {
  const styles = useStyles();
  const [custom, setCustom] = useState(range.days === null && range.period === null);
  const isCustom = !allTime?.selected && (custom || (range.days === null && range.period === null));
  const value = allTime?.selected
    ? 'all'
    : isCustom
      ? 'custom'
      : range.period
        ? `period:${range.period}`
        : String(range.days);

  return (
    <div className={styles.root}>
      <Field label="Time range">
        <Select
          value={value}
          onChange={(_, data) => {
            if (data.value === 'custom') {
              setCustom(true);
              onChange({ ...CLEARED, from: range.fromDay, to: range.toDay });
            } else if (data.value === 'all') {
              setCustom(false);
              onChange({ ...CLEARED, days: 'all' });
            } else if (data.value.startsWith('period:')) {
              setCustom(false);
              onChange({ ...CLEARED, period: data.value.slice('period:'.length) });
            } else {
              setCustom(false);
              onChange({ ...CLEARED, days: data.value });
            }
          }}
        >
          {allTime ? <option value="all">All time</option> : null}
          {RANGE_PRESETS.map((days) => (
            <option key={days} value={String(days)}>
              {presetLabel(days)}
            </option>
          ))}
          {range.days !== null && !(RANGE_PRESETS as readonly number[]).includes(range.days) ? (
            <option value={String(range.days)}>{presetLabel(range.days)}</option>
          ) : null}
          {(Object.keys(PERIODS) as Period[]).map((period) => (
            <option key={period} value={`period:${period}`}>
              {PERIODS[period]}
            </option>
          ))}
          <option value="custom">Custom range…</option>
        </Select>
      </Field>
      {isCustom ? (
        <>
          <Field label="From">
            <Input
              type="date"
              value={range.fromDay}
              max={range.toDay}
              onChange={(_, data) => data.value && onChange({ ...CLEARED, from: data.value, to: range.toDay })}
            />
          </Field>
          <Field label="To">
            <Input
              type="date"
              value={range.toDay}
              min={range.fromDay}
              onChange={(_, data) => data.value && onChange({ ...CLEARED, from: range.fromDay, to: data.value })}
            />
          </Field>
        </>
      ) : null}
    </div>
  );
}
