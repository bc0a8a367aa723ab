import { Field, Input, makeStyles, Select, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { RANGE_PRESETS, type ResolvedRange } from '../routing/timeRange';

const useStyles = makeStyles({
  root: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
});

interface TimeRangePickerProps {
  range: ResolvedRange;
  /** `days` for a preset, or `from`/`to` (YYYY-MM-DD) for a custom range; the others cleared. */
  onChange: (update: { days?: string; from?: string; to?: string }) => void;
  /** Offer "All time" and show it when the URL names no range (the range is then not sent at all). */
  allTime?: { selected: boolean };
}

const presetLabel = (days: number): string => (days === 1 ? 'Today' : `Last ${days} days`);

/** Presets (today … last 365 days) or a custom range of whole days. */
export function TimeRangePicker({ range, onChange, allTime }: TimeRangePickerProps) {
  const styles = useStyles();
  const [custom, setCustom] = useState(range.days === null);
  const isCustom = custom || range.days === null;
  const value = isCustom ? 'custom' : allTime?.selected ? 'all' : String(range.days);

  return (
    <div className={styles.root}>
      <Field label="Time range">
        <Select
          value={value}
          onChange={(_, data) => {
            if (data.value === 'custom') {
              setCustom(true);
              onChange({ from: range.fromDay, to: range.toDay, days: undefined });
            } else if (data.value === 'all') {
              setCustom(false);
              onChange({ days: undefined, from: undefined, to: undefined });
            } else {
              setCustom(false);
              onChange({ days: data.value, from: undefined, to: undefined });
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
              onChange={(_, data) => data.value && onChange({ from: data.value, to: range.toDay, days: undefined })}
            />
          </Field>
          <Field label="To">
            <Input
              type="date"
              value={range.toDay}
              min={range.fromDay}
              onChange={(_, data) => data.value && onChange({ from: range.fromDay, to: data.value, days: undefined })}
            />
          </Field>
        </>
      ) : null}
    </div>
  );
}
