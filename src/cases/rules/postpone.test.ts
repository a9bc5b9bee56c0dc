// Moving a follow-up date is the case officers’ decision: every role tried, with a reason.
import { beforeAll, describe, expect, it } from 'vitest';
import { actorWith, aCase, ruleContext } from '../../../test/support/cases.js';
import { loadReference, type Reference } from '../../core/refdata.js';
import { ROLES } from '../../core/roles.js';
import { decide } from './index.js';

let ref: Reference;
beforeAll(async () => {
  ref = await loadReference('data/reference');
});
const planned = aCase({
  step: '2a',
  deadlines: [{ id: 'd1', kind: 'handlingsplan', due: '2026-12-15', setAt: '2026-10-01T08:00:00.000Z', stepId: '2a' }],
});
const move = { kind: 'postpone', deadlineId: 'd1', newDate: '2027-01-15', reason: 'Vårdgivaren bad om mer tid' } as const;

describe('postponing a deadline', () => {
  for (const role of ROLES) {
    const may = role === 'handlaggare' || role === 'teamledare';
    it(`${may ? 'is' : 'is not'} up to a ${role}`, () => {
      const d = decide(planned, move, ruleContext(ref, actorWith(role)));
      if (may) {
        expect(d.ok).toBe(true);
        expect(d.ok && d.next.deadlines.map((x) => [x.due, Boolean(x.closedAt)])).toEqual([
          ['2026-12-15', true],
          ['2027-01-15', false],
        ]);
      } else expect(d).toMatchObject({ ok: false, reason: 'mandate.missing', mandate: expect.any(Object) });
    });
  }

  it('needs a future date, a reason and an open deadline', () => {
    const officer = actorWith('handlaggare');
    expect(decide(planned, { ...move, newDate: '2026-11-30' }, ruleContext(ref, officer))).toMatchObject({
      reason: 'field.futureDate',
      field: 'newDate',
    });
    expect(decide(planned, { ...move, reason: ' ' }, ruleContext(ref, officer))).toMatchObject({
      reason: 'postpone.reasonRequired',
      field: 'reason',
    });
    expect(decide(planned, { ...move, deadlineId: 'nope' }, ruleContext(ref, officer))).toMatchObject({ reason: 'postpone.unknown' });
  });
});
