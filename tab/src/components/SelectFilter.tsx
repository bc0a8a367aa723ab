import { Field, Select } from '@fluentui/react-components';

export interface SelectOption {
  value: string;
  label: string;
}

interface SelectFilterProps {
  label: string;
  value: string;
  options: SelectOption[];
  onChange: (value: string) => void;
  /** The label of the empty value ("All apps"). */
  allLabel?: string;
}

/** A labelled native select (keyboard and screen-reader friendly for free). */
export function SelectFilter({ label, value, options, onChange, allLabel }: SelectFilterProps) {
  const known = value === '' || options.some((o) => o.value === value);
  return (
    <Field label={label}>
      <Select value={value} onChange={(_, data) => onChange(data.value)}>
        {allLabel !== undefined ? <option value="">{allLabel}</option> : null}
        {/* A deep link may name a value the list does not (yet) hold: keep it selectable. */}
        {known ? null : <option value={value}>{value}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}
