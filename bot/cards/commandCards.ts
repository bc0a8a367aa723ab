import type { SavedQuestion } from '../../server/core/bot/savedQuestions';
import { SUGGESTED_QUESTIONS } from '../../server/core/ask/suggestions';
import { card, facts, heading, openUrl, submit, text, type AdaptiveCard } from './cardElements';

/** What the bot can do, with example questions as buttons. */
export function helpCard(tabUrl: string): AdaptiveCard {
  return card(
    [
      heading('Copilot Observatory'),
      text('Ask me about Microsoft 365 Copilot use in plain English, for example "top 10 users this week". Commands:'),
      facts([
        { title: 'help', value: 'this message' },
        { title: 'status', value: 'the last sync and how fresh the data is' },
        { title: 'sync now', value: 'start a sync (queued if one is running)' },
        { title: 'subscribe', value: 'post a summary here after every sync' },
        { title: 'unsubscribe', value: 'stop those summaries' },
        { title: 'save <name>: <question>', value: 'keep a question to run again' },
        { title: 'saved / run <name> / delete <name>', value: 'your saved questions' },
      ]),
    ],
    [
      ...SUGGESTED_QUESTIONS.slice(0, 5).map((q) => submit(q, { action: 'ask', question: q })),
      openUrl('Open the tab', tabUrl),
    ],
  );
}

export function savedQuestionsCard(saved: SavedQuestion[]): AdaptiveCard {
  if (saved.length === 0)
    return card([text('You have no saved questions yet. Save one with "save weekly top: top 10 users this week".')]);
  return card(
    [heading('Your saved questions'), facts(saved.map((s) => ({ title: s.name, value: s.question })))],
    saved.slice(0, 6).map((s) => submit(`Run ${s.name}`, { action: 'run_saved', id: s.id })),
  );
}

/** A short reply as a card (commands, refusals). */
export function messageCard(message: string): AdaptiveCard {
  return card([text(message)]);
}
