import { ObjectId } from 'mongodb';
import safeRegex from 'safe-regex2';
import { validationFailed } from '../../errors';
import type { WatchlistEntryDoc } from '../../store/documents';
import { naturalId } from '../../store/naturalId';
import type { Store } from '../../store/Store';
import type { Severity } from './types';

/** A watch-list entry as the API shows it. */
export interface WatchlistEntryView {
  id: string;
  name: string;
  pattern: string;
  regex: boolean;
  severity: Severity;
  createdBy: string;
  createdAt: Date;
}

export async function listWatchlist(store: Store, tenantId: string): Promise<WatchlistEntryView[]> {
  const docs = await store.watchlistEntries.find({ tenantId }).sort({ createdAt: -1 }).toArray();
  return docs.map(present);
}

/**
 * Adds a keyword or regular expression (checked to compile and, by safe-regex2, to have no nested repetition that
 * backtracks catastrophically); the same pattern again replaces name and severity.
 */
export async function saveWatchlistEntry(
  store: Store,
  tenantId: string,
  input: { name: string; pattern: string; regex: boolean; severity: Severity },
  who: string,
  at: Date,
): Promise<WatchlistEntryView> {
  if (input.regex) {
    try {
      new RegExp(input.pattern, 'giu');
    } catch (error) {
      throw validationFailed(`The pattern is not a valid regular expression: ${(error as Error).message}`);
    }
    // Every synced interaction runs through it: a pattern that can backtrack catastrophically would stall the sync.
    if (!safeRegex(input.pattern))
      throw validationFailed(
        'The pattern could take exponential time on some text (a repetition inside a repetition, such as (a+)+), or ' +
          'uses syntax the safety check cannot read (lookbehind): simplify it, or use a keyword entry.',
      );
  }
  const entryId = naturalId('watchlist', tenantId, input.regex ? 're' : 'kw', input.pattern).toHexString();
  const _id = new ObjectId(entryId);
  await store.watchlistEntries.updateOne(
    { _id },
    {
      $set: { name: input.name, severity: input.severity },
      $setOnInsert: { tenantId, entryId, pattern: input.pattern, regex: input.regex, createdBy: who, createdAt: at },
    },
    { upsert: true },
  );
  return present((await store.watchlistEntries.findOne({ _id }))!);
}

/** Removes an entry; false when there was none. */
export async function deleteWatchlistEntry(store: Store, tenantId: string, id: string): Promise<boolean> {
  if (!/^[0-9a-f]{24}$/.test(id)) return false;
  return (await store.watchlistEntries.deleteOne({ _id: new ObjectId(id), tenantId })).deletedCount === 1;
}

function present(doc: WatchlistEntryDoc): WatchlistEntryView {
  return {
    id: doc.entryId,
    name: doc.name,
    pattern: doc.pattern,
    regex: doc.regex,
    severity: doc.severity,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt,
  };
}
