import { Component, type ReactNode } from 'react';
import { ErrorState } from './ErrorState';

interface Props {
  /** Changes when the view changes, so moving to another view clears a caught error. */
  resetKey: string;
  /** What failed, in the message's title. */
  title?: string;
  children: ReactNode;
}

const CHUNK_FAILED = /dynamically imported module|Importing a module script failed|Loading chunk/i;

interface State {
  error: Error | null;
  resetKey: string;
}

/**
 * Keeps one view's failure (a render error, a lazily loaded chunk that did not arrive after a deploy) inside that
 * view: an error MessageBar with Retry instead of a blank tab. Retry renders the view again; a failed chunk import
 * is retried by reloading the page, which fetches the current bundle. React itself reports the error to the console.
 */
export class ViewErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey ? { error: null, resetKey: props.resetKey } : null;
  }

  private readonly retry = (): void => {
    if (CHUNK_FAILED.test(this.state.error?.message ?? '')) window.location.reload();
    else this.setState({ error: null });
  };

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    const shown = CHUNK_FAILED.test(error.message)
      ? new Error('Part of the app could not be downloaded (a new version may have been deployed). Retry reloads it.')
      : error;
    return <ErrorState title={this.props.title ?? 'This view could not be shown'} error={shown} onRetry={this.retry} />;
  }
}
