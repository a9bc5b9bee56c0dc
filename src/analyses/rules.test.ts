// The joint cause analysis's rules (issue 35.2): the clusters against a definition written apart
// (every group of one receiver with the same category or cause, counted by brute force), who
// takes part, and each step's decision and refusals.
import { describe, expect, it } from 'vitest';
import type { Actor, Role } from '../core/roles.js';
import type { Case } from '../cases/model.js';
import { sampleCase } from '../../test/support/cases.js';
import type { Analysis } from './model.js';
import { proposalDue } from './proposals.js';
import {
  AnalysisEffectInput,
  ConclusionInput,
  EventInput,
  FactorInput,
  MeasureInput,
  StartInput,
  addEvent,
  addFactor,
  addMeasure,
  answersFor,
  CLUSTER,
  clusters,
  conclude,
  mayStart,
  nextNumber,
  partOf,
  recordEffect,
  start,
  type StepContext,
} from './rules.js';

const RECEIVERS = ['sodra-alvsborgs-sjukhus', 'nu-sjukvarden', 'annan'];
const CATEGORIES = ['lakemedel', 'ordination', 'egenvard'];
const CAUSES = ['kommunikationsbrist', 'ej-foljt-rutin', 'rutin-saknas'];

/** A fixed pseudo-random sequence (the same cases every run). */
function seeded(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function randomCases(n: number): Case[] {
  const rnd = seeded(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const day = `2026-${String(8 + Math.floor(rnd() * 4)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
    const base = sampleCase();
    return {
      ...base,
      version: 1,
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      number: `AVV-2026-${String(i + 1).padStart(5, '0')}`,
      createdAt: `${day}T10:00:00.000Z`,
      ...(rnd() < 0.05 ? { anonymisedAt: '2026-11-01T00:00:00.000Z' } : {}),
      report: { ...base.report, receiver: pick(RECEIVERS), category: pick(CATEGORIES), cause: rnd() < 0.3 ? undefined : pick(CAUSES) },
    } as Case;
  });
}

describe('clusters', () => {
  const cases = randomCases(160);
  const causes = (c: Case) => (c.report.cause ? [c.report.cause] : []);
  const covered = (id: string) => id.endsWith('7');
  const [from, to] = ['2026-09-01', '2026-11-29'];

  it('are every group of one known receiver with the same category or cause, of at least CLUSTER.min cases in the period, none covered', () => {
    const got = clusters(cases, causes, covered, from, to);
    // The definition, by brute force over every receiver × category and receiver × cause.
    const counted = (c: Case) =>
      c.createdAt.slice(0, 10) >= from &&
      c.createdAt.slice(0, 10) <= to &&
      !c.anonymisedAt &&
      c.report.receiver !== 'annan' &&
      !covered(c.id);
    const expected: string[] = [];
    const byCategory = new Map<string, string[]>();
    for (const r of RECEIVERS)
      for (const cat of CATEGORIES) {
        const ids = cases.filter((c) => counted(c) && c.report.receiver === r && c.report.category === cat).map((c) => c.id);
        if (ids.length >= CLUSTER.min) expected.push(`${r}|category|${cat}:${ids.length}`);
        byCategory.set(`${r}|${cat}`, ids);
      }
    for (const r of RECEIVERS)
      for (const cause of CAUSES) {
        const ids = cases.filter((c) => counted(c) && c.report.receiver === r && c.report.cause === cause).map((c) => c.id);
        const same = [...byCategory.entries()].some(
          ([k, v]) => k.startsWith(`${r}|`) && v.length === ids.length && ids.every((x) => v.includes(x)),
        );
        if (ids.length >= CLUSTER.min && !same) expected.push(`${r}|cause|${cause}:${ids.length}`);
      }
    expect(got.map((g) => `${g.key}:${g.cases.length}`).sort()).toEqual(expected.sort());
    expect(got.length).toBeGreaterThan(5);
    // Largest first; each names its period.
    expect(got.map((g) => g.cases.length)).toEqual([...got.map((g) => g.cases.length)].sort((a, b) => b - a));
    expect(got.every((g) => g.from === from && g.to === to)).toBe(true);
  });

  it('leave out a cause cluster that is exactly a category cluster, and count a case once per cause', () => {
    const mk = (i: number, cause: string) =>
      ({ ...randomCases(1)[0]!, id: `id-${i}`, createdAt: '2026-11-01T10:00:00.000Z', report: { ...sampleCase().report, cause } }) as Case;
    const three = [1, 2, 3].map((i) => mk(i, 'kommunikationsbrist'));
    expect(
      clusters(
        three,
        (c) => [c.report.cause!, c.report.cause!],
        () => false,
        from,
        to,
      ).map((g) => g.key),
    ).toEqual(['sodra-alvsborgs-sjukhus|category|lakemedel']);
    expect(clusters(three.slice(0, 2), causes, () => false, from, to)).toEqual([]);
  });

  it('are proposed when CLUSTER.min of their cases were never proposed: first, grown by as many, after an analysis; a sliding window proposes nothing', () => {
    const g = clusters(randomCases(160), causes, () => false, from, to)[0]!;
    const ids = g.cases.map((c) => c.id);
    expect(proposalDue(g, new Set())).toBe(`kluster|${g.key}|${ids[0]}`);
    expect(proposalDue(g, new Set(ids))).toBeUndefined();
    expect(proposalDue(g, new Set(ids.slice(CLUSTER.min)))).toBe(`kluster|${g.key}|${ids[0]}`);
    expect(proposalDue(g, new Set(ids.slice(CLUSTER.min - 1)))).toBeUndefined();
  });
});

const actor = (roles: Role[], providers: string[], userId = 'u'): Actor => ({ userId, name: userId, roles, providers });
const A = { receiver: 'sodra-alvsborgs-sjukhus', reporterUnits: ['boras', 'alingsas'] };

describe('who takes part', () => {
  it('is the team of any of its organisations, the receiver’s mottagare, a reporting unit’s chef; nobody else', () => {
    const cases: [Actor, ReturnType<typeof partOf>][] = [
      [actor(['handlaggare'], ['alingsas']), 'team'],
      [actor(['teamet'], ['sodra-alvsborgs-sjukhus']), 'team'],
      [actor(['teamledare'], ['*']), 'team'],
      [actor(['mottagare'], ['sodra-alvsborgs-sjukhus']), 'mottagare'],
      [actor(['chef'], ['alingsas']), 'chef'],
      [actor(['mottagare'], ['boras']), undefined],
      [actor(['chef'], ['sodra-alvsborgs-sjukhus']), undefined],
      [actor(['handlaggare', 'admin'], ['nu-sjukvarden']), undefined],
      [actor([], ['sodra-alvsborgs-sjukhus']), undefined],
      [actor(['admin'], ['*']), undefined],
    ];
    for (const [who, part] of cases) expect(partOf(who, A), JSON.stringify(who)).toBe(part);
    expect(answersFor(actor(['chef'], ['boras']), A, 'chef')).toBe(true);
    expect(answersFor(actor(['chef'], ['boras']), A, 'mottagare')).toBe(false);
    expect(answersFor(actor(['handlaggare'], ['boras']), A, 'mottagare')).toBe(true);
  });

  it('starts: the team of one of the cases’ organisations', () => {
    const c = { ...sampleCase(), version: 1 } as Case;
    expect(mayStart(actor(['handlaggare'], ['boras']), [c])).toBe(true);
    expect(mayStart(actor(['mottagare', 'chef'], ['boras', 'sodra-alvsborgs-sjukhus']), [c])).toBe(false);
    expect(mayStart(actor(['handlaggare'], ['nu-sjukvarden']), [c])).toBe(false);
  });

  it('numbers each year’s analyses in order', () => {
    expect(nextNumber([], 2026)).toBe('HA-2026-001');
    expect(nextNumber(['HA-2026-001', 'HA-2026-009', 'HA-2025-044'], 2026)).toBe('HA-2026-010');
    expect(nextNumber(['HA-2026-999'], 2026)).toBe('HA-2026-1000');
  });
});

describe('the steps', () => {
  const now = new Date('2026-11-25T10:00:00Z');
  const ctx = (who: Actor): StepContext => ({ actor: who, now, today: '2026-11-25', causes: ['rutin-saknas', 'kommunikationsbrist'] });
  const team = actor(['handlaggare'], ['boras'], 'olle');
  const mottagare = actor(['mottagare'], ['sodra-alvsborgs-sjukhus'], 'mona');
  const chef = actor(['chef'], ['boras'], 'cissi');
  const stranger = actor(['chef', 'mottagare'], ['nu-sjukvarden'], 'x');
  const c = { ...sampleCase(), version: 1 } as Case;
  const fresh = (): Omit<Analysis, 'version'> =>
    start('HA-2026-001', { kind: 'case', caseId: c.id }, [c], 'channel:x', { actor: team, now });
  const ok = <T extends { ok: boolean }>(d: T) => {
    expect(d).toMatchObject({ ok: true });
    return (d as unknown as { next: Omit<Analysis, 'version'> }).next;
  };

  it('starts with the cases’ receiver, units and category, running and empty', () => {
    expect(fresh()).toMatchObject({
      id: 'HA-2026-001',
      caseIds: [c.id],
      receiver: 'sodra-alvsborgs-sjukhus',
      reporterUnits: ['boras'],
      category: c.report.category,
      status: 'pagar',
      timeline: [],
      factors: [],
      measures: [],
      startedBy: { userId: 'olle', name: 'olle' },
    });
  });

  it('records what happened in date order, never after today, by any participant; refuses a stranger with mandate', () => {
    let a = ok(addEvent(fresh(), { date: '2026-11-20', text: 'Andra' }, ctx(mottagare)));
    a = ok(addEvent(a, { date: '2026-11-18', text: 'Första' }, ctx(chef)));
    a = ok(addEvent(a, { date: '2026-11-25', text: 'Tredje' }, ctx(team)));
    expect(a.timeline.map((e) => [e.text, e.by.userId])).toEqual([
      ['Första', 'cissi'],
      ['Andra', 'mona'],
      ['Tredje', 'olle'],
    ]);
    expect(addEvent(a, { date: '2026-11-26', text: 'x' }, ctx(team))).toEqual({ ok: false, reason: 'analysis.futureDate', field: 'date' });
    expect(addEvent(a, { date: '2026-11-20', text: 'x' }, ctx(stranger))).toEqual({
      ok: false,
      reason: 'analysis.notParticipant',
      mandate: true,
    });
  });

  it('codes causes with the reference causes; a measure’s date not passed', () => {
    const a = ok(addFactor(fresh(), { cause: 'rutin-saknas', kind: 'orsak', text: 'Ingen rutin' }, ctx(chef)));
    expect(a.factors).toMatchObject([{ cause: 'rutin-saknas', kind: 'orsak', text: 'Ingen rutin', by: { userId: 'cissi' } }]);
    expect(addFactor(a, { cause: 'gissning', kind: 'orsak', text: 'x' }, ctx(chef))).toEqual({
      ok: false,
      reason: 'analysis.unknownCause',
      field: 'cause',
    });
    const m = ok(addMeasure(a, { text: 'Rutin', owner: 'chef', due: '2026-11-25' }, ctx(mottagare)));
    expect(m.measures).toMatchObject([{ text: 'Rutin', owner: 'chef', due: '2026-11-25' }]);
    expect(addMeasure(a, { text: 'Rutin', owner: 'chef', due: '2026-11-24' }, ctx(team))).toEqual({
      ok: false,
      reason: 'analysis.pastDue',
      field: 'due',
    });
  });

  it('concludes by the team only, after a cause (not a contributing factor alone) and a measure; then takes no more steps', () => {
    const base = fresh();
    const text = { text: 'Slutsatsen.' };
    expect(conclude(base, text, ctx(team))).toEqual({ ok: false, reason: 'analysis.noCause' });
    const factor = ok(addFactor(base, { cause: 'rutin-saknas', kind: 'bidragande', text: 'Bidrog' }, ctx(team)));
    expect(conclude(factor, text, ctx(team))).toEqual({ ok: false, reason: 'analysis.noCause' });
    const cause = ok(addFactor(factor, { cause: 'kommunikationsbrist', kind: 'orsak', text: 'Orsak' }, ctx(team)));
    expect(conclude(cause, text, ctx(team))).toEqual({ ok: false, reason: 'analysis.noMeasure' });
    const measured = ok(addMeasure(cause, { text: 'Rutin', owner: 'mottagare', due: '2026-11-25' }, ctx(team)));
    expect(conclude(measured, text, ctx(mottagare))).toEqual({ ok: false, reason: 'analysis.notTeam', mandate: true });
    expect(conclude(measured, text, ctx(stranger))).toEqual({ ok: false, reason: 'analysis.notParticipant', mandate: true });
    const done = ok(conclude(measured, text, ctx(team)));
    expect(done).toMatchObject({ status: 'avslutad', conclusion: { text: 'Slutsatsen.', by: { userId: 'olle' }, at: now.toISOString() } });
    for (const d of [
      addEvent(done, { date: '2026-11-20', text: 'x' }, ctx(team)),
      addFactor(done, { cause: 'rutin-saknas', kind: 'orsak', text: 'x' }, ctx(team)),
      addMeasure(done, { text: 'x', owner: 'chef', due: '2026-12-01' }, ctx(team)),
      conclude(done, text, ctx(team)),
    ])
      expect(d).toEqual({ ok: false, reason: 'analysis.closed' });
  });

  it('follows a measure’s effect up on its date, once, by its owner side or the team, also after the conclusion', () => {
    const withMeasures = ok(addMeasure(fresh(), { text: 'Idag', owner: 'mottagare', due: '2026-11-25' }, ctx(team)));
    const later = ok(addMeasure(withMeasures, { text: 'Sen', owner: 'chef', due: '2026-12-10' }, ctx(team)));
    const [today, future] = later.measures;
    const effect = (measureId: string) => ({ measureId, result: 'ja' as const, comment: 'Bra' });
    expect(recordEffect(later, effect(today!.id), ctx(chef))).toEqual({ ok: false, reason: 'answer.notOwner', mandate: true });
    expect(recordEffect(later, effect(future!.id), ctx(chef))).toEqual({
      ok: false,
      reason: 'answer.effectEarly',
      vars: { date: '2026-12-10' },
    });
    expect(recordEffect(later, effect('00000000-0000-4000-8000-000000000000'), ctx(team))).toEqual({
      ok: false,
      reason: 'answer.unknownMeasure',
    });
    const done = ok(recordEffect({ ...later, status: 'avslutad' }, effect(today!.id), ctx(mottagare)));
    expect(done.measures[0]).toMatchObject({ effect: { result: 'ja', comment: 'Bra', by: { userId: 'mona' } } });
    expect(done.measures[1]!.effect).toBeUndefined();
    expect(recordEffect(done, effect(today!.id), ctx(team))).toEqual({ ok: false, reason: 'answer.effectDone' });
    expect(ok(recordEffect(later, effect(today!.id), ctx(team))).measures[0]!.effect!.by.userId).toBe('olle');
  });
});

describe('the edges', () => {
  const at = (i: number, createdAt: string, over: Partial<Case['report']> = {}) =>
    ({ ...sampleCase(), version: 1, id: `id-${i}`, createdAt, report: { ...sampleCase().report, ...over } }) as Case;
  const none = () => [] as string[];

  it('count the period’s first and last day whole, nothing after it', () => {
    const three = [at(1, '2026-09-01T00:00:00.000Z'), at(2, '2026-10-01T10:00:00.000Z'), at(3, '2026-11-29T21:00:00.000Z')];
    expect(clusters(three, none, () => false, '2026-09-01', '2026-11-29').map((g) => g.cases.length)).toEqual([3]);
    const late = [...three.slice(0, 2), at(4, '2026-11-30T08:00:00.000Z')];
    expect(clusters(late, none, () => false, '2026-09-01', '2026-11-29')).toEqual([]);
  });

  it('keep a cause cluster that is part of a larger category cluster', () => {
    const four = [1, 2, 3, 4].map((i) => at(i, '2026-11-01T10:00:00.000Z', { cause: i < 4 ? 'rutin-saknas' : 'annat' }));
    const got = clusters(
      four,
      (c) => [c.report.cause!],
      () => false,
      '2026-09-01',
      '2026-11-29',
    );
    expect(got.map((g) => `${g.key}:${g.cases.length}`)).toEqual([
      'sodra-alvsborgs-sjukhus|category|lakemedel:4',
      'sodra-alvsborgs-sjukhus|cause|rutin-saknas:3',
    ]);
  });

  it('let the team of any one of a cluster’s reporting units start it', () => {
    const cluster = [
      at(1, '2026-11-01T10:00:00.000Z', { reporterUnit: 'boras', receiver: 'nu-sjukvarden' }),
      at(2, '2026-11-02T10:00:00.000Z', { reporterUnit: 'alingsas', receiver: 'nu-sjukvarden' }),
    ];
    expect(mayStart(actor(['handlaggare'], ['alingsas']), cluster)).toBe(true);
    expect(mayStart(actor(['handlaggare'], ['sodra-alvsborgs-sjukhus']), cluster)).toBe(false);
  });

  it('hold each form’s text between its least and most, a cause id and a channel key within theirs', () => {
    const ok = (schema: { safeParse(v: unknown): { success: boolean } }, v: unknown) => schema.safeParse(v).success;
    const text = (n: number) => 'x'.repeat(n);
    expect([ok(EventInput, { date: '2026-11-20', text: text(2) }), ok(EventInput, { date: '2026-11-20', text: text(1000) })]).toEqual([
      false,
      true,
    ]);
    expect([
      ok(FactorInput, { cause: '', kind: 'orsak', text: text(3) }),
      ok(FactorInput, { cause: text(60), kind: 'orsak', text: text(3) }),
      ok(FactorInput, { cause: text(61), kind: 'orsak', text: text(3) }),
      ok(FactorInput, { cause: 'annat', kind: 'orsak', text: text(2) }),
      ok(FactorInput, { cause: 'annat', kind: 'orsak', text: text(1000) }),
    ]).toEqual([false, true, false, false, true]);
    expect([
      ok(MeasureInput, { text: text(2), owner: 'chef', due: '2026-12-01' }),
      ok(MeasureInput, { text: text(500), owner: 'chef', due: '2026-12-01' }),
    ]).toEqual([false, true]);
    expect([ok(ConclusionInput, { text: text(4) }), ok(ConclusionInput, { text: text(3000) })]).toEqual([false, true]);
    const measureId = '00000000-0000-4000-8000-000000000001';
    expect([
      ok(AnalysisEffectInput, { measureId, result: 'ja', comment: text(1) }),
      ok(AnalysisEffectInput, { measureId, result: 'ja', comment: text(1000) }),
    ]).toEqual([false, true]);
    expect([ok(StartInput, { channel: '' }), ok(StartInput, { channel: text(300) }), ok(StartInput, { channel: text(301) })]).toEqual([
      false,
      true,
      false,
    ]);
  });
});
