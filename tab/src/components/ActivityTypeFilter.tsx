import { Dropdown, Field, Option } from '@fluentui/react-components';
import type { ActivityType } from '../../../server/api/contracts';

export const ACTIVITY_TYPES: Array<{ value: ActivityType; label: string }> = [
  { value: 'session', label: 'Session' },
  { value: 'prompt', label: 'Prompt' },
  { value: 'response', label: 'Response' },
  { value: 'data_source_access', label: 'Data source access' },
];

export const activityTypeLabel = (type: string): string => ACTIVITY_TYPES.find((t) => t.value === type)?.label ?? type;

/** Parses `types=session,prompt` (unknown names dropped; none = every type). */
export function parseActivityTypes(param: string | null): ActivityType[] {
  const names = (param ?? '').split(',');
  return ACTIVITY_TYPES.map((t) => t.value).filter((value) => names.includes(value));
}

interface ActivityTypeFilterProps {
  value: ActivityType[];
  onChange: (types: ActivityType[]) => void;
}

/** "Activity type": any of Session, Prompt, Response, Data source access; nothing chosen shows all of them. */
export function ActivityTypeFilter({ value, onChange }: ActivityTypeFilterProps) {
  const summary = value.length === 0 ? 'All types' : value.map(activityTypeLabel).join(', ');
  return (
    <Field label="Activity type">
      <Dropdown
        multiselect
        placeholder="All types"
        value={value.length === 0 ? '' : summary}
        selectedOptions={value}
        onOptionSelect={(_, data) => onChange(parseActivityTypes(data.selectedOptions.join(',')))}
      >
        {ACTIVITY_TYPES.map((type) => (
          <Option key={type.value} value={type.value}>
            {type.label}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}
