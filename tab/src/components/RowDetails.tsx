import {
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  makeStyles,
  OverlayDrawer,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  list: {
    margin: 0,
    display: 'grid',
    gridTemplateColumns: 'minmax(100px, auto) 1fr',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    alignItems: 'start',
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, minWidth: 0, overflowWrap: 'anywhere' },
});

interface RowDetailsProps<T> {
  title: string;
  columns: Array<{ id: string; header: string; render: (item: T) => ReactNode }>;
  item: T;
  onClose: () => void;
}

/** Every column of one row, in a side panel over the list (the list stays where it was). */
export function RowDetails<T>({ title, columns, item, onClose }: RowDetailsProps<T>) {
  const styles = useStyles();
  return (
    <OverlayDrawer open position="end" size="medium" onOpenChange={(_, data) => (data.open ? null : onClose())}>
      <DrawerHeader>
        <DrawerHeaderTitle
          action={<Button appearance="subtle" aria-label="Close" icon={<DismissRegular />} onClick={onClose} />}
        >
          {title}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody>
        <dl className={styles.list} data-testid="row-details">
          {columns.map((c) => [
            <dt key={`t-${c.id}`} className={styles.term}>
              {c.header}
            </dt>,
            <dd key={`d-${c.id}`} className={styles.value}>
              {c.render(item)}
            </dd>,
          ])}
        </dl>
      </DrawerBody>
    </OverlayDrawer>
  );
}
