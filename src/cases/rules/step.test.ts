// The step rule (002_… kap. 4), with dates written out, not computed by the code under test.
import { beforeAll, describe, expect, it } from 'vitest';
import { actorWith, aCase, ruleContext, GRADED, HANDOVER_REASONS } from '../../../test/support/cases.js';
import { loadReference, type Reference } from '../../core/refdata.js';
import type { Case } from '../model.js';
import { decide, suggestedAfterFollowUp, type CaseAction } from './index.js';

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
      field: 'skip_1',
      vars: { steps: '1' },
    });
    // Each skipped step its own reason (issue 31.3): one reason does not cover two steps.
    expect(decide(c, { ...to2b, skipReason: 'Plan fanns redan' }, ruleContext(ref, officer))).toMatchObject({
      reason: 'step.skipReasonRequired',
      field: 'skip_1',
    });
    expect(decide(c, { ...to2b, skipReasons: { '1': 'Dialog fanns' } }, ruleContext(ref, officer))).toMatchObject({
      reason: 'step.skipReasonRequired',
      field: 'skip_2a',
      vars: { steps: '2a' },
    });
    const d = decide(c, { ...to2b, skipReasons: { '1': 'Dialog fanns', '2a': 'Plan fanns redan' } }, ruleContext(ref, officer));
    expect(d.ok && d.next.skipReasons).toEqual({ '1': 'Dialog fanns', '2a': 'Plan fanns redan' });
    expect(d.ok && d.event.details).toMatchObject({ skipped: ['1', '2a'], skipReasons: { '1': 'Dialog fanns', '2a': 'Plan fanns redan' } });
    // One step passed over: the one reason an older card sends is that step's own.
    const one = decide(aCase({ step: '1' }), { ...to2b, skipReason: 'Plan fanns redan' }, ruleContext(ref, officer));
    expect(one.ok && one.next.skipReasons).toEqual({ '2a': 'Plan fanns redan' });
  });

  it('asks nothing when the next step follows the current one', () => {
    expect(
      decide(aCase({ step: '0' }), { kind: 'step', to: '1', comment: 'Dialog', contactNote: 'Samtal' }, ruleContext(ref, officer)).ok,
    ).toBe(true);
  });
});

describe('the two ladders (002_… kapitel 4: löpande and fördjupad uppföljning)', () => {
  const walk = (
    c: Case,
    steps: [string, Partial<Extract<CaseAction, { kind: 'step' }>>][],
    actor = actorWith('handlaggare', 'teamledare', 'teamet'),
  ) => {
    let current = c;
    for (const [to, extra] of steps) {
      const d = decide(current, { kind: 'step', to, comment: `Steg ${to}`, ...extra }, ruleContext(ref, actor));
      if (!d.ok) throw new Error(`${to}: ${d.reason} ${JSON.stringify(d.vars ?? {})}`);
      expect(d.event.details?.['skipped'], to).toBeUndefined();
      current = { ...d.next, version: current.version + 1 } as Case;
    }
    return current;
  };
  const board = { boardDate: '2026-11-20', diaryNumber: 'N 2026-1' };
  const running: [string, Partial<Extract<CaseAction, { kind: 'step' }>>][] = [
    ['0', {}],
    ['1', { contactNote: 'Samtal' }],
    ['2a', { contactNote: 'Mejl', contactPerson: 'Kim', deadline: '2027-01-15' }],
    ['2b', { contactNote: 'Möte', outcome: 'ej-genomford' }],
  ];

  it('are walked step by step without a single skip reason, the handover between them', () => {
    const atStrategy = walk(aCase({ step: undefined }), [
      ...running,
      ['3', { purpose: 'Att bristen upphör', strategy: 'Tätare uppföljning', plannedMeasures: 'Möten varje vecka' }],
    ]);
    expect(atStrategy).toMatchObject({ step: '3', track: 'lopande' });
    const handed = decide(
      { ...atStrategy, grades: GRADED },
      { kind: 'handover', criteria: [...HANDOVER_REASONS], decisionDate: '2026-11-25', comment: 'Uppdraget fastställt' },
      ruleContext(ref, actorWith('teamledare')),
    );
    if (!handed.ok) throw new Error(handed.reason);
    expect(handed).toMatchObject({ next: { track: 'fordjupad' }, inform: 'handover' });
    const deep = walk({ ...handed.next, version: 9 } as Case, [
      ['3a', { deadline: '2027-02-01' }],
      ['3b', {}],
      ['4a', { deadline: '2027-04-01', ...board }],
      ['4b', board],
      ['5', board],
    ]);
    expect(deep.step).toBe('5');
  });

  it('ask a skip reason when a step of the ladder is passed over, on either ladder', () => {
    expect(
      decide(
        aCase({ step: '0' }),
        { kind: 'step', to: '2a', comment: 'Plan begärs', contactNote: 'Mejl', contactPerson: 'Kim', deadline: '2027-01-15' },
        ruleContext(ref, actorWith('handlaggare')),
      ),
    ).toMatchObject({
      reason: 'step.skipReasonRequired',
      vars: { steps: '1' },
    });
    const deep = aCase({ step: '2b', track: 'fordjupad', events: [] });
    expect(
      decide(deep, { kind: 'step', to: '3b', comment: 'Följd upp' }, ruleContext(ref, actorWith('handlaggare', 'teamet'))),
    ).toMatchObject({ reason: 'step.skipReasonRequired', vars: { steps: '3a' } });
  });

  it('keep each ladder’s own steps: 3a only after a handover, 3 only on the running ladder', () => {
    expect(
      decide(
        aCase({ step: '2b' }),
        { kind: 'step', to: '3a', comment: 'x', deadline: '2027-01-15' },
        ruleContext(ref, actorWith('teamet')),
      ),
    ).toMatchObject({ reason: 'step.deepOnly', field: 'to' });
    expect(
      decide(
        aCase({ step: '2b', track: 'fordjupad' }),
        { kind: 'step', to: '3', comment: 'x', purpose: 'a', strategy: 'b', plannedMeasures: 'c' },
        ruleContext(ref, actorWith('teamledare')),
      ),
    ).toMatchObject({ reason: 'step.runningOnly' });
  });

  it('record 3b by a handläggare, without a board decision (only återkrav and sanktion are the board’s)', () => {
    const c = aCase({ step: '3a', track: 'fordjupad', skipReasons: { '0': 'x', '1': 'x', '2a': 'x', '2b': 'x' } });
    const d = decide(
      c,
      { kind: 'step', to: '3b', comment: 'Anmodan följd upp med regionjurist: rättat' },
      ruleContext(ref, actorWith('handlaggare')),
    );
    expect(d.ok).toBe(true);
  });

  it('give step 3 its strategy: purpose, strategy and measures, and tell the configured recipients', () => {
    const c = aCase({ step: '2b', events: [], skipReasons: { '0': 'x', '1': 'x', '2a': 'x' } });
    const lead = actorWith('teamledare');
    expect(decide(c, { kind: 'step', to: '3', comment: 'Strategi' }, ruleContext(ref, lead))).toMatchObject({
      reason: 'step.strategyRequired',
      field: 'purpose',
    });
    const d = decide(
      c,
      { kind: 'step', to: '3', comment: 'Strategi', purpose: 'Upphöra', strategy: 'Steg för steg', plannedMeasures: 'Möten' },
      ruleContext(ref, lead),
    );
    expect(d).toMatchObject({
      ok: true,
      inform: 'strategy',
      event: { details: { purpose: 'Upphöra', strategy: 'Steg för steg', plannedMeasures: 'Möten' } },
    });
  });
});

describe('what a step refuses, and where the message goes (found by mutation testing)', () => {
  type Step = Extract<CaseAction, { kind: 'step' }>;
  const deep = { track: 'fordjupad' as const, skipReasons: { '0': 'x', '1': 'x', '2a': 'x', '2b': 'x', '3a': 'x' } };
  const board = { boardDate: '2026-11-20', diaryNumber: 'N 2026-1' };
  const TABLE: [string, Partial<Case>, Omit<Step, 'kind'>, string, string | undefined][] = [
    [
      'a step before the first assessment',
      { status: 'ny', step: undefined },
      { to: '0', comment: 'Normalläge' },
      'step.triageFirst',
      undefined,
    ],
    ['the step the case is at', { step: '1' }, { to: '1', comment: 'Igen', contactNote: 'Samtal' }, 'step.same', 'to'],
    ['a comment of two characters', { step: '0' }, { to: '1', comment: 'ok', contactNote: 'Samtal' }, 'field.commentRequired', 'comment'],
    [
      'a dialogue step without its contact note',
      { step: '0' },
      { to: '1', comment: 'Samtal hölls' },
      'step.contactNoteRequired',
      'contactNote',
    ],
    [
      'an action plan due today',
      { step: '1' },
      { to: '2a', comment: 'Plan', contactNote: 'Mejl', contactPerson: 'Kim', deadline: '2026-11-30', confirmDeadline: true },
      'field.futureDate',
      'deadline',
    ],
    [
      'an action plan without a contact person',
      { step: '1' },
      { to: '2a', comment: 'Plan', contactNote: 'Mejl', deadline: '2027-01-15' },
      'step.contactPersonRequired',
      'contactPerson',
    ],
    [
      'a follow-up of the plan without its outcome',
      { step: '2a' },
      { to: '2b', comment: 'Uppföljd', contactNote: 'Möte' },
      'step.outcomeRequired',
      'outcome',
    ],
    [
      'a board step without its date',
      { step: '3b', ...deep },
      { to: '4a', comment: 'Beslut', deadline: '2027-02-01', diaryNumber: 'N 1' },
      'board.dateRequired',
      'boardDate',
    ],
    [
      'a board step dated tomorrow',
      { step: '3b', ...deep },
      { to: '4a', comment: 'Beslut', deadline: '2027-02-01', ...board, boardDate: '2026-12-01' },
      'board.dateFuture',
      'boardDate',
    ],
    [
      'a board step without its diary number',
      { step: '3b', ...deep },
      { to: '4a', comment: 'Beslut', deadline: '2027-02-01', boardDate: '2026-11-20' },
      'board.diaryRequired',
      'diaryNumber',
    ],
  ];
  const actor = actorWith('handlaggare', 'teamledare', 'teamet', 'admin');
  for (const [name, over, action, reason, field] of TABLE)
    it(`${name}: ${reason}${field ? ` at ${field}` : ''}`, () => {
      const d = decide(aCase(over), { kind: 'step', ...action } as Step, ruleContext(ref, actor));
      expect(d).toMatchObject({ ok: false, reason });
      expect((d as { field?: string }).field).toBe(field);
    });

  it('takes a board decision made today, and a three-character comment', () => {
    const d = decide(
      aCase({ step: '3b', ...deep }),
      { kind: 'step', to: '4a', comment: 'Ja.', deadline: '2027-02-01', ...board, boardDate: '2026-11-30' },
      ruleContext(ref, actor),
    );
    expect(d.ok).toBe(true);
  });

  it('tells the reporter, with the action plan’s own notice for 2a, and informs only at the strategy step', () => {
    const plan = decide(
      aCase({ step: '1' }),
      { kind: 'step', to: '2a', comment: 'Plan', contactNote: 'Mejl', contactPerson: 'Kim', deadline: '2027-01-15' },
      ruleContext(ref, actor),
    );
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.notice).toEqual({ key: 'feedback.actionPlan', vars: { step: '2a' } });
    expect(plan.event.visibleToReporter).toBe(true);
    expect(plan).not.toHaveProperty('inform');
    const dialogue = decide(
      aCase({ step: '0' }),
      { kind: 'step', to: '1', comment: 'Samtal', contactNote: 'Ringt' },
      ruleContext(ref, actor),
    );
    if (!dialogue.ok) throw new Error(dialogue.reason);
    expect(dialogue.notice).toEqual({ key: 'feedback.step', vars: { step: '1' } });
  });

  it('sets the plan’s date (closing an earlier one of that kind), and 2b closes it', () => {
    const earlier = { id: 'old', kind: 'handlingsplan' as const, due: '2026-12-20', setAt: '2026-11-01T09:00:00.000Z', stepId: '2a' };
    const other = { id: 'watch', kind: 'bevakning' as const, due: '2026-12-24', setAt: '2026-11-01T09:00:00.000Z', stepId: 'triage' };
    const again = decide(
      aCase({ step: '2b', deadlines: [earlier, other] }),
      { kind: 'step', to: '2a', comment: 'Ny plan', contactNote: 'Mejl', contactPerson: 'Kim', deadline: '2027-01-15' },
      ruleContext(ref, actor),
    );
    if (!again.ok) throw new Error(again.reason);
    const byId = (id: string) => again.next.deadlines.find((d) => d.id === id);
    expect(byId('old')?.closedAt).toBe('2026-11-30T09:00:00.000Z');
    expect(byId('watch')?.closedAt).toBeUndefined();
    const fresh = again.next.deadlines.find((d) => !d.closedAt && d.kind === 'handlingsplan')!;
    expect(fresh).toMatchObject({ due: '2027-01-15', stepId: '2a', contactPerson: 'Kim' });
    const followed = decide(
      { ...again.next, version: 2 } as Case,
      { kind: 'step', to: '2b', comment: 'Uppföljd', contactNote: 'Möte', outcome: 'genomford' },
      ruleContext(ref, actor),
    );
    if (!followed.ok) throw new Error(followed.reason);
    expect(followed.next.deadlines.find((d) => d.id === fresh.id)?.closedAt).toBe('2026-11-30T09:00:00.000Z');
    expect(followed.next.deadlines.find((d) => d.id === 'watch')?.closedAt).toBeUndefined();
  });

  it('refuses the final step before 1–3b are documented or skipped with a reason', () => {
    const d = decide(
      aCase({ step: '4b', track: 'fordjupad', skipReasons: {}, events: [] }),
      { kind: 'step', to: '5', comment: 'Hävning', ...board },
      ruleContext(ref, actor),
    );
    expect(d).toMatchObject({ ok: false, reason: 'measure.orderRequired' });
  });

  it('lets only the role that decides a step pass it over, naming that role and the steps beyond the actor', () => {
    // A handläggare on the deep ladder at 2b going to 3b passes over 3a, the team's decision.
    const c = aCase({ step: '2b', track: 'fordjupad', events: [], skipReasons: { '0': 'x', '1': 'x', '2a': 'x' } });
    const d = decide(
      c,
      { kind: 'step', to: '3b', comment: 'Följd upp', skipReason: 'Brådskar' },
      ruleContext(ref, actorWith('handlaggare')),
    );
    expect(d).toMatchObject({
      ok: false,
      reason: 'step.skipMandate',
      field: 'skip_3a',
      mandate: { decider: 'teamet' },
      vars: { steps: '3a' },
    });
    const missing = decide(c, { kind: 'step', to: '3b', comment: 'Följd upp' }, ruleContext(ref, actorWith('handlaggare', 'teamet')));
    expect(missing).toMatchObject({ reason: 'step.skipReasonRequired', field: 'skip_3a', vars: { steps: '3a' } });
  });

  it('counts a step as documented only by a step event to it', () => {
    const stepTo = (to: string, type: 'steg' | 'atgard' = 'steg') => ({ ...aCase().events[0]!, type, to });
    const c = aCase({ step: '1', skipReasons: {}, events: [stepTo('0'), stepTo('2a', 'atgard'), stepTo('1')] });
    // From 1 to 2b passes over 2a: an action named 2a does not document the step.
    const d = decide(c, { kind: 'step', to: '2b', comment: 'Uppföljd', contactNote: 'Möte', outcome: 'delvis' }, ruleContext(ref, officer));
    expect(d).toMatchObject({ reason: 'step.skipReasonRequired', vars: { steps: '2a' } });
  });

  it('suggests after a plan’s follow-up: back to normal when carried out, else the next step of the case’s ladder', () => {
    const running = ref.ladder.tracks.find((t) => t.id === 'lopande')!.steps;
    const deep = ref.ladder.tracks.find((t) => t.id === 'fordjupad')!.steps;
    const collaboration = ref.ladder.tracks.find((t) => t.id === 'samverkan')!.steps;
    expect(suggestedAfterFollowUp('genomford', running, '2b')).toBe('0');
    expect(suggestedAfterFollowUp('delvis', running, '2b')).toBe('3');
    expect(suggestedAfterFollowUp('ej-genomford', running, '2b')).toBe('3');
    // Issue 31.7: the deep ladder has no 3; its next step after 2b is 3a.
    expect(suggestedAfterFollowUp('ej-genomford', deep, '2b')).toBe('3a');
    expect(suggestedAfterFollowUp('genomford', deep, '2b')).toBe('0');
    // Issue 31.1: on the collaboration ladder the way back, else the sub-regional collaboration.
    expect(suggestedAfterFollowUp('genomford', collaboration, 's2')).toBe('0');
    expect(suggestedAfterFollowUp('delvis', collaboration, 's2')).toBe('s3');
  });

  it('refuses a step the ladder does not have, and names the step a ladder lacks', () => {
    expect(decide(aCase({ step: '1' }), { kind: 'step', to: '9', comment: 'Okänt steg' }, ruleContext(ref, actor))).toMatchObject({
      ok: false,
      reason: 'step.unknown',
      field: 'to',
    });
    expect(
      decide(aCase({ step: '2b' }), { kind: 'step', to: '3a', comment: 'Fel stege', deadline: '2027-01-15' }, ruleContext(ref, actor)),
    ).toMatchObject({ reason: 'step.deepOnly', field: 'to', vars: { step: '3a' } });
  });

  it('passes over steps already documented or skipped with a reason without asking again', () => {
    const stepTo = (to: string) => ({ ...aCase().events[0]!, type: 'steg' as const, to });
    const c = aCase({ step: '0', skipReasons: { '2a': 'Ingen plan behövdes' }, events: [stepTo('0'), stepTo('1')] });
    const d = decide(c, { kind: 'step', to: '2b', comment: 'Uppföljd', contactNote: 'Möte', outcome: 'delvis' }, ruleContext(ref, officer));
    expect(d.ok).toBe(true);
  });
});
