// The step rule (002_… kap. 4), with dates written out, not computed by the code under test.
import { beforeAll, describe, expect, it } from 'vitest';
import { actorWith, aCase, ruleContext } from '../../../test/support/cases.js';
import { loadReference, type Reference } from '../../core/refdata.js';
import { decide } from './index.js';

let ref: Reference;
beforeAll(async () => {
  ref = await loadReference('data/reference');
});
const officer = actorWith('handlaggare');

describe('an action plan’s deadline (2a), 1–6 months normally', () => {
  const plan = { kind: 'step', to: '2a', comment: 'Begär plan', contactNote: 'Mejl till chef', contactPerson: 'Kim' } as const;
  // Today is 2026-11-30: one month is 2026-12-30, six months 2027-05-30.
  const TABLE: [string, boolean][] = [
    ['2026-12-01', false],
    ['2026-12-29', false],
    ['2026-12-30', true],
    ['2027-03-15', true],
    ['2027-05-30', true],
    ['2027-05-31', false],
    ['2027-08-01', false],
  ];
  for (const [deadline, normal] of TABLE) {
    it(`${deadline} is ${normal ? 'accepted' : 'confirmed first'}`, () => {
      const d = decide(aCase({ step: '1' }), { ...plan, deadline }, ruleContext(ref, officer));
      if (normal) expect(d.ok).toBe(true);
      else {
        expect(d).toMatchObject({
          ok: false,
          reason: 'step.deadlineConfirm',
          field: 'deadline',
          vars: { min: '2026-12-30', max: '2027-05-30' },
        });
        expect(decide(aCase({ step: '1' }), { ...plan, deadline, confirmDeadline: true }, ruleContext(ref, officer)).ok).toBe(true);
      }
    });
  }

  it('is required, in the future, and comes with the provider’s contact person', () => {
    const c = aCase({ step: '1' });
    expect(decide(c, { ...plan, deadline: undefined }, ruleContext(ref, officer))).toMatchObject({
      reason: 'step.deadlineRequired',
      field: 'deadline',
    });
    expect(decide(c, { ...plan, deadline: '2026-11-30', confirmDeadline: true }, ruleContext(ref, officer))).toMatchObject({
      reason: 'field.futureDate',
    });
    expect(decide(c, { ...plan, contactPerson: undefined, deadline: '2027-01-15' }, ruleContext(ref, officer))).toMatchObject({
      reason: 'step.contactPersonRequired',
    });
  });
});

describe('skipping steps', () => {
  it('asks a reason for each undocumented step passed over, and records it for each', () => {
    const c = aCase({ step: '0' });
    const to2b = { kind: 'step', to: '2b', comment: 'Direkt', contactNote: 'Samtal', outcome: 'delvis' } as const;
    expect(decide(c, to2b, ruleContext(ref, officer))).toMatchObject({
      ok: false,
      reason: 'step.skipReasonRequired',
      field: 'skipReason',
      vars: { steps: '1, 2a' },
    });
    const d = decide(c, { ...to2b, skipReason: 'Plan fanns redan' }, ruleContext(ref, officer));
    expect(d.ok && d.next.skipReasons).toEqual({ '1': 'Plan fanns redan', '2a': 'Plan fanns redan' });
  });

  it('asks nothing when the next step follows the current one', () => {
    expect(
      decide(aCase({ step: '0' }), { kind: 'step', to: '1', comment: 'Dialog', contactNote: 'Samtal' }, ruleContext(ref, officer)).ok,
    ).toBe(true);
  });
});
