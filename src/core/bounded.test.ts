import { describe, expect, it } from 'vitest';
import { BoundedMap } from './bounded.js';

describe('BoundedMap', () => {
  it('forgets the oldest entry past its bound, and not when a key is set again', () => {
    const m = new BoundedMap<string, number>(2);
    m.set('a', 1).set('b', 2).set('a', 3);
    expect([...m]).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
    m.set('c', 4);
    expect([...m.keys()]).toEqual(['b', 'c']);
  });
});
