// The instant the suite runs at. Tests never read the real date: the bot gets a clock that
// stands at TEST_START until a test moves it, and every expectation is computed from it.
// TEST_NOW sets it, e.g. TEST_NOW=2026-12-31T23:59:30+01:00 (New Year's Eve) or
// TEST_NOW=2026-03-29T01:59:30+01:00 (the night summer time starts): the suite must pass at both.
import { ManualClock, swedishDate } from '../../src/core/clock.js';

export const TEST_START = new Date(process.env['TEST_NOW'] ?? '2026-11-30T10:00:00+01:00');

if (Number.isNaN(TEST_START.getTime())) throw new Error(`TEST_NOW is not an ISO 8601 instant: ${process.env['TEST_NOW']}`);

/** The Swedish calendar date at TEST_START. */
export const testToday = swedishDate(TEST_START);

/** A fresh clock at TEST_START (each harness gets its own, so no test moves another's). */
export const testClock = (): ManualClock => new ManualClock(TEST_START);
