import { makeStyles, tokens } from '@fluentui/react-components';

/** A status card's look: a definition list of facts in two columns (term, value), as the Sync view's cards show. */
export const useFactCardStyles = makeStyles({
  card: { marginBottom: tokens.spacingVerticalL, gap: tokens.spacingVerticalM },
  facts: {
    margin: 0,
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
  },
  term: { color: tokens.colorNeutralForeground3 },
  definition: { margin: 0 },
  fact: { display: 'contents' },
});
