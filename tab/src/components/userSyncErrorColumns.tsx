import { Badge, Caption1, makeStyles, Text, tokens } from '@fluentui/react-components';
import type { UserSyncErrorRow } from '../../../server/api/contracts';
import { formatDate, formatDateTime } from '../format/format';
import type { DataTableColumn } from './DataTable';
import { PersonCell } from './PersonCell';

const useStyles = makeStyles({
  stack: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    paddingBlock: tokens.spacingVerticalS,
  },
  quiet: { color: tokens.colorNeutralForeground3 },
  // Graph's messages can carry the whole request URL: two lines here, all of it on hover and in the row details.
  message: {
    color: tokens.colorNeutralForeground3,
    display: '-webkit-box',
    WebkitLineClamp: 2,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
  },
  advice: { whiteSpace: 'normal', paddingBlock: tokens.spacingVerticalS },
});

/** "403 Forbidden" and Graph's message under it. */
function GraphSaid({ row }: { row: UserSyncErrorRow }) {
  const styles = useStyles();
  const label = [row.errorStatus, row.errorCode].filter((part) => part !== null && part !== 'unknown').join(' ');
  return (
    <div className={styles.stack}>
      <span>
        <Badge appearance="tint" color="danger">
          {label || 'Error'}
        </Badge>
      </span>
      {row.errorMessage ? (
        <Caption1 className={styles.message} title={row.errorMessage}>
          {row.errorMessage}
        </Caption1>
      ) : null}
    </div>
  );
}

/** Since when: the last time the history was read (or never), and when it last failed. */
function Since({ row }: { row: UserSyncErrorRow }) {
  const styles = useStyles();
  return (
    <div className={styles.stack}>
      <Text>{row.lastReadAt ? `Last read ${formatDateTime(row.lastReadAt)}` : 'Never read'}</Text>
      <Caption1 className={styles.quiet}>
        {row.lastReadAt ? '' : `Licensed since ${formatDate(row.licensedSince)} · `}
        Last failed {formatDateTime(row.lastErrorAt)}
      </Caption1>
    </div>
  );
}

function Advice({ row }: { row: UserSyncErrorRow }) {
  const styles = useStyles();
  return <Caption1 className={styles.advice}>{row.advice}</Caption1>;
}

/** Columns for users whose Copilot history the sync could not read (Sync view, Users > History unreadable). */
export function userSyncErrorColumns(options: { department: boolean }): DataTableColumn<UserSyncErrorRow>[] {
  return [
    {
      id: 'user',
      header: 'User',
      width: 220,
      priority: 1,
      render: (row) => <PersonCell {...row} secondary={options.department ? row.userPrincipalName : row.department} />,
    },
    ...(options.department
      ? [
          {
            id: 'department',
            header: 'Department',
            width: 120,
            render: (row: UserSyncErrorRow) => row.department ?? '—',
          },
        ]
      : []),
    { id: 'graph', header: 'What Graph said', width: 200, priority: 1, render: (row) => <GraphSaid row={row} /> },
    { id: 'since', header: 'Since', width: 190, priority: 1, render: (row) => <Since row={row} /> },
    { id: 'advice', header: 'What to do', width: 320, priority: 1, render: (row) => <Advice row={row} /> },
  ];
}
