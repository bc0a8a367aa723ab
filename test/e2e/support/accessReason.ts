import type { Frame, Locator, Page } from 'playwright-core';

/**
 * The tab's "Why are you opening this conversation?" question: an inline form where the text will be (the
 * conversation page, or inside the feed's side panel), asked before any request for the conversation.
 */
export const reasonForm = (page: Page | Frame | Locator): Locator =>
  page.getByRole('form', { name: 'Why are you opening this conversation?' });

/** Answers the reason question (every first opening of a conversation in a page load asks). */
export async function giveReason(
  page: Page | Frame,
  reason = 'End-to-end check of the transcript view',
): Promise<void> {
  const form = reasonForm(page);
  await form.waitFor({ state: 'visible' });
  await form.getByRole('textbox', { name: /Reason/ }).fill(reason);
  await form.getByRole('button', { name: 'Open conversation' }).click();
  await form.waitFor({ state: 'hidden' });
}
