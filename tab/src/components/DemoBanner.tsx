import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';

/** Shown when the API says the caller is the local demo identity (demo mode, localhost, no Teams token). */
export function DemoBanner() {
  // A region of its own: it sits between the header and the main landmark, and all content belongs to a landmark.
  return (
    <section aria-label="Demo notice">
      <MessageBar intent="warning" layout="multiline" data-testid="demo-banner">
        <MessageBarBody>
          <MessageBarTitle>Local demo — not in Teams</MessageBarTitle>
          You are signed in as the local demo admin and the data comes from the simulated demo tenant. In Teams, the tab
          signs you in with your Microsoft 365 account.
        </MessageBarBody>
      </MessageBar>
    </section>
  );
}
