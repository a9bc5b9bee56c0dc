// Lärdomar as rules (issue 35.3): who shares, what may be shared, once, the receiver named only
// where it agreed, and which lessons a case is offered. People written out here.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../core/roles.js';
import type { Case } from '../cases/model.js';
import { sampleCase } from '../../test/support/cases.js';
import { emptyAnswer, type AnswerRecord } from './model.js';
import { answerSource, causesOf, lessonFact, LESSONS, share, shareable, ShareInput, similar, type Lesson } from './lessons.js';
import { loadReference } from '../core/refdata.js';
import { translator } from '../core/i18n/index.js';

const base = sampleCase();
const c = {
  ...base,
  version: 1,
  report: {
    ...base.report,
    receiver: 'sodra-alvsborgs-sjukhus',
    reporterUnit: 'boras',
    category: 'lakemedel',
    cause: 'kommunikationsbrist',
  },
} as Case;
const by = { userId: 'm', name: 'M' };
const measure = (id: string, result?: 'ja' | 'delvis' | 'nej') => ({
  id,
  text: `Åtgärd ${id}`,
  owner: 'mottagare' as const,
  due: '2026-11-01',
  ...(result ? { effect: { result, comment: 'Följt upp', at: '2026-11-02T09:00:00.000Z', by } } : {}),
});
const answered = (causes: string[] = ['rutin-saknas']): AnswerRecord => ({
  ...emptyAnswer(c),
  version: 2,
  investigation: {
    whatHappened: 'x',
    causes,
    cause: 'y',
    measures: [measure('m1', 'ja'), measure('m2', 'nej'), measure('m3')],
    at: '2026-10-01T09:00:00.000Z',
    by,
  },
});
const people: Record<string, Actor> = {
  team: { userId: 'h', name: 'Hanna', roles: ['medarbetare', 'handlaggare'], providers: ['sodra-alvsborgs-sjukhus'] },
  lead: { userId: 'l', name: 'Lena', roles: ['medarbetare', 'teamledare'], providers: ['*'] },
  otherTeam: { userId: 'h2', name: 'H2', roles: ['medarbetare', 'handlaggare'], providers: ['nu-sjukvarden'] },
  mottagare: { userId: 'm', name: 'M', roles: ['medarbetare', 'mottagare'], providers: ['sodra-alvsborgs-sjukhus'] },
  staff: { userId: 's', name: 'S', roles: ['medarbetare'], providers: ['boras'] },
};
const ctx = (who: string, shared: string[] = []) => ({
  actor: people[who]!,
  now: new Date('2026-11-23T09:00:00Z'),
  shared: (id: string) => shared.includes(id),
});
const input = { measureId: 'm1', text: 'Utskrivningsmeddelande senast kl. 12 dagen före.', effect: 'Inga fler missar på tre månader.' };

describe('sharing a lärdom', () => {
  it('records what the team worded, the receiver’s coded causes, the category, and the receiver only where it agreed', () => {
    const d = share(answerSource(c, answered()), input, ctx('team'));
    if (!d.ok) throw new Error(d.reason);
    expect(d.lesson).toMatchObject({
      measureId: 'm1',
      caseId: c.id,
      category: 'lakemedel',
      causes: ['rutin-saknas'],
      text: input.text,
      effect: input.effect,
      sharedAt: '2026-11-23T09:00:00.000Z',
      sharedBy: { userId: 'h', name: 'Hanna' },
    });
    expect(d.lesson.receiver).toBeUndefined();
    const named = share(answerSource(c, answered()), { ...input, named: true }, ctx('lead'));
    expect(named.ok && named.lesson.receiver).toBe('sodra-alvsborgs-sjukhus');
    // No coded causes (an answer from before them): the case's cause.
    const old = share(answerSource(c, answered([])), input, ctx('team'));
    expect(old.ok && old.lesson.causes).toEqual(['kommunikationsbrist']);
  });

  it('is the follow-up team’s of the case’s organisations, a measure that worked, once', () => {
    for (const who of ['otherTeam', 'mottagare', 'staff'])
      expect(share(answerSource(c, answered()), input, ctx(who)), who).toEqual({ ok: false, reason: 'lesson.notTeam', mandate: true });
    for (const measureId of ['m2', 'm3', 'm9'])
      expect(share(answerSource(c, answered()), { ...input, measureId }, ctx('team')), measureId).toEqual({
        ok: false,
        reason: 'lesson.notWorked',
      });
    expect(share(answerSource(c, undefined), input, ctx('team'))).toEqual({ ok: false, reason: 'lesson.notWorked' });
    expect(share(answerSource(c, answered()), input, ctx('team', ['m1']))).toEqual({ ok: false, reason: 'lesson.already' });
    expect(shareable(answered()!.investigation!.measures, () => false).map((m) => m.id)).toEqual(['m1']);
    expect(shareable(answered()!.investigation!.measures, (id) => id === 'm1')).toEqual([]);
    expect(shareable([], () => false)).toEqual([]);
  });
});

describe('lessons for a case', () => {
  const lesson = (id: string, category: string, causes: string[], sharedAt: string): Lesson => ({
    id,
    version: 1,
    measureId: id,
    caseId: `c-${id}`,
    category,
    causes,
    text: id,
    effect: 'ok',
    sharedAt,
    sharedBy: by,
  });
  it('offers the same category and a shared cause first, then either, newest first, and nothing unrelated', () => {
    const all = [
      lesson('cat-old', 'lakemedel', [], '2026-01-01T00:00:00.000Z'),
      lesson('both', 'lakemedel', ['rutin-saknas'], '2025-01-01T00:00:00.000Z'),
      lesson('cat-new', 'lakemedel', ['annat'], '2026-06-01T00:00:00.000Z'),
      lesson('cause', 'informationsoverforing', ['rutin-saknas'], '2026-07-01T00:00:00.000Z'),
      lesson('none', 'informationsoverforing', ['annat'], '2026-08-01T00:00:00.000Z'),
    ];
    expect(similar(all, 'lakemedel', ['rutin-saknas']).map((l) => l.id)).toEqual(['both', 'cat-new', 'cat-old', 'cause']);
  });
});

/** The lesson a decision made (a refusal fails the test). */
const made = (d: ReturnType<typeof share>) => {
  if (!d.ok) throw new Error(d.reason);
  return d.lesson;
};

describe('what a lärdom is made of', () => {
  it('reads the receiver’s agreement as Teams sends a toggle: "true" or true only', () => {
    const named = (v: unknown) => ShareInput.parse({ ...input, named: v }).named;
    expect([named('true'), named(true), named('false'), named(false), named(''), named(undefined)]).toEqual([
      true,
      true,
      false,
      false,
      false,
      undefined,
    ]);
  });

  it('knows a case by the receiver’s coded causes, else the reporter’s cause, else none', () => {
    expect(causesOf(c, answered(['rutin-saknas', 'annat']))).toEqual(['rutin-saknas', 'annat']);
    expect(causesOf(c, answered([]))).toEqual(['kommunikationsbrist']);
    expect(causesOf({ report: { ...c.report, cause: undefined } }, undefined)).toEqual([]);
  });

  it('is shared from an analysis by the team of any one of its reporting units, and keeps the analysis', () => {
    const source = {
      caseId: c.id,
      analysisId: 'HA-2026-003',
      category: 'lakemedel',
      causes: ['rutin-saknas'],
      receiver: 'nu-sjukvarden',
      sides: [
        { receiver: 'nu-sjukvarden', reporterUnit: 'boras' },
        { receiver: 'nu-sjukvarden', reporterUnit: 'alingsas' },
      ],
      measures: [measure('m1', 'ja')],
    };
    const boras = { ...people['team']!, providers: ['boras'] };
    const d = share(source, { ...input, named: true }, { ...ctx('team'), actor: boras });
    expect(d).toMatchObject({
      ok: true,
      lesson: { analysisId: 'HA-2026-003', caseId: c.id, receiver: 'nu-sjukvarden', causes: ['rutin-saknas'] },
    });
    expect(share(source, input, ctx('team'))).toMatchObject({ ok: false, reason: 'lesson.notTeam' });
    expect(LESSONS.partition(made(d))).toBe('2026');
  });

  it('is listed with its category’s and causes’ names in the reader’s language, the receiver by its short name only where agreed', async () => {
    const ref = await loadReference('data/reference');
    const l = { ...made(share(answerSource(c, answered(['rutin-saknas', 'okand'])), input, ctx('team'))), version: 1 };
    const sv = lessonFact(ref, translator('sv'), 'sv', l);
    expect(sv.title).toBe('Läkemedel i vårdens övergångar · Rutin saknas eller är otydlig, okand · 2026-11-23');
    expect(sv.value).toBe(`${input.text}\n\nEffekt: ${input.effect}`);
    const en = lessonFact(ref, translator('en'), 'en', { ...l, receiver: 'sodra-alvsborgs-sjukhus' });
    expect(en.title).toMatch(/^Medication in care transitions · Routine missing or unclear, okand · .+ · Södra Älvsborgs sjukhus$/);
  });
});
