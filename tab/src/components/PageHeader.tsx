import { Body1, makeStyles, mergeClasses, tokens, typographyStyles } from '@fluentui/react-components';
import { useEffect, useRef, type ReactNode } from 'react';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    marginBottom: tokens.spacingVerticalM,
  },
  title: { ...typographyStyles.title2, margin: 0, outlineStyle: 'none' },
  description: { color: tokens.colorNeutralForeground3 },
});

// The first view of a page load keeps the browser's own focus start (so Tab reaches "Skip to content" first).
let firstViewShown = false;

/** The view's title (focused when the view changes, so keyboard and screen-reader users land on the new view). */
export function PageHeader({ title, description }: { title: string; description?: ReactNode }) {
  const styles = useStyles();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Copilot Observatory`;
    if (firstViewShown) heading.current?.focus({ preventScroll: true });
    firstViewShown = true;
  }, [title]);
  return (
    <header className={styles.root}>
      <h1 ref={heading} tabIndex={-1} className={mergeClasses(styles.title)}>
        {title}
      </h1>
      {description ? <Body1 className={styles.description}>{description}</Body1> : null}
    </header>
  );
}
