// Lärdomar as rules (issue 35.3): who shares, what may be shared, once, the receiver named only
// where it agreed, and which lessons a case is offered. People written out here.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../core/roles.js';
import type { Case } from '../cases/model.js';
import { sampleCase } from '../../test/support/cases.js';
import { emptyAnswer, type AnswerRecord } from './model.js';
import { answerSource, share, shareable, similar, type Lesson } from './lessons.js';

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
