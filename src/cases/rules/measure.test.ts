// Final measures (återkrav, sanktion, hävning) only after the earlier steps: 000_… (alla steg i
// processen måste vara genomförda innan slutliga åtgärder vidtas) and 002_… kapitel 4, 3b
// (återkrav or sanktion when anmodan om rättelse was not followed); each missing step named,
// or skipped with a recorded reason by the role that decides it; contract measures only
// against a provider the region has a contract with (002_… kapitel 4; 000_… on economic
// regulation with the municipalities, not decided).
import { beforeAll, describe, expect, it } from 'vitest';
import { actorWith, aCase, ruleContext } from '../../../test/support/cases.js';
import { loadReference, type Reference } from '../../core/refdata.js';
import type { CaseEvent } from '../model.js';
import { decide } from './index.js';

let ref: Reference;
beforeAll(async () => {
  ref = await loadReference('data/reference');
});
const officer = actorWith('handlaggare');
const documented = (...steps: string[]): CaseEvent[] =>
  steps.map((to, i) => ({
    at: `2026-11-0${i + 1}T10:00:00.000Z`,
    type: 'steg',
    to,
    comment: 'Gjort',
    actor: { userId: 'o', name: 'O', roles: ['handlaggare'] },
    visibleToReporter: true,
  }));
const sanction = {
  kind: 'measure',
  measure: 'sanktion',
  comment: 'Nämnden beslutade',
  boardDate: '2026-11-20',
  diaryNumber: 'D-1',
} as const;
const privateProvider = (over: Parameters<typeof aCase>[0] = {}) =>
  aCase({ track: 'fordjupad', ...over, report: { ...aCase().report, receiver: 'medtanken' } });

describe('a final measure', () => {
  const TABLE: [string[], string | undefined][] = [
    [[], '1, 2a, 2b, 3a, 3b'],
    [['1'], '2a, 2b, 3a, 3b'],
    [['1', '2a', '2b'], '3a, 3b'],
    [['1', '2a', '2b', '3a'], '3b'],
    [['2a', '2b', '3a', '3b'], '1'],
    [['1', '2b', '3a', '3b'], '2a'],
    [['1', '2a', '2b', '3b'], '3a'],
    [['1', '2a', '2b', '3a', '3b'], undefined],
  ];
  for (const [steps, missing] of TABLE) {
    it(`with ${steps.join(', ') || 'no steps'} documented ${missing ? `is refused, naming ${missing}` : 'is recorded'}`, () => {
      const d = decide(privateProvider({ step: steps.at(-1), events: documented(...steps) }), sanction, ruleContext(ref, officer));
      if (missing) expect(d).toMatchObject({ ok: false, reason: 'measure.orderRequired', vars: { steps: missing } });
      else expect(d.ok).toBe(true);
    });
  }

  it('is recorded with a reason for the skipped steps, kept for each, by a role that decides them', () => {
    const c = privateProvider({ events: documented('1', '2a', '2b') });
    const reasons = { skipReasons: { '3a': 'Akut fara', '3b': 'Ingen anmodan att följa upp' } };
    const officerSkip = decide(c, { ...sanction, ...reasons }, ruleContext(ref, officer));
    expect(officerSkip).toMatchObject({ ok: false, reason: 'step.skipMandate', vars: { steps: '3a' } });
    // One reason for both steps is a blanket skip (issue 31.3): 3b still wants its own.
    expect(decide(c, { ...sanction, skipReason: 'Akut fara' }, ruleContext(ref, actorWith('teamledare')))).toMatchObject({
      reason: 'measure.orderRequired',
    });
    expect(decide(c, { ...sanction, skipReasons: { '3a': 'Akut fara' } }, ruleContext(ref, actorWith('teamledare')))).toMatchObject({
      reason: 'step.skipReasonRequired',
      field: 'skip_3b',
    });
    const d = decide(c, { ...sanction, ...reasons }, ruleContext(ref, actorWith('teamledare')));
    expect(d.ok && d.next.skipReasons).toEqual(reasons.skipReasons);
    expect(d.ok && d.event.details).toMatchObject({ skipped: ['3a', '3b'], ...reasons });
  });

  it('is refused until anmodan om rättelse has been followed up (3b)', () => {
    const d = decide(privateProvider({ step: '3a', events: documented('1', '2a', '2b', '3a') }), sanction, ruleContext(ref, officer));
    expect(d).toMatchObject({ ok: false, reason: 'measure.orderRequired', vars: { steps: '3b' } });
  });

  // Contract measures by the receiver's kind: only a provider the region contracts with.
  const KINDS: [string, string, boolean][] = [
    ['medtanken', 'privat', true],
    ['boras', 'kommun', false],
    ['sodra-alvsborgs-sjukhus', 'region', false],
  ];
  for (const [receiver, kind, allowed] of KINDS) {
    for (const m of ['sanktion', 'aterkrav', 'havning']) {
      it(`${m} against a provider of kind ${kind} is ${allowed ? 'possible' : 'not offered'}`, () => {
        const c = aCase({ track: 'fordjupad', events: documented('1', '2a', '2b', '3a', '3b'), report: { ...aCase().report, receiver } });
        const d = decide(c, { ...sanction, measure: m }, ruleContext(ref, officer));
        if (allowed) expect(d.ok).toBe(true);
        else expect(d).toMatchObject({ ok: false, reason: 'measure.noContract', field: 'measure' });
      });
    }
  }

  // Issue 31.3: final measures belong to the deep follow-up of a contracted provider.
  it('is refused on the running ladder, even with every earlier step documented', () => {
    const running = aCase({
      track: 'lopande',
      events: documented('1', '2a', '2b', '3a', '3b'),
      report: { ...aCase().report, receiver: 'medtanken' },
    });
    for (const m of ['sanktion', 'aterkrav', 'havning'])
      expect(decide(running, { ...sanction, measure: m }, ruleContext(ref, officer))).toMatchObject({
        ok: false,
        reason: 'measure.deepOnly',
        field: 'measure',
      });
  });

  it('needs no earlier steps when it is not final', () => {
    expect(
      decide(
        aCase(),
        { kind: 'measure', measure: 'kontrollplan', comment: 'Beslut', boardDate: '2026-11-20', diaryNumber: 'D-2' },
        ruleContext(ref, officer),
      ).ok,
    ).toBe(true);
  });
});
