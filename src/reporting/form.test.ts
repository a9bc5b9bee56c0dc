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

// Issue 30.6: every rule of the form, field by field, so a mutant of any of them is caught.
describe('the report form, field by field', () => {
  const NOW = new Date('2026-11-30T09:00:00Z');
  const parse = (over: Record<string, unknown>, envelope: Record<string, unknown> = {}) =>
    parseReportForm({ ...form({ eventDate: '2026-11-29' }), ...over, ...envelope }, ref, NOW);
  const errorsOf = (over: Record<string, unknown>, envelope: Record<string, unknown> = {}) => {
    const r = parse(over, envelope);
    return r.ok ? {} : r.errors;
  };

  it('takes a valid minimum report, keeping what the reporter left to the assessment unset', () => {
    const r = parse({ cause: 'vet-ej', consequence: 'vet-ej', severity: 'vet-ej' });
    expect(r.ok && r.report).toMatchObject({ receiver: 'sodra-alvsborgs-sjukhus', direction: 'kommun-region', cause: undefined });
    expect(r.ok && [r.report.agreement, r.report.medControlId, r.report.otherReceiver, r.report.severity]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  const FIELD_CASES: [string, Record<string, unknown>, string, string][] = [
    ['a date that does not exist', { eventDate: '2026-02-30' }, 'eventDate', 'form.error.date'],
    ['a date with text around it', { eventDate: 'x2026-11-29' }, 'eventDate', 'form.error.date'],
    ['a date with text after it', { eventDate: '2026-11-29x' }, 'eventDate', 'form.error.date'],
    ['tomorrow', { eventDate: '2026-12-01' }, 'eventDate', 'form.error.futureDate'],
    ['more than a year back', { eventDate: '2025-11-28' }, 'eventDate', 'form.error.oldDate'],
    ['a time that is no time', { eventTime: '25:00' }, 'eventTime', 'form.error.time'],
    ['a time with text before it', { eventTime: 'x10:00' }, 'eventTime', 'form.error.time'],
    ['a time with text after it', { eventTime: '10:00x' }, 'eventTime', 'form.error.time'],
    ['the same provider on both sides', { receiver: 'boras' }, 'receiver', 'form.error.sameProvider'],
    ['a provider not in the register', { receiver: 'atlantis' }, 'receiver', 'form.error.unknownChoice'],
    ['Annan vårdgivare without a name', { receiver: 'annan' }, 'otherReceiver', 'form.error.otherReceiver'],
    ['Annan vårdgivare with one letter', { receiver: 'annan', otherReceiver: 'X' }, 'otherReceiver', 'form.error.otherReceiver'],
    ['an unknown cause', { cause: 'ingen-sadan' }, 'cause', 'form.error.unknownChoice'],
    ['an unknown agreement', { agreement: 'ingen-sadan' }, 'agreement', 'form.error.unknownChoice'],
    ['a reporter role that is no choice', { reporterRole: 'admin' }, 'reporterRole', 'form.error.unknownChoice'],
    ['a description under ten characters', { description: 'För kort' }, 'description', 'form.error.tooShort'],
    ['a description over 2000 characters', { description: 'a'.repeat(2001) }, 'description', 'form.error.tooLong'],
    ['an immediate action over 1000 characters', { immediateAction: 'a'.repeat(1001) }, 'immediateAction', 'form.error.tooLong'],
    ['a MedControl id over 40 characters', { medControlId: 'A'.repeat(41) }, 'medControlId', 'form.error.tooLong'],
    ['a MedControl id with other characters', { medControlId: 'MC#1' }, 'medControlId', 'form.error.medControl'],
    ['a MedControl id starting with a dash', { medControlId: '-MC1' }, 'medControlId', 'form.error.medControl'],
    ['a missing required field', { category: '' }, 'category', 'form.error.required'],
    ['a number where text is sent', { description: 12345678901 }, 'description', 'form.error.type'],
    [
      'an identity number in the description',
      { description: 'Patienten 19121212-1212 fick fel lista' },
      'description',
      'form.error.personnummer',
    ],
  ];
  for (const [name, over, field, key] of FIELD_CASES) it(`refuses ${name}`, () => expect(errorsOf(over)[field as 'eventDate']).toBe(key));

  it('keeps who reports when they say, and nothing when they do not (issue 32.3)', () => {
    const said = parse({ reporterRole: 'mas' });
    expect(said.ok && said.report.reporterRole).toBe('mas');
    const silent = parse({});
    expect(silent.ok && silent.report.reporterRole).toBeUndefined();
  });

  it('accepts the limits themselves', () => {
    expect(errorsOf({ eventDate: '2026-11-30' })).toEqual({});
    expect(errorsOf({ description: 'Tio tecken' })).toEqual({});
    expect(errorsOf({ description: 'a'.repeat(2000), immediateAction: 'b'.repeat(1000), medControlId: 'A'.repeat(40) })).toEqual({});
    expect(errorsOf({ medControlId: 'MC-2026/1.a_b c' })).toEqual({});
    expect(errorsOf({ eventDate: '2025-11-29' })).toEqual({});
    expect(errorsOf({ receiver: 'annan', otherReceiver: 'Ab' })).toEqual({});
  });

  it('asks to confirm a date-shaped number that is no identity number, and takes it once confirmed', () => {
    const text = { description: 'Händelsen gällde rapport 19121212-1213 från avdelningen' };
    expect(errorsOf(text)).toMatchObject({
      description: 'form.error.personnummerWarning',
      identityConfirmed: 'form.error.confirmIdentity',
    });
    expect(errorsOf(text, { identityConfirmed: 'false' })).toMatchObject({ identityConfirmed: 'form.error.confirmIdentity' });
    expect(errorsOf(text, { identityConfirmed: 'true' })).toEqual({});
  });

  it('reads an empty (null) field as missing, not as a forged type', () => {
    expect(errorsOf({ description: null })).toEqual({ description: 'form.error.required' });
  });

  it('keeps what the user typed, as text, to show the card again', () => {
    const r = parse({ description: 12345678901, dialogue: true, receiver: 'x'.repeat(6000) });
    expect(!r.ok && r.values).toMatchObject({ description: '12345678901', dialogue: 'true' });
    expect(!r.ok && r.values.receiver).toHaveLength(5000);
  });

  it('refuses a submit without its form id as forged, storing nothing', () => {
    const r = parseReportForm(minimumReport({ eventDate: '2026-11-29' }), ref, NOW);
    expect(r).toMatchObject({ ok: false, fatal: 'form.error.forged' });
  });

  it('names a receiver the register lacks, and sets the direction unknown', () => {
    const r = parse({ receiver: 'annan', otherReceiver: '  Tandvården i Ulricehamn  ' });
    expect(r.ok && r.report).toMatchObject({ receiver: 'annan', otherReceiver: 'Tandvården i Ulricehamn', direction: 'okand' });
    // A name beside a provider of the register is not kept.
    const known = parse({ otherReceiver: 'Tandvården' });
    expect(known.ok && known.report.otherReceiver).toBeUndefined();
  });
});
