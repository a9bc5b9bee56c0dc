import { describe, expect, it } from 'vitest';
import { commandRouter, fold } from './text.js';

describe('commandRouter', () => {
  const route = commandRouter([
    { words: ['koppla bort', 'unlink'], value: 'unlink' },
    { words: ['koppla', 'link'], value: 'link' },
    { words: ['indikatorer'], value: 'list' },
    { words: ['indikator'], value: 'show' },
    { words: ['importera indikatorer'], value: 'import' },
    { words: ['hjälp', '?'], value: 'help' },
  ]);

  it('matches whole words, case and å/ä/ö aside, and gives the rest as args', () => {
    expect(route('Indikator vårdgaranti för Borås')).toEqual({ value: 'show', args: 'vårdgaranti för Borås' });
    expect(route('  HJALP  ')).toEqual({ value: 'help', args: '' });
    expect(route('indikatorer nära vård')).toEqual({ value: 'list', args: 'nära vård' });
    expect(route('indikatorvärde')).toBeUndefined();
    expect(route('?')).toEqual({ value: 'help', args: '' });
    expect(route('')).toBeUndefined();
  });

  it('takes the longest word that matches, whatever the order given (issue 34.5)', () => {
    expect(route('koppla  bort')).toEqual({ value: 'unlink', args: '' });
    expect(route('koppla Södra Älvsborgs sjukhus')).toEqual({ value: 'link', args: 'Södra Älvsborgs sjukhus' });
    const shorterFirst = commandRouter([
      { words: ['koppla'], value: 'link' },
      { words: ['koppla bort'], value: 'unlink' },
    ]);
    expect(shorterFirst('koppla bort')).toEqual({ value: 'unlink', args: '' });
    expect(shorterFirst('koppla Borås')).toEqual({ value: 'link', args: 'Borås' });
  });

  it('keeps the line breaks of the args (a pasted CSV) and does not read across them', () => {
    expect(route('importera indikatorer\nindikator;org;period;värde\nsip-andel;boras;2026-Q2;31')).toEqual({
      value: 'import',
      args: 'indikator;org;period;värde\nsip-andel;boras;2026-Q2;31',
    });
    expect(route('importera\nindikatorer')).toBeUndefined();
  });

  it('folds text the way people type it', () => {
    expect(fold('  Årsrapport   2026 ')).toBe('arsrapport 2026');
  });
});
