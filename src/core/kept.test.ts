import { describe, expect, it } from 'vitest';
import { keptFor } from './kept.js';

describe('keptFor', () => {
  it('derives once per object, again for another object', () => {
    let derived = 0;
    const lengthOf = keptFor((xs: readonly number[]) => {
      derived++;
      return xs.length;
    });
    const a = Object.freeze([1, 2, 3]);
    expect([lengthOf(a), lengthOf(a)]).toEqual([3, 3]);
    expect(derived).toBe(1);
    expect(lengthOf([1])).toBe(1);
    expect(derived).toBe(2);
  });
});
