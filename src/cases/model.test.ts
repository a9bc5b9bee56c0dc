import { describe, expect, it } from 'vitest';
import { direction } from './model.js';

describe('direction', () => {
  it('names both sides for every pair of kinds, private providers too (issue 32.3)', () => {
    const kinds = ['kommun', 'region', 'privat'] as const;
    const pairs = kinds.flatMap((from) => kinds.map((to) => direction({ kind: from }, { kind: to })));
    expect(pairs).toEqual([
      'kommun-kommun',
      'kommun-region',
      'kommun-privat',
      'region-kommun',
      'region-region',
      'region-privat',
      'privat-kommun',
      'privat-region',
      'privat-privat',
    ]);
    expect(direction({ kind: 'kommun' }, undefined)).toBe('okand');
  });
});
