// swedishDate takes a short cut (before 22:00 UTC the date in Sweden is the UTC date) and keeps
// the hours after it: checked here against the time zone database for every hour of two years,
// both summer-time changes and both year ends included.
import { describe, expect, it } from 'vitest';
import { swedishDate, swedishDayStart } from './clock.js';

const zone = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' });

describe('swedishDate', () => {
  it('gives the date in Stockholm for every hour and half hour of 2026 and 2027', () => {
    const wrong: string[] = [];
    for (let t = Date.UTC(2025, 11, 31, 0); t < Date.UTC(2028, 0, 1, 0); t += 1_800_000) {
      const d = new Date(t);
      if (swedishDate(d) !== zone.format(d)) wrong.push(d.toISOString());
    }
    expect(wrong).toEqual([]);
  });

  it('turns at midnight Swedish time, in winter and in summer', () => {
    expect(swedishDate(new Date('2026-12-31T22:59:59Z'))).toBe('2026-12-31');
    expect(swedishDate(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
    expect(swedishDate(new Date('2026-06-30T21:59:59Z'))).toBe('2026-06-30');
    expect(swedishDate(new Date('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
  });
});

describe('swedishDayStart', () => {
  it('is the first instant of the Swedish date, for every day of 2026 and 2027', () => {
    const wrong: string[] = [];
    for (let t = Date.UTC(2026, 0, 1, 12); t < Date.UTC(2028, 0, 1, 0); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const start = swedishDayStart(date);
      if (swedishDate(new Date(start)) !== date || swedishDate(new Date(start - 1)) === date) wrong.push(date);
    }
    expect(wrong).toEqual([]);
    // The nights the clocks change: still winter time at midnight in March, summer time in October.
    expect(new Date(swedishDayStart('2026-03-29')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(swedishDayStart('2026-10-25')).toISOString()).toBe('2026-10-24T22:00:00.000Z');
  });
});
