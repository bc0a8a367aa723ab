import { Badge, Link, makeStyles, tokens } from '@fluentui/react-components';
import type { Conversation } from '../../../server/api/contracts';
import { safeHref } from './SafeContent';

type DataSourceRef = Conversation['dataSources'][number];

const useStyles = makeStyles({
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  item: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
});

/** A list of data sources: kind, and the name linked to the source when it has a web address. */
export function DataSourceLinks({ sources, label }: { sources: DataSourceRef[]; label: string }) {
  const styles = useStyles();
  return (
    <ul className={styles.list} aria-label={label}>
      {sources.map((source) => {
        const href = safeHref(source.url);
        const name = source.name ?? source.url ?? source.key;
        return (
          <li key={source.key} className={styles.item}>
            <Badge appearance="outline" size="small">
              {source.kind}
            </Badge>
            {href ? (
              <Link href={href} target="_blank" rel="noopener noreferrer">
                {name}
              </Link>
            ) : (
              name
            )}
          </li>
        );
      })}
    </ul>
  );
}
