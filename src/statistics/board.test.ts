// The board report (002_… §2.3) against a plain reference written from the definition, every
// figure, on a generated store of three years with events placed on the edges of the Swedish
// year (23:00 UTC on 31 December is already the new year in Stockholm).
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRegister } from '../admin/registerCsv.js';
import { loadReference, type Reference } from '../core/refdata.js';
import { swedishDate } from '../core/clock.js';
import { generateCases } from '../seed/dataset.js';
import { concerns } from '../indicators/computed.js';
import type { Case } from '../cases/model.js';
import { boardReport } from './aggregate.js';

let ref: Reference;
let cases: Case[];

/** An action plan is followed up by its ladder's next step: 2a at 2b, the collaboration ladder's s1 at s2 (issue 31.1). */
const FOLLOWED_BY: Record<string, string> = { '2a': '2b', s1: 's2' };

function reference(all: readonly Case[], year: string, org: string, asOf: string) {
  const inYear = (iso: string) => swedishDate(new Date(iso)).startsWith(year);
  const mine = all.filter((c) => concerns(c, org, ref));
  const plans = mine.flatMap((c) => c.deadlines.filter((d) => d.kind === 'handlingsplan' && inYear(d.setAt)).map((d) => ({ c, d })));
  const onTime = ({ c, d }: (typeof plans)[number]) =>
    c.events.some((e) => e.type === 'steg' && e.to === FOLLOWED_BY[d.stepId] && e.at > d.setAt && swedishDate(new Date(e.at)) <= d.due);
  return {
    year,
    org,
    casesFollowedUp: mine.filter((c) => c.events.some((e) => (e.type === 'steg' || e.type === 'triagerad') && inYear(e.at))).length,
    actionPlans: plans.length,
    actionPlansOnTime: plans.filter(onTime).length,
    // Not followed up in time, and its date still ahead on the report's day: not late.
    actionPlansNotYetDue: plans.filter((p) => !onTime(p) && p.d.due >= asOf).length,
    measuresBeyondPlans: mine.flatMap((c) => c.events.filter((e) => e.type === 'atgard' && e.to !== 'handlingsplan' && inYear(e.at)))
      .length,
    // Handed over (the recorded handover with date and diary number) or a deep step taken.
    deepFollowUp: mine.filter((c) =>
      c.events.some(
        (e) => (e.type === 'overlamnad' || (e.type === 'steg' && ['3a', '3b', '4a', '4b', '5'].includes(e.to ?? ''))) && inYear(e.at),
      ),
    ).length,
    closed: mine.filter((c) => c.events.some((e) => e.type === 'avslutad' && inYear(e.at))).length,
    areas: areasOf(all, year, org, asOf),
  };
}

/**
 * Per contract area (002_… §2.3): the register's contracts that the contract follow-up follows
 * (private, not IOP) in the organisation, running on the year's first and last day (or the
 * report's day), and the year's figures of the cases to those receivers.
 */
function areasOf(all: readonly Case[], year: string, org: string, asOf: string) {
  const inYear = (iso: string) => swedishDate(new Date(iso)).startsWith(year);
  const last = [`${year}-12-31`, asOf].sort()[0]!;
  const contracts = ref.register.all.filter(
    (p) =>
      p.kind === 'privat' &&
      p.contract !== undefined &&
      p.contract !== 'iop' &&
      (org === 'vgr' || [p.id, p.partOf, p.delregion].includes(org)),
  );
  const running = (p: (typeof contracts)[number], day: string) =>
    !(p.contractFrom && p.contractFrom > day) && !(p.contractTo && p.contractTo < day) && !(p.retired && p.retired <= day);
  const names = [...new Set(contracts.map((p) => p.contractArea ?? `form:${p.contract}`))].sort((a, b) => a.localeCompare(b, 'sv'));
  return names.map((area) => {
    const here = contracts.filter((p) => (p.contractArea ?? `form:${p.contract}`) === area);
    const ids = new Set(here.map((p) => p.id));
    const cs = all.filter((c) => ids.has(c.report.receiver));
    const events = cs.flatMap((c) => c.events.filter((e) => inYear(e.at)));
    const plans = cs.flatMap((c) => c.deadlines.filter((d) => d.kind === 'handlingsplan' && inYear(d.setAt))).length;
    const beyond = events.filter((e) => e.type === 'atgard' && e.to !== 'handlingsplan').length;
    const outcome = (o: string) => events.filter((e) => e.type === 'steg' && e.details?.['outcome'] === o).length;
    return {
      area,
      contractsAtStart: here.filter((p) => running(p, `${year}-01-01`)).length,
      contractsAtEnd: here.filter((p) => running(p, last)).length,
      contractsFollowedUp: new Set(
        cs.filter((c) => c.events.some((e) => (e.type === 'steg' || e.type === 'triagerad') && inYear(e.at))).map((c) => c.report.receiver),
      ).size,
      measuresStarted: plans + beyond,
      actionPlans: plans,
      planResults: { genomford: outcome('genomford'), delvis: outcome('delvis'), 'ej-genomford': outcome('ej-genomford') },
      measuresBeyondPlans: beyond,
      deepFollowUp: cs.filter((c) =>
        c.events.some(
          (e) => (e.type === 'overlamnad' || (e.type === 'steg' && ['3a', '3b', '4a', '4b', '5'].includes(e.to ?? ''))) && inYear(e.at),
        ),
      ).length,
    };
  });
}

beforeAll(async () => {
  ref = await loadReference('data/reference');
  // The example register: contracts in four areas, one ended in 2025, one begun in 2025, units.
  const register = parseRegister(await readFile('data/examples/vardgivarregister.exempel.csv', 'utf8'), ref);
  if (!register.ok) throw new Error('the example register does not parse');
  ref.register.replace(register.providers);
  const generated = generateCases(ref, { seed: 21, from: '2024-01-01', days: 1000, perDay: 3 }).map((c) => ({ ...c, version: 1 }));
  // Edge events: the last millisecond of 2025 and the first of 2026, in Stockholm.
  const edge = (c: Case, i: number): Case => {
    const at = i % 2 ? '2025-12-31T22:59:59.999Z' : '2025-12-31T23:00:00.000Z';
    const extra = [
      { at, type: 'steg' as const, actor: c.events[0]!.actor, from: '3', to: ['3a', '4b', '5'][i % 3], visibleToReporter: false },
      { at, type: 'atgard' as const, actor: c.events[0]!.actor, to: i % 4 ? 'vite' : 'handlingsplan', visibleToReporter: false },
      { at, type: 'avslutad' as const, actor: c.events[0]!.actor, to: 'atgardad', visibleToReporter: true },
    ];
    // Every fourth edge case is handed over (recorded with date and diary number), and nothing deeper.
    if (i % 4 === 3)
      return { ...c, events: [...c.events, { at, type: 'overlamnad' as const, actor: c.events[0]!.actor, visibleToReporter: false }] };
    return { ...c, events: [...c.events, ...extra.slice(0, 1 + (i % 3))] };
  };
  cases = generated.map((c, i) => (i % 50 === 0 ? edge(c, i / 50) : c));
});

describe('boardReport', () => {
  it('gives every figure the definition gives, for each year and organisation level', () => {
    for (const asOf of ['2026-06-15', '2026-11-30'])
      for (const year of ['2024', '2025', '2026'])
        for (const org of ['vgr', 'boras', 'sahlgrenska', 'fyrbodal', 'nu-sjukvarden', 'exempel-rehab', 'exempel-ortopedi'])
          expect(boardReport(cases, year, org, ref, asOf), `${year} ${org} ${asOf}`).toEqual(reference(cases, year, org, asOf));
    expect(boardReport(cases, '2026', 'vgr', ref, '2026-06-15').actionPlansNotYetDue).toBeGreaterThan(0);
    // A handover alone counts (issue 32.1: it counted 0).
    const handedOver = cases.filter(
      (c) =>
        c.events.some((e) => e.type === 'overlamnad') &&
        !c.events.some((e) => e.type === 'steg' && ['3a', '3b', '4a', '4b', '5'].includes(e.to ?? '')),
    );
    expect(handedOver.length).toBeGreaterThan(0);
    const r = boardReport(cases, '2025', 'vgr', ref, '2026-11-30');
    expect(r.deepFollowUp).toBeGreaterThan(0);
    expect(r.measuresBeyondPlans).toBeGreaterThan(0);
    expect(r.actionPlansOnTime).toBeGreaterThan(0);
    // The areas: each contract area once; contracts that began or ended in the year; plan results.
    const vc = r.areas.find((a) => a.area === 'Vårdval Vårdcentral')!;
    // Skövde's ended on 2025-12-31: still running on the year's last day, gone the next year.
    expect([vc.contractsAtStart, vc.contractsAtEnd]).toEqual([4, 4]);
    const next = boardReport(cases, '2026', 'vgr', ref, '2026-11-30').areas.find((a) => a.area === 'Vårdval Vårdcentral')!;
    expect([next.contractsAtStart, next.contractsAtEnd]).toEqual([3, 3]);
    const rehab = r.areas.find((a) => a.area === 'Vårdval Rehab')!;
    expect([rehab.contractsAtStart, rehab.contractsAtEnd]).toEqual([2, 3]); // Uddevalla's began 2025-06-01
    expect(r.areas.map((a) => a.area)).not.toContain('Idéburet offentligt partnerskap');
    expect(r.areas.reduce((n, a) => n + a.planResults.genomford + a.planResults['ej-genomford'], 0)).toBeGreaterThan(0);
    expect(r.areas.reduce((n, a) => n + a.contractsFollowedUp, 0)).toBeGreaterThan(0);
  });
});
