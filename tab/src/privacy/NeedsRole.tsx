import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { Tier } from '../../../server/api/contracts';
import { TIER_ADDS } from './roleWords';

/**
 * Said in place of the parts of a view the signed-in tier cannot use (a button, a card): what is left out and the role
 * that has it. Information, not an error: nothing failed, and no request was made for them.
 */
export function NeedsRole({ what, needed }: { what: string; needed: Tier }) {
  return (
    <MessageBar intent="info" data-testid="needs-role">
      <MessageBarBody>
        {what} need the {needed} role, which adds {TIER_ADDS[needed]}.
      </MessageBarBody>
    </MessageBar>
  );
}
