// Final measures (återkrav, sanktion, hävning) only after the earlier steps (000_…: alla steg
// före slutliga åtgärder), each missing step named, or skipped with a recorded reason.
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

describe('a final measure', () => {
  const TABLE: [string[], string | undefined][] = [
    [[], '1, 2a, 2b'],
    [['1'], '2a, 2b'],
    [['1', '2a'], '2b'],
    [['2a', '2b'], '1'],
    [['1', '2b'], '2a'],
    [['1', '2a', '2b'], undefined],
  ];
  for (const [steps, missing] of TABLE) {
    it(`with ${steps.join(', ') || 'no steps'} documented ${missing ? `is refused, naming ${missing}` : 'is recorded'}`, () => {
      const d = decide(aCase({ step: steps.at(-1), events: documented(...steps) }), sanction, ruleContext(ref, officer));
      if (missing) expect(d).toMatchObject({ ok: false, reason: 'measure.orderRequired', vars: { steps: missing } });
      else expect(d.ok).toBe(true);
    });
  }

  it('is recorded with a reason for the skipped steps, kept for each', () => {
    const d = decide(aCase({ events: documented('1') }), { ...sanction, skipReason: 'Akut fara' }, ruleContext(ref, officer));
    expect(d.ok && d.next.skipReasons).toEqual({ '2a': 'Akut fara', '2b': 'Akut fara' });
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
