import type { Frame, Page } from 'playwright-core';

/** Answers the tab's "Why are you opening this conversation?" dialog (every opening of a conversation asks). */
export async function giveReason(
  page: Page | Frame,
  reason = 'End-to-end check of the transcript view',
): Promise<void> {
  const dialog = page.getByRole('alertdialog', { name: 'Why are you opening this conversation?' });
  await dialog.waitFor({ state: 'visible' });
  await dialog.getByRole('textbox', { name: /Reason/ }).fill(reason);
  await dialog.getByRole('button', { name: 'Open conversation' }).click();
  await dialog.waitFor({ state: 'hidden' });
}
