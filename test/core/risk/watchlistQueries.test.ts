import { AppError } from '../../../server/errors';
import { deleteWatchlistEntry, listWatchlist, saveWatchlistEntry } from '../../../server/core/risk/watchlistQueries';
import { openTestStore, type TestStore } from '../../support/testStore';

/**
 * The watch-list an admin keeps, through the real store: one entry per tenant, kind and pattern under an id stable
 * across releases (saving it again renames it and changes its severity, nothing else), newest first, each tenant's
 * own; a regular expression that does not compile or could backtrack catastrophically refused with a 400.
 */

const A = 'tenant-watch-a';
const B = 'tenant-watch-b';
const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 9, minute));
const layoffs = { name: 'Layoffs', pattern: 'layoffs', regex: false, severity: 'high' as const };

describe('the watch-list', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore('watchlistQueries');
  });
  afterAll(async () => t.close());

  it('keeps one entry per tenant, kind and pattern; saving it again changes only its name and severity', async () => {
    const first = await saveWatchlistEntry(t.store, A, layoffs, 'admin-1', at(1));
    expect(first).toEqual({ id: '78d14857d0183f029ccf5365', ...layoffs, createdBy: 'admin-1', createdAt: at(1) });
    const renamed = await saveWatchlistEntry(
      t.store,
      A,
      { ...layoffs, name: 'Cuts', severity: 'low' },
      'admin-2',
      at(2),
    );
    expect(renamed).toEqual({ ...first, name: 'Cuts', severity: 'low' });
    const asRegex = await saveWatchlistEntry(t.store, A, { ...layoffs, regex: true }, 'admin-1', at(3));
    const otherTenant = await saveWatchlistEntry(t.store, B, layoffs, 'admin-9', at(4));
    expect([asRegex.id, asRegex.regex, otherTenant.id]).toEqual(['4de5508c5dbb277690eb640e', true, '94fce25af589eb1df9c59cfc']); // prettier-ignore
    const later = await saveWatchlistEntry(t.store, A, { ...layoffs, pattern: 'falcon' }, 'admin-1', at(0));
    expect((await listWatchlist(t.store, A)).map((e) => [e.pattern, e.regex, e.name])).toEqual([
      ['layoffs', true, 'Layoffs'],
      ['layoffs', false, 'Cuts'],
      [later.pattern, false, 'Layoffs'],
    ]);
    expect(await listWatchlist(t.store, B)).toEqual([otherTenant]);
    expect(await t.store.watchlistEntries.findOne({ entryId: first.id })).toMatchObject({ tenantId: A, entryId: first.id }); // prettier-ignore
  });

  it('refuses a regular expression that does not compile or could backtrack catastrophically, and saves nothing', async () => {
    const refused = async (pattern: string) =>
      saveWatchlistEntry(t.store, A, { ...layoffs, pattern, regex: true }, 'admin-1', at(5)).then(
        () => null,
        (e: AppError) => [e instanceof AppError, e.status, e.code, e.message],
      );
    expect(await refused('(')).toEqual([
      true,
      400,
      'validation_failed',
      expect.stringMatching(/^The pattern is not a valid regular expression: Invalid regular expression: .+/),
    ]);
    // Valid without the u flag, not with it: entries run with `giu`.
    expect(await refused('\\-')).toEqual([true, 400, 'validation_failed', expect.stringContaining('not a valid')]);
    expect(await refused('(a+)+$')).toEqual([
      true,
      400,
      'validation_failed',
      'The pattern could take exponential time on some text (a repetition inside a repetition, such as (a+)+), or ' +
        'uses syntax the safety check cannot read (lookbehind): simplify it, or use a keyword entry.',
    ]);
    // A keyword is taken literally, so the same text is fine as one.
    await expect(saveWatchlistEntry(t.store, A, { ...layoffs, pattern: '(a+)+$' }, 'admin-1', at(6))).resolves.toMatchObject({ pattern: '(a+)+$' }); // prettier-ignore
    expect((await t.store.watchlistEntries.find({ tenantId: A, regex: true, pattern: { $ne: 'layoffs' } }).toArray()).length).toBe(0); // prettier-ignore
  });

  it('deletes only the tenant’s own entry, once, and an id that is not 24 lower-case hex digits is none', async () => {
    const mine = await saveWatchlistEntry(t.store, A, { ...layoffs, pattern: 'merger' }, 'admin-1', at(7));
    const theirs = await saveWatchlistEntry(t.store, B, { ...layoffs, pattern: 'merger' }, 'admin-9', at(8));
    expect(await deleteWatchlistEntry(t.store, A, theirs.id)).toBe(false);
    expect((await listWatchlist(t.store, B)).map((e) => e.id)).toContain(theirs.id);
    for (const id of [`${mine.id}0`, `x${mine.id}`, mine.id.toUpperCase(), 'nope'])
      expect([id, await deleteWatchlistEntry(t.store, A, id)]).toEqual([id, false]);
    expect(await deleteWatchlistEntry(t.store, A, mine.id)).toBe(true);
    expect(await deleteWatchlistEntry(t.store, A, mine.id)).toBe(false);
    expect((await listWatchlist(t.store, A)).map((e) => e.id)).not.toContain(mine.id);
  });
});
