import { Field, Tag } from '@fluentui/react-components';

/** Shows the "only this user" filter a deep link set, and lets the admin remove it. */
export function UserFilterTag({
  userId,
  name,
  onClear,
}: {
  userId: string;
  name?: string | null;
  onClear: () => void;
}) {
  if (!userId) return null;
  return (
    <Field label="User">
      <Tag
        dismissible
        dismissIcon={{ 'aria-label': 'Remove the user filter' }}
        onClick={onClear}
        value={userId}
        data-testid="user-filter"
      >
        {name ?? userId}
      </Tag>
    </Field>
  );
}
