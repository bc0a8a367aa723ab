import { Link, makeStyles, Persona } from '@fluentui/react-components';
import { personName } from '../format/format';
import { formatHash } from '../routing/routes';
import { TARGET_24 } from './layoutStyles';

interface PersonCellProps {
  userId: string;
  displayName: string | null;
  userPrincipalName: string | null;
  secondary?: string | null;
  /** Link the name to the person's page (default true; off on that page itself). */
  link?: boolean;
}

// WCAG 2.2's 24 px minimum target (2.5.8): the name's line is 16 px tall, the focusable grid cell around it leaves
// no spacing to count on.
const useStyles = makeStyles({ link: TARGET_24 });

/** A person in a table row: name (a link to their page), and their UPN (or department) underneath. */
export function PersonCell({ userId, displayName, userPrincipalName, secondary, link = true }: PersonCellProps) {
  const styles = useStyles();
  const name = personName({ userId, displayName, userPrincipalName });
  return (
    <Persona
      size="small"
      name={name}
      primaryText={
        link ? (
          <Link className={styles.link} href={formatHash('person', undefined, userId)}>
            {name}
          </Link>
        ) : (
          name
        )
      }
      secondaryText={secondary ?? userPrincipalName ?? undefined}
      avatar={{ color: 'colorful', name }}
    />
  );
}
