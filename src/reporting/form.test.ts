import { beforeAll, describe, expect, it } from 'vitest';
import { loadReference, type Reference } from '../core/refdata.js';
import { parseReportForm } from './form.js';
import { minimumReport } from '../../test/support/cases.js';

let ref: Reference;
beforeAll(async () => {
  ref = await loadReference('data/reference');
});

const form = (over: Record<string, string>) => ({ formId: '00000000-0000-4000-8000-000000000001', ...minimumReport(over) });
const timeError = (eventDate: string, eventTime: string, now: string) => {
  const result = parseReportForm(form({ eventDate, eventTime }), ref, new Date(now));
  return result.ok ? undefined : result.errors.eventTime;
};

describe('when it happened (issue 16, item 12)', () => {
  // The clock in Sweden: 05:48 winter time is 04:48 UTC, summer time 03:48 UTC.
  const CASES: [string, string, string, string, string | undefined][] = [
    ['a time later today (winter)', '2026-11-30', '10:30', '2026-11-30T04:48:00Z', 'form.error.futureTime'],
    ['the minute it is now', '2026-11-30', '05:48', '2026-11-30T04:48:00Z', undefined],
    ['a minute ahead', '2026-11-30', '05:49', '2026-11-30T04:48:00Z', 'form.error.futureTime'],
    ['earlier today', '2026-11-30', '05:00', '2026-11-30T04:48:00Z', undefined],
    ['any time yesterday', '2026-11-29', '23:59', '2026-11-30T04:48:00Z', undefined],
    ['a time later today (summer)', '2026-06-15', '06:00', '2026-06-15T03:48:00Z', 'form.error.futureTime'],
    ['earlier today (summer)', '2026-06-15', '05:30', '2026-06-15T03:48:00Z', undefined],
    ['just after midnight in Sweden, still yesterday in UTC', '2026-12-01', '00:50', '2026-11-30T23:40:00Z', 'form.error.futureTime'],
    ['ten minutes into the Swedish day', '2026-12-01', '00:40', '2026-11-30T23:40:00Z', undefined],
  ];
  for (const [name, date, time, now, error] of CASES)
    it(`${name}: ${error ?? 'accepted'}`, () => expect(timeError(date, time, now)).toBe(error));
});
