import { Button } from '@fluentui/react-components';
import { FilterRegular } from '@fluentui/react-icons';

/** A small button beside a person in a row: narrows the list to them (the `userId` URL filter). */
export function UserFilterButton({ name, onClick }: { name: string; onClick: () => void }) {
  return (
    <Button
      appearance="subtle"
      size="small"
      icon={<FilterRegular />}
      aria-label={`Only the findings of ${name}`}
      title={`Only the findings of ${name}`}
      onClick={onClick}
    />
  );
}
