import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { ApiRequestError } from '../api/client';
import { forbiddenText } from '../privacy/roleWords';

/** Plain words for an API failure, with the API's own message when it sent one. */
export function describeError(error: Error): string {
  if (error instanceof ApiRequestError) {
    if (error.status === 403) return forbiddenText(error.requiredTier);
    if (error.status === 0) return 'The server could not be reached. Check your connection and try again.';
    return error.message;
  }
  return error.message || 'Something went wrong.';
}

/** An error MessageBar with a Retry action (announced to screen readers as an alert). */
export function ErrorState({
  error,
  onRetry,
  title = 'Could not load this',
}: {
  error: Error;
  onRetry?: () => void;
  title?: string;
}) {
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {describeError(error)}
      </MessageBarBody>
      {onRetry ? (
        <MessageBarActions>
          <Button onClick={onRetry}>Retry</Button>
        </MessageBarActions>
      ) : null}
    </MessageBar>
  );
}
