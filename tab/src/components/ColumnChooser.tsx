import { Button, Menu, MenuItemCheckbox, MenuList, MenuPopover, MenuTrigger } from '@fluentui/react-components';
import { ColumnTripleEditRegular } from '@fluentui/react-icons';

interface ColumnChooserProps {
  label: string;
  /** The columns a user may show or hide (priority-1 columns always show). */
  columns: Array<{ id: string; header: string }>;
  visible: ReadonlySet<string>;
  onChange: (id: string, shown: boolean) => void;
}

/** "Columns": show or hide a table's optional columns (what does not fit is hidden until asked for). */
export function ColumnChooser({ label, columns, visible, onChange }: ColumnChooserProps) {
  const hidden = columns.filter((c) => !visible.has(c.id)).length;
  const checked = { columns: columns.filter((c) => visible.has(c.id)).map((c) => c.id) };
  return (
    <Menu
      checkedValues={checked}
      onCheckedValueChange={(_, data) => {
        const now = new Set(data.checkedItems);
        for (const c of columns) if (now.has(c.id) !== visible.has(c.id)) onChange(c.id, now.has(c.id));
      }}
    >
      <MenuTrigger disableButtonEnhancement>
        <Button appearance="subtle" size="small" icon={<ColumnTripleEditRegular />} aria-label={`Columns of ${label}`}>
          {hidden > 0 ? `Columns (${hidden} hidden)` : 'Columns'}
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {columns.map((c) => (
            <MenuItemCheckbox key={c.id} name="columns" value={c.id}>
              {c.header}
            </MenuItemCheckbox>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
