/**
 * The tab's width below which a page's side column (details, triage) goes under its main one: Teams gives a tab
 * 320 px in a meeting's side panel and about 730 px beside a collapsed navigation on a small laptop.
 */
export const NARROW_TAB = '@media (max-width: 719px)';

/** A 24 px target at least (WCAG 2.2, 2.5.8) for a link whose line of text is 16-20 px tall. */
export const TARGET_24 = { display: 'inline-flex', alignItems: 'center', minHeight: '24px' } as const;

/**
 * A badge whose words wrap inside its pill when its column is narrow, instead of running out of Fluent's fixed
 * 20 px height.
 */
export const WRAPPING_BADGE = { height: 'auto', minHeight: '20px', textAlign: 'center' } as const;
