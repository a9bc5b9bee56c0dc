// The commonest category × cause pairs: the five kept as the counters go by must be the five a
// full sort gives (count, then category, then cause), ties and all.
import { describe, expect, it } from 'vitest';
import { parsePeriod, statisticsOf } from './aggregate.js';

const CATEGORIES = ['lakemedel', 'lakemedel-overgang', 'ordination', 'vard-och-behandling', 'informationsoverforing'];
const CAUSES = ['ej-foljt-rutin', 'kommunikation', 'okand', 'rutin-saknas'];

/** The order statistics named pairs in before they were kept as they go by. */
const sorted = (pairs: Map<string, number>) =>
  [...pairs]
    .map(([k, count]) => ({ category: k.split('|')[0]!, cause: k.split('|')[1]!, count }))
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category) || a.cause.localeCompare(b.cause))
    .slice(0, 5);

describe('the commonest pairs', () => {
  it('are the five a full sort names, over many draws with ties, in any order of the counters', () => {
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), Math.floor(seed / 2 ** 16) % n);
    for (let draw = 0; draw < 300; draw++) {
      const pairs = new Map<string, number>();
      const size = next(CATEGORIES.length * CAUSES.length + 1);
      while (pairs.size < size) pairs.set(`${CATEGORIES[next(CATEGORIES.length)]}|${CAUSES[next(CAUSES.length)]}`, 1 + next(4));
      const month = new Map([['vgr\tpairs', pairs]]);
      expect(statisticsOf([month], parsePeriod('2026-Q3')!, 'vgr').topPairs, `draw ${draw}`).toEqual(sorted(pairs));
    }
  });

  it('sums a pair over the months before it ranks them', () => {
    const month = (n: number) =>
      new Map([
        [
          'vgr\tpairs',
          new Map([
            ['ordination|okand', n],
            ['lakemedel|okand', 2],
          ]),
        ],
      ]);
    expect(statisticsOf([month(1), month(2)], parsePeriod('2026-Q3')!, 'vgr').topPairs).toEqual([
      { category: 'lakemedel', cause: 'okand', count: 4 },
      { category: 'ordination', cause: 'okand', count: 3 },
    ]);
  });
});
