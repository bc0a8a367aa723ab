import type { ComponentType } from 'react';

// The Ask and Setup views are built by other parts of the project (the bot's question engine, the connect
// flow). Picking them up by glob lets the tab build whether or not they have landed yet.
const modules = import.meta.glob<{ default: ComponentType }>('./{AskPage,SetupPage}.tsx', { eager: true });

/** The page component in `./<name>.tsx`, or null while it does not exist. */
export function optionalPage(name: 'AskPage' | 'SetupPage'): ComponentType | null {
  return modules[`./${name}.tsx`]?.default ?? null;
}
