import {
  Label,
  makeStyles,
  Menu,
  MenuButton,
  MenuItemCheckbox,
  MenuList,
  MenuPopover,
  MenuTrigger,
  tokens,
  useId,
} from '@fluentui/react-components';
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

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  button: { justifyContent: 'space-between', minWidth: '180px' },
});

interface ActivityTypeFilterProps {
  value: ActivityType[];
  onChange: (types: ActivityType[]) => void;
}

/**
 * "Activity type": any of Session, Prompt, Response, Data source access; nothing chosen shows all of them.
 * A menu button with checkable items (WAI-ARIA menu button pattern: `button` with `aria-haspopup="menu"`, then
 * `menu` > `menuitemcheckbox`), so it is announced as what it is. Fluent's multi-select Dropdown announces a
 * `combobox` yet opens a `menu` of checkboxes, a mismatch screen readers read out as a broken combobox.
 */
export function ActivityTypeFilter({ value, onChange }: ActivityTypeFilterProps) {
  const styles = useStyles();
  const labelId = useId('activity-type-label');
  const buttonId = useId('activity-type-button');
  const summary = value.length === 0 ? 'All types' : value.map(activityTypeLabel).join(', ');
  return (
    <div className={styles.root}>
      <Label id={labelId}>Activity type</Label>
      <Menu
        checkedValues={{ types: value }}
        onCheckedValueChange={(_, data) => onChange(parseActivityTypes(data.checkedItems.join(',')))}
      >
        <MenuTrigger disableButtonEnhancement>
          <MenuButton id={buttonId} className={styles.button} aria-labelledby={`${labelId} ${buttonId}`}>
            {summary}
          </MenuButton>
        </MenuTrigger>
        <MenuPopover>
          <MenuList aria-labelledby={labelId}>
            {ACTIVITY_TYPES.map((type) => (
              <MenuItemCheckbox key={type.value} name="types" value={type.value}>
                {type.label}
              </MenuItemCheckbox>
            ))}
          </MenuList>
        </MenuPopover>
      </Menu>
    </div>
  );
}
