import { Persona } from '@fluentui/react-components';
import { personName } from '../format/format';

interface PersonCellProps {
  userId: string;
  displayName: string | null;
  userPrincipalName: string | null;
  secondary?: string | null;
}

/** A person in a table row: name, and their UPN (or department) underneath. */
export function PersonCell({ userId, displayName, userPrincipalName, secondary }: PersonCellProps) {
  return (
    <Persona
      size="small"
      name={personName({ userId, displayName, userPrincipalName })}
      secondaryText={secondary ?? userPrincipalName ?? undefined}
      avatar={{ color: 'colorful' }}
    />
  );
}
