import { watchlistPattern, watchlistRule } from '../../../server/core/risk/watchlistRule';
import type { Severity, WatchlistEntry } from '../../../server/core/risk/types';
import { context, promptField, run } from './riskTestKit';

/**
 * The watch-list rule at its edges: a keyword is a whole word or phrase (letters and digits of any script end a
 * word), written literally however many spaces the admin typed, matched across any run of white space; a regular
 * expression as written; one finding per entry and field, its first match, wherever the same entry matched before;
 * nothing in a cited URL, nothing for an empty match, long matches shortened in the finding.
 */

const keyword = (pattern: string, severity: Severity = 'high', id = 'kw'): WatchlistEntry => ({
  id,
  name: `Name of ${id}`,
  pattern,
  regex: false,
  severity,
});
const regex = (pattern: string, severity: Severity = 'medium', id = 're'): WatchlistEntry => ({
  id,
  name: `Name of ${id}`,
  pattern,
  regex: true,
  severity,
});
/** The spans an entry finds in each text, as [text, matched value or null]. */
const firstMatch = (entry: WatchlistEntry, texts: string[]) =>
  texts.map((text) => [text, run(watchlistRule, text, { watchlist: [entry] })[0]?.value ?? null]);

describe('watch-list keywords', () => {
  it('match only as whole words: a letter or digit of any script on either side keeps them out', () => {
    const layoffs = keyword('layoffs');
    expect(
      firstMatch(layoffs, [
        'layoffs',
        '(Layoffs)',
        'the LAYOFFS-memo',
        'xlayoffs',
        'layoffsx',
        '2layoffs',
        'layoffs2',
        'élayoffs',
        'layoffsé',
        'Жlayoffs',
        '_layoffs_',
      ]),
    ).toEqual([
      ['layoffs', 'layoffs'],
      ['(Layoffs)', 'Layoffs'],
      ['the LAYOFFS-memo', 'LAYOFFS'],
      ['xlayoffs', null],
      ['layoffsx', null],
      ['2layoffs', null],
      ['layoffs2', null],
      ['élayoffs', null],
      ['layoffsé', null],
      ['Жlayoffs', null],
      ['_layoffs_', 'layoffs'],
    ]);
  });

  it('are taken literally, trimmed, with any run of white space between their words', () => {
    expect(
      firstMatch(keyword('  Project  Falcon '), ['project falcon.', 'PROJECT\n\t FALCON', 'projectfalcon']),
    ).toEqual([
      ['project falcon.', 'project falcon'],
      ['PROJECT\n\t FALCON', 'PROJECT\n\t FALCON'],
      ['projectfalcon', null],
    ]);
    expect(firstMatch(keyword('Q3 (draft) v1.2+'), ['see Q3 (draft) v1.2+ now', 'Q3 draft v1x2', 'Q3 (draft) v1.22'])).toEqual([
      ['see Q3 (draft) v1.2+ now', 'Q3 (draft) v1.2+'],
      ['Q3 draft v1x2', null],
      ['Q3 (draft) v1.22', null],
    ]); // prettier-ignore
    expect(firstMatch(keyword('a|b [c]^$ {2} \\d*?'), ['a|b [c]^$ {2} \\d*?', 'a', 'b c'])).toEqual([
      ['a|b [c]^$ {2} \\d*?', 'a|b [c]^$ {2} \\d*?'],
      ['a', null],
      ['b c', null],
    ]);
  });
});

describe('watch-list regular expressions', () => {
  it('match as written, in any case, and an empty match is no finding', () => {
    expect(firstMatch(regex('falcon-\\d{2}'), ['FALCON-42 launch', 'falcon-4'])).toEqual([
      ['FALCON-42 launch', 'FALCON-42'],
      ['falcon-4', null],
    ]);
    expect(firstMatch(regex('x*'), ['no such letter here', 'xxx'])).toEqual([
      ['no such letter here', null],
      ['xxx', 'xxx'],
    ]);
  });

  it('skip an entry that no longer compiles, and still run the entries after it', () => {
    const broken = regex('(', 'low', 'broken');
    expect(watchlistPattern(broken)).toBeNull();
    expect(watchlistPattern(broken)).toBeNull();
    const found = run(watchlistRule, 'layoffs and Falcon-12', {
      watchlist: [broken, keyword('layoffs', 'high', 'a'), regex('falcon-\\d+', 'low', 'b')],
    });
    expect(found.map((m) => m.rule)).toEqual(['watchlist/a', 'watchlist/b']);
  });
});

describe('watch-list findings', () => {
  it('are one per entry and field, at the first match, with the entry’s name and severity, not redacted', () => {
    const text = 'Ask about the Layoffs; the layoffs memo is due';
    expect(run(watchlistRule, text, { watchlist: [keyword('layoffs', 'low', 'cuts')] })).toEqual([
      {
        rule: 'watchlist/cuts',
        category: 'watchlist',
        severity: 'low',
        confidence: 'high',
        type: 'Watch-list: Name of cuts',
        start: 14,
        end: 21,
        value: 'Layoffs',
        masked: 'Layoffs',
        redact: false,
      },
    ]);
  });

  it('find the first match again in each text, wherever the entry matched in the text before', () => {
    const entry = keyword('falcon');
    const late = `${'x '.repeat(40)}falcon`;
    expect(run(watchlistRule, late, { watchlist: [entry] }).map((m) => m.start)).toEqual([80]);
    expect(run(watchlistRule, 'falcon first', { watchlist: [entry] }).map((m) => m.start)).toEqual([0]);
    expect(run(watchlistRule, late, { watchlist: [entry] }).map((m) => m.start)).toEqual([80]);
  });

  it('show a match of up to 80 characters whole and a longer one as its first 77 and an ellipsis', () => {
    const entry = regex('z[a-y]+z');
    const masked = (inner: number) => run(watchlistRule, `z${'a'.repeat(inner)}z`, { watchlist: [entry] })[0]!.masked;
    expect(masked(78)).toBe(`z${'a'.repeat(78)}z`);
    expect(masked(79)).toBe(`z${'a'.repeat(76)}…`);
  });

  it('are never raised on a cited URL, but are on an attachment', () => {
    const ctx = { watchlist: [keyword('falcon')] };
    expect(watchlistRule({ ...promptField('https://contoso.example/falcon'), kind: 'url' }, context(ctx))).toEqual([]); // prettier-ignore
    expect(run(watchlistRule, 'https://contoso.example/falcon', ctx)).toHaveLength(1);
    expect(watchlistRule(promptField('falcon', 'attachment'), context(ctx))).toHaveLength(1);
  });
});
