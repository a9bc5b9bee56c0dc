// The provider assessment as 002_… kapitel 2 describes it (Beslutsstöd för
// verksamhetsbedömning), from confirmed deviations only, with its reason.
import { beforeAll, describe, expect, it } from 'vitest';
import { aCase } from '../../test/support/cases.js';
import { loadReference, type Reference } from '../core/refdata.js';
import type { Case, CaseEvent } from './model.js';
import { derivedLight } from './traffic.js';

let ref: Reference;
beforeAll(async () => {
  ref = await loadReference('data/reference');
});

const officer = { userId: 'o', name: 'O', roles: ['handlaggare'] };
const ev = (type: CaseEvent['type'], at: string, extra: Partial<CaseEvent> = {}): CaseEvent => ({
  at,
  type,
  actor: officer,
  visibleToReporter: true,
  ...extra,
});
const triaged = (to: string, at = '2026-10-01T10:00:00.000Z') => ev('triagerad', at, { to });
const TODAY = '2026-11-30';
const light = (...cases: Case[]) => derivedLight(cases, TODAY, ref.ladder);

describe('the provider assessment', () => {
  it('stays green for an unconfirmed report, however serious its reporter graded it', () => {
    const untriaged = aCase({ status: 'ny', assessment: undefined, report: { ...aCase().report, severity: 4 } });
    expect(light(untriaged)).toMatchObject({ color: 'gron', reason: 'light.reason.gron' });
    const noAction = aCase({ status: 'avslutad', assessment: 'allvarlig', events: [triaged('ingen-atgard')] });
    expect(light(noAction).color).toBe('gron');
  });

  it('turns yellow for a confirmed deviation, open or recent, naming it', () => {
    const watched = aCase({ status: 'bevakning', assessment: 'mindre', events: [triaged('bevakning')] });
    expect(light(watched)).toEqual({ color: 'gul', reason: 'light.reason.gul', cases: ['AVV-2026-00001'] });
    const closedRecently = aCase({
      status: 'avslutad',
      assessment: 'mindre',
      events: [triaged('narmare-uppfoljning'), ev('avslutad', '2026-06-01T10:00:00.000Z', { to: 'atgardad' })],
    });
    expect(light(closedRecently).color).toBe('gul');
    const longAgo = aCase({
      createdAt: '2024-01-01T10:00:00.000Z',
      status: 'avslutad',
      assessment: 'mindre',
      events: [triaged('narmare-uppfoljning', '2024-01-02T10:00:00.000Z'), ev('avslutad', '2024-03-01T10:00:00.000Z', { to: 'atgardad' })],
    });
    expect(light(longAgo).color).toBe('gron');
  });

  it('says yellow because an action plan runs, while it runs', () => {
    const plan = aCase({
      step: '2a',
      assessment: 'allvarlig',
      events: [triaged('narmare-uppfoljning')],
      deadlines: [{ id: 'd', kind: 'handlingsplan', due: '2027-01-15', setAt: '2026-11-01T10:00:00.000Z', stepId: '2a' }],
    });
    expect(light(plan)).toMatchObject({ color: 'gul', reason: 'light.reason.plan' });
  });

  it('turns red for a serious deviation the action plan did not remedy: not done, overdue, or escalated', () => {
    const base = { assessment: 'allvarlig' as const, events: [triaged('narmare-uppfoljning')] };
    const notDone = aCase({
      ...base,
      step: '2b',
      events: [...base.events, ev('steg', '2026-11-10T10:00:00.000Z', { to: '2b', details: { outcome: 'ej-genomford' } })],
    });
    expect(light(notDone)).toMatchObject({ color: 'rod', reason: 'light.reason.rod', cases: ['AVV-2026-00001'] });
    const overdue = aCase({
      ...base,
      step: '2a',
      deadlines: [{ id: 'd', kind: 'handlingsplan', due: '2026-11-01', setAt: '2026-10-01T10:00:00.000Z', stepId: '2a' }],
    });
    expect(light(overdue).color).toBe('rod');
    expect(light(aCase({ ...base, step: '3a', track: 'fordjupad' })).color).toBe('rod');
    // A minor deviation whose plan failed is yellow: red is for serious ones.
    expect(light(aCase({ ...notDone, assessment: 'mindre' })).color).toBe('gul');
  });
});
