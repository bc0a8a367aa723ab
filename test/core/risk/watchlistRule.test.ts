import { watchlistRule } from '../../../server/core/risk/watchlistRule';
import type { WatchlistEntry } from '../../../server/core/risk/types';
import { run } from './riskTestKit';

const entries: WatchlistEntry[] = [
  { id: 'layoffs', name: 'Layoffs', pattern: 'layoffs', regex: false, severity: 'high' },
  { id: 'falcon', name: 'Project Falcon', pattern: 'project\\s+falcon', regex: true, severity: 'medium' },
  { id: 'broken', name: 'Broken', pattern: '(', regex: true, severity: 'low' },
];

describe('watch-lists', () => {
  it('matches keywords as whole words in any case, with the entry’s severity', () => {
    expect(run(watchlistRule, 'Draft the LAYOFFS memo', { watchlist: entries })[0]).toMatchObject({
      rule: 'watchlist/layoffs',
      category: 'watchlist',
      severity: 'high',
    });
    expect(run(watchlistRule, 'the nolayoffsclause', { watchlist: entries })).toEqual([]);
  });

  it('matches regular expressions and skips entries that do not compile', () => {
    expect(run(watchlistRule, 'Status of Project  Falcon?', { watchlist: entries }).map((m) => m.rule)).toEqual([
      'watchlist/falcon',
    ]);
  });
});
