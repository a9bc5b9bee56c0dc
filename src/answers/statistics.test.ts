// The receivers' coded causes beside the reporters' first guess (issue 35.1), against counts
// taken straight from a generated store: per cause on each side, and the investigations that
// found none of the reporter's cause. A cause the first assessment set was no guess.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReference, type Reference } from '../core/refdata.js';
import { generateCases } from '../seed/dataset.js';
import type { Case } from '../cases/model.js';
import { emptyAnswer, type AnswerRecord } from './model.js';
import { answerFigures, answerLoopTally, effectiveOf, type Effective } from './statistics.js';
import { Counters } from '../store/contract.js';
import { CASE_INDEXES } from '../cases/collections.js';
import { monthsBetween } from '../cases/queries.js';
import { COUNTY } from '../core/organisations.js';

let ref: Reference;
let cases: Case[];
let answers: Map<string, AnswerRecord>;
const period = { from: '2026-01-01', to: '2026-06-30' };

beforeAll(async () => {
  ref = await loadReference('data/reference');
  cases = generateCases(ref, { seed: 5, from: '2025-11-01', days: 300, perDay: 2 }).map((c, i) => ({
    ...c,
    version: 1,
    answerLoop: true,
    // Every seventh cause set at the first assessment, from "vet ej".
    events: i % 7 ? c.events : [...c.events, { ...c.events[0]!, type: 'triagerad' as const, details: { cause: c.report.cause } }],
  })) as Case[];
  const ids = ref.causes.map((x) => x.id);
  answers = new Map(
    cases
      .filter((_, i) => i % 3 !== 0)
      .map((c, i) => {
        const found = i % 4 === 0 ? [] : [ids[i % ids.length]!, ...(i % 5 === 0 ? [ids[(i + 2) % ids.length]!] : [])];
        const at = c.createdAt;
        // Answered 0–19 days after the report; every sixth with a measure that worked 5 days on.
        const answered = new Date(Date.parse(at) + (i % 20) * 86_400_000).toISOString();
        const by = { userId: 'm', name: 'M' };
        const a = { ...emptyAnswer(c), version: 1, answer: { text: 'svar', at: answered, by } };
        const worked = new Date(Date.parse(at) + 5 * 86_400_000).toISOString();
        const measures =
          i % 6 === 0
            ? [
                {
                  id: `m${i}`,
                  text: 't',
                  owner: 'mottagare' as const,
                  due: at.slice(0, 10),
                  effect: { result: 'ja' as const, comment: 'ok', at: worked, by },
                },
              ]
            : [];
        const events = [{ at: answered, type: 'besvarad' as const, actor: { ...by, roles: [] }, side: 'mottagare' as const }];
        return [c.id, { ...a, events, investigation: { whatHappened: 'x', causes: found, cause: 'y', measures, at: answered, by } }];
      }),
  );
});

/** The figures of these cases for the whole county, counted by the read model's tally month by month. */
function figuresOf(
  reported: readonly Case[],
  followedUp: { c: Case; a: AnswerRecord }[],
  answerOf: (id: string) => AnswerRecord | undefined,
  effective: readonly Effective[] = [],
) {
  const tally = answerLoopTally(ref, answerOf);
  const inMonth = (month: string) => reported.filter((c) => CASE_INDEXES['reported-month'](c)[0] === month);
  const months = monthsBetween(period.from, period.to).map((month) => ({ month, counted: Counters.of(tally, inMonth(month)).groups }));
  return answerFigures(
    months,
    COUNTY,
    followedUp,
    period,
    () => true,
    effective,
    async (month) => inMonth(month),
  );
}

describe('learning in the answer figures (issue 35.4)', () => {
  it('gives the days from report to answer and the repeats after a measure that worked, as a scan gives them', async () => {
    const day = (iso: string) => iso.slice(0, 10);
    const inPeriod = cases.filter((c) => day(c.createdAt) >= period.from && day(c.createdAt) <= '2026-06-29');
    const effective = cases.flatMap((c) => (answers.get(c.id) ? effectiveOf(answers.get(c.id)!, c) : []));
    const f = await figuresOf(inPeriod, [], (id) => answers.get(id), effective);
    const stockholmDay = (iso: string) => new Date(iso).toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
    const days = inPeriod.flatMap((c) => {
      const a = answers.get(c.id);
      if (!a?.answer) return [];
      return [Math.round((Date.parse(stockholmDay(a.answer.at)) - Date.parse(stockholmDay(c.createdAt))) / 86_400_000)];
    });
    expect([...f.daysToAnswer].sort()).toEqual([...days].sort());
    const repeats = inPeriod.filter(
      (c) =>
        c.report.kind === 'avvikelse' &&
        effective.some((e) => e.receiver === c.report.receiver && e.category === c.report.category && e.at < c.createdAt),
    );
    expect(f.repeatedAfterEffect).toBe(repeats.length);
    expect(f.repeatedAfterEffect).toBeGreaterThan(0);
  });
});

describe('causes in the answer figures', () => {
  it('counts each side’s causes on the investigated cases, and where they differ, as a scan gives them', async () => {
    const day = (iso: string) => iso.slice(0, 10);
    const inPeriod = cases.filter((c) => day(c.createdAt) >= period.from && day(c.createdAt) <= '2026-06-29');
    const f = await figuresOf(inPeriod, [], (id) => answers.get(id));
    const investigated = inPeriod.filter((c) => (answers.get(c.id)?.investigation?.causes.length ?? 0) > 0);
    const guess = (c: Case) =>
      c.events.some((e) => e.type === 'triagerad' && e.details?.['cause']) ? 'vet-ej' : (c.report.cause ?? 'vet-ej');
    const count = (xs: string[]) => xs.reduce<Record<string, number>>((m, x) => ({ ...m, [x]: (m[x] ?? 0) + 1 }), {});
    expect(f.causes.compared).toBe(investigated.length);
    expect(f.causes.reporter).toEqual(count(investigated.map(guess)));
    expect(f.causes.receiver).toEqual(count(investigated.flatMap((c) => answers.get(c.id)!.investigation!.causes)));
    expect(f.causes.differ).toBe(
      investigated.filter((c) => guess(c) !== 'vet-ej' && !answers.get(c.id)!.investigation!.causes.includes(guess(c))).length,
    );
    expect(f.causes.differ).toBeGreaterThan(0);
    expect(f.causes.differ).toBeLessThan(f.causes.compared);
    expect(f.causes.reporter['vet-ej']).toBeGreaterThan(0);
  });
});

describe('the period of the answer figures', () => {
  it('holds what was reported and followed up on its Swedish dates, to the second at both edges', async () => {
    const at = (createdAt: string, i: number) => ({ ...cases[i]!, id: `edge-${i}`, createdAt, answerLoop: true });
    // Swedish time: 00:30 on 1 January (in), 23:59:59 on 31 December (out), 23:59:59 on 30 June
    // (summer time, in), 00:00 on 1 July (out, written without milliseconds).
    const edges = [
      at('2025-12-31T23:30:00.000Z', 0),
      at('2025-12-31T22:59:59.000Z', 1),
      at('2026-06-30T21:59:59.999Z', 2),
      at('2026-06-30T22:00:00Z', 3),
    ];
    const effect = (result: 'ja' | 'nej', when: string) => ({
      id: when,
      text: 't',
      owner: 'mottagare' as const,
      due: '2026-01-01',
      effect: { result, comment: 'ok', at: when, by: { userId: 'm', name: 'M' } },
    });
    const measured = {
      ...emptyAnswer(edges[0]!),
      version: 1,
      investigation: {
        whatHappened: 'x',
        causes: [],
        cause: 'y',
        at: '2026-01-02T10:00:00.000Z',
        by: { userId: 'm', name: 'M' },
        measures: [effect('ja', '2025-12-31T23:00:00.000Z'), effect('nej', '2026-06-30T22:00:00.000Z')],
      },
    };
    const f = await figuresOf(edges, [{ c: edges[0]!, a: measured }], () => undefined);
    expect(f.expected).toBe(2);
    expect(f.effects).toEqual({ ja: 1, delvis: 0, nej: 0 });
  });
});
