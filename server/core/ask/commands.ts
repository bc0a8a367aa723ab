import { z } from 'zod';
import { editDistance } from './text';

export const botCommandSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('help') }),
  z.object({ command: z.literal('status') }),
  z.object({ command: z.literal('sync_now') }),
  z.object({ command: z.literal('subscribe') }),
  z.object({ command: z.literal('unsubscribe') }),
  z.object({
    command: z.literal('save_question'),
    name: z.string().min(1).max(80),
    question: z.string().min(1).max(500),
  }),
  z.object({ command: z.literal('list_saved') }),
  z.object({
    command: z.literal('run_saved'),
    name: z.string().max(80),
    /** Set by a card's Run button (the saved question's id). */
    id: z.string().max(24).optional(),
  }),
  z.object({ command: z.literal('delete_saved'), name: z.string().min(1).max(80) }),
]);

export type BotCommand = z.infer<typeof botCommandSchema>;

const ONE_WORD: ReadonlyArray<readonly [string, BotCommand['command']]> = [
  ['help', 'help'],
  ['status', 'status'],
  ['subscribe', 'subscribe'],
  ['unsubscribe', 'unsubscribe'],
];

/** Bot commands (help, status, sync now, subscribe, unsubscribe, saved questions); null for a question. */
export function parseCommand(cleaned: string): BotCommand | null {
  const text = cleaned
    .toLowerCase()
    .replace(/[.!?]+$/, '')
    .trim();
  if (/^(help|\?|commands|menu|what can you do|what do you know|hi|hello|hey|start|get started)$/.test(text))
    return { command: 'help' };
  if (
    /^((please )?(sync|resync|refresh)( (the )?data)?( now| again| please)*|run (a )?sync( now)?|start (a )?sync( now)?)$/.test(
      text,
    )
  )
    return { command: 'sync_now' };
  if (/^(bot )?status$/.test(text)) return { command: 'status' };
  if (/^(unsubscribe|stop (sync )?summaries|turn off (sync )?summaries)( here| this channel)?$/.test(text))
    return { command: 'unsubscribe' };
  if (/^(subscribe|turn on (sync )?summaries)( here| this channel| to (sync )?summaries)?$/.test(text))
    return { command: 'subscribe' };
  if (
    /^(saved|saved questions|my saved questions|(list|show)( my)? saved( questions)?|promptbooks?|my questions)$/.test(
      text,
    )
  )
    return { command: 'list_saved' };
  const save = /^save(?: question| as)?\s+["“']?([^:="“”']{1,80}?)["”']?\s*[:=]\s*(.{1,500})$/i.exec(cleaned.trim());
  if (save) return { command: 'save_question', name: save[1]!.trim(), question: save[2]!.trim() };
  const run = /^run (?:saved )?(?:question )?["“']?(.{1,80}?)["”']?$/i.exec(cleaned.trim());
  if (run) return { command: 'run_saved', name: run[1]!.trim() };
  const del = /^(?:delete|remove|forget) (?:saved )?(?:question )?["“']?(.{1,80}?)["”']?$/i.exec(cleaned.trim());
  if (del) return { command: 'delete_saved', name: del[1]!.trim() };
  // A lone misspelt command word ("hlep", "subscibe").
  if (/^[a-z]{4,12}$/.test(text)) {
    for (const [word, command] of ONE_WORD)
      if (editDistance(text, word, 2) <= (word.length >= 8 ? 2 : 1)) return { command } as BotCommand;
  }
  return null;
}
