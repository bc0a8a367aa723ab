import { Body1, Button, Card, makeStyles, Title2, tokens } from '@fluentui/react-components';
import { LockClosedRegular, PersonWarningRegular } from '@fluentui/react-icons';
import { ANY_ROLE } from '../privacy/roleWords';

const useStyles = makeStyles({
  root: { display: 'flex', justifyContent: 'center', padding: tokens.spacingVerticalXXXL },
  card: { maxWidth: '560px', padding: tokens.spacingHorizontalXL, gap: tokens.spacingVerticalM },
  icon: { fontSize: '48px', color: tokens.colorNeutralForeground3 },
  detail: { color: tokens.colorNeutralForeground3 },
});

interface AccessProblemProps {
  kind: 'forbidden' | 'unauthenticated';
  detail?: string;
  onRetry?: () => void;
}

/** The whole-page answer to a 403 (no Copilot Observatory role) or a 401 (sign-in failed). */
export function AccessProblem({ kind, detail, onRetry }: AccessProblemProps) {
  const styles = useStyles();
  const forbidden = kind === 'forbidden';
  return (
    <main className={styles.root}>
      <Card className={styles.card} role="alert">
        {forbidden ? <LockClosedRegular className={styles.icon} /> : <PersonWarningRegular className={styles.icon} />}
        <Title2 as="h1">{forbidden ? 'You need a Copilot Observatory role' : 'We could not sign you in'}</Title2>
        <Body1>
          {forbidden
            ? `This tab shows how people in your organisation use Microsoft 365 Copilot, so only people with one of its roles (${ANY_ROLE}) can open it. Viewers see figures and trends; Analysts also named users; Investigators also prompt text, each time with a reason; Admins also setup and sync. Ask your Microsoft 365 administrator to assign you the Copilot Observatory app role your work needs (or add you to its group), then reopen the tab.`
            : 'The tab could not prove who you are to the server. Reopen the tab in Teams; if this keeps happening, your administrator may need to grant consent for Copilot Observatory.'}
        </Body1>
        {detail ? <Body1 className={styles.detail}>Details: {detail}</Body1> : null}
        {onRetry ? (
          <div>
            <Button appearance="primary" onClick={onRetry}>
              Try again
            </Button>
          </div>
        ) : null}
      </Card>
    </main>
  );
}
