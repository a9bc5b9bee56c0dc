// The first assessment, closing, the handover, measures, grades and a moved date: what each
// refuses (and next to which field), and what the decision changes. Dates are written out;
// the rules' clock stands at Monday 2026-11-30 09:00 UTC. Found missing by mutation testing.
import { beforeAll, describe, expect, it } from 'vitest';
import { actorWith, aCase, ruleContext, GRADED, HANDOVER_REASONS, skips } from '../../../test/support/cases.js';
import { loadReference, type Reference } from '../../core/refdata.js';
import type { CaseAction } from '../actions.js';
import type { Case, Deadline } from '../model.js';
import { decide, isOverdue, nextDeadline, priority } from './index.js';

let ref: Reference;
beforeAll(async () => {
  ref = await loadReference('data/reference');
});
const NOW = '2026-11-30T09:00:00.000Z';
const officer = actorWith('handlaggare', 'teamledare', 'teamet');
const run = (c: Case, action: CaseAction, actor = officer) => decide(c, action, ruleContext(ref, actor));
const ok = (d: ReturnType<typeof run>) => {
  if (!d.ok) throw new Error(`${d.reason} ${d.field ?? ''}`);
  return d;
};
const deadline = (id: string, kind: Deadline['kind'], due: string, over: Partial<Deadline> = {}): Deadline => ({
  id,
  kind,
  due,
  setAt: '2026-11-01T09:00:00.000Z',
  stepId: '2a',
  ...over,
});

const triage = (over: Partial<Extract<CaseAction, { kind: 'triage' }>> = {}): CaseAction => ({
  kind: 'triage',
  decision: 'narmare-uppfoljning',
  assessment: 'mindre',
  comment: 'Bedömd',
  ...over,
});

describe('the first assessment', () => {
  it('is made once, on a new case or one being watched', () => {
    expect(run(aCase({ status: 'uppfoljning' }), triage())).toMatchObject({ ok: false, reason: 'triage.already' });
    expect(run(aCase({ status: 'avslutad' }), triage())).toMatchObject({ ok: false, reason: 'case.closed' });
    expect(run(aCase({ status: 'ny' }), triage()).ok).toBe(true);
    expect(run(aCase({ status: 'bevakning' }), triage()).ok).toBe(true);
  });

  it('watches until a future date it sets, closing an earlier watch', () => {
    const c = aCase({
      status: 'ny',
      deadlines: [deadline('old', 'bevakning', '2026-12-01'), deadline('plan', 'handlingsplan', '2027-01-01')],
    });
    expect(run(c, triage({ decision: 'bevakning' }))).toMatchObject({
      ok: false,
      reason: 'triage.watchUntilRequired',
      field: 'watchUntil',
    });
    expect(run(c, triage({ decision: 'bevakning', watchUntil: '2026-11-30' }))).toMatchObject({
      ok: false,
      reason: 'field.futureDate',
      field: 'watchUntil',
    });
    const d = ok(run(c, triage({ decision: 'bevakning', watchUntil: '2026-12-01' })));
    expect(d.next.status).toBe('bevakning');
    expect(d.next.deadlines.find((x) => x.id === 'old')?.closedAt).toBe(NOW);
    expect(d.next.deadlines.find((x) => x.id === 'plan')?.closedAt).toBeUndefined();
    expect(d.next.deadlines.filter((x) => !x.closedAt && x.kind === 'bevakning')).toMatchObject([
      { due: '2026-12-01', stepId: 'triage', setAt: NOW },
    ]);
  });

  it('closes the case and every date on "no action"; follows up otherwise; tells the reporter either way', () => {
    const c = aCase({ status: 'ny', deadlines: [deadline('plan', 'handlingsplan', '2027-01-01')] });
    const none = ok(run(c, triage({ decision: 'ingen-atgard', assessment: 'allvarlig' })));
    expect(none.next).toMatchObject({ status: 'avslutad', assessment: 'allvarlig' });
    expect(none.next.deadlines[0]!.closedAt).toBe(NOW);
    expect(none.event).toMatchObject({
      type: 'triagerad',
      to: 'ingen-atgard',
      visibleToReporter: true,
      details: { assessment: 'allvarlig' },
    });
    expect(none.notice).toEqual({ key: 'feedback.triage.ingen-atgard', vars: {} });
    const closer = ok(run(c, triage()));
    expect(closer.next.status).toBe('uppfoljning');
    expect(closer.next.deadlines[0]!.closedAt).toBeUndefined();
    expect(closer.next.events.at(-1)).toBe(closer.event);
    expect(closer.next.events).toHaveLength(c.events.length + 1);
  });
});

describe('the classification left to the first assessment (issue 16)', () => {
  const light = (over: Partial<Case['report']> = {}) =>
    aCase({ status: 'ny', report: { ...aCase().report, cause: undefined, consequence: undefined, severity: undefined, ...over } });

  it('asks for the first one still missing, next to its field, and checks the cause against the reference data', () => {
    expect(run(light(), triage())).toMatchObject({ ok: false, reason: 'triage.classify', field: 'cause' });
    expect(run(light(), triage({ cause: 'kommunikationsbrist' }))).toMatchObject({
      ok: false,
      reason: 'triage.classify',
      field: 'consequence',
    });
    expect(run(light(), triage({ cause: 'kommunikationsbrist', consequence: 'risk' }))).toMatchObject({ field: 'severity' });
    expect(run(light(), triage({ cause: 'slarv', consequence: 'risk', severity: '2' }))).toMatchObject({
      reason: 'form.error.unknownChoice',
      field: 'cause',
    });
  });

  it('sets only what the reporter did not, and records what it set', () => {
    const d = ok(run(light({ cause: 'ej-foljt-rutin' }), triage({ cause: 'kommunikationsbrist', consequence: 'tillbud', severity: '3' })));
    expect(d.next.report).toMatchObject({ cause: 'ej-foljt-rutin', consequence: 'tillbud', severity: 3 });
    expect(d.event.details).toEqual({ assessment: 'mindre', watchUntil: undefined, consequence: 'tillbud', severity: 3 });
    const full = ok(run(aCase({ status: 'ny' }), triage({ severity: '4' })));
    expect(full.next.report.severity).toBe(aCase().report.severity);
  });
});

describe('closing', () => {
  const close = (over: Partial<Extract<CaseAction, { kind: 'close' }>> = {}): CaseAction => ({
    kind: 'close',
    outcome: 'atgardad',
    summary: 'Rutinen är ändrad',
    feedback: 'Tack, det är åtgärdat.',
    ...over,
  });

  // Issue 31.3: "Avtalet hävs" only when the board's decision to terminate is recorded.
  it('ends a deep follow-up with termination only after the board decided hävning', () => {
    const deep = aCase({ track: 'fordjupad' });
    expect(run(deep, close({ endedBy: 'havning' }))).toMatchObject({ ok: false, reason: 'close.terminationNotDecided', field: 'endedBy' });
    const decided = aCase({
      track: 'fordjupad',
      events: [
        ...deep.events,
        {
          at: '2026-11-25T10:00:00.000Z',
          type: 'atgard',
          to: 'havning',
          comment: 'Nämnden beslutade hävning',
          details: { boardDate: '2026-11-24', diaryNumber: 'D-9' },
          actor: { userId: 'o', name: 'O', roles: ['handlaggare'] },
          visibleToReporter: false,
        },
      ],
    });
    expect(run(decided, close({ endedBy: 'havning' })).ok).toBe(true);
  });

  it('needs a summary and feedback, and on the deep ladder how it ended', () => {
    expect(run(aCase(), close({ summary: 'x' }))).toMatchObject({ ok: false, field: 'summary' });
    expect(run(aCase(), close({ feedback: 'x' }))).toMatchObject({ ok: false, reason: 'close.feedbackRequired', field: 'feedback' });
    expect(run(aCase({ track: 'fordjupad' }), close())).toMatchObject({ ok: false, reason: 'close.endedByRequired', field: 'endedBy' });
    expect(run(aCase({ track: 'lopande' }), close()).ok).toBe(true);
  });

  it('closes every date, shows the feedback to the reporter and keeps the summary internal', () => {
    const c = aCase({ step: '2a', deadlines: [deadline('plan', 'handlingsplan', '2027-01-01')] });
    const d = ok(run(c, close({ endedBy: 'lopande' })));
    expect(d.next.status).toBe('avslutad');
    expect(d.next.deadlines[0]!.closedAt).toBe(NOW);
    expect(d.event).toMatchObject({
      type: 'avslutad',
      from: '2a',
      to: 'atgardad',
      comment: 'Tack, det är åtgärdat.',
      visibleToReporter: true,
      details: { summary: 'Rutinen är ändrad', endedBy: 'lopande' },
    });
    expect(d.notice).toEqual({ key: 'feedback.closed', vars: { feedback: 'Tack, det är åtgärdat.' } });
    expect(d.next.events).toHaveLength(c.events.length + 1);
  });
});

describe('the handover to deep follow-up', () => {
  const handover = (over: Partial<Extract<CaseAction, { kind: 'handover' }>> = {}): CaseAction => ({
    kind: 'handover',
    criteria: [...HANDOVER_REASONS],
    decisionDate: '2026-11-30',
    diaryNumber: 'A 2026-7',
    comment: 'Uppdraget fastställt',
    ...over,
  });

  // Issue 31.4: motivated and prioritised (002_… kapitel 3): the A–E grades first, the reasons recorded.
  it('needs the A–E prioritising first, and records why', () => {
    expect(run(aCase(), handover())).toMatchObject({ ok: false, reason: 'handover.gradesFirst' });
    const d = ok(run(aCase({ grades: GRADED }), handover({ criteria: ['journalgranskning', 'juridiskt-komplext'] })));
    expect(d.event.details).toMatchObject({ criteria: ['journalgranskning', 'juridiskt-komplext'] });
  });

  it('comes after the first assessment, once, with a decision made by today and documented', () => {
    expect(run(aCase({ status: 'ny' }), handover())).toMatchObject({ ok: false, reason: 'step.triageFirst' });
    expect(run(aCase({ track: 'fordjupad' }), handover())).toMatchObject({ ok: false, reason: 'handover.already' });
    expect(run(aCase({ grades: GRADED }), handover({ decisionDate: '2026-12-01' }))).toMatchObject({
      ok: false,
      reason: 'handover.dateFuture',
      field: 'decisionDate',
    });
    expect(run(aCase({ grades: GRADED }), handover({ comment: 'ok' }))).toMatchObject({ ok: false, field: 'comment' });
  });

  it('moves the case to the deep ladder, in the history the reporter sees, and informs', () => {
    const d = ok(run(aCase({ grades: GRADED }), handover()));
    expect(d.next.track).toBe('fordjupad');
    expect(d.event).toMatchObject({
      type: 'overlamnad',
      from: 'lopande',
      to: 'fordjupad',
      visibleToReporter: true,
      details: { decisionDate: '2026-11-30', diaryNumber: 'A 2026-7' },
    });
    expect(d).toMatchObject({ notice: { key: 'feedback.handover' }, inform: 'handover' });
  });
});

describe('measures', () => {
  const measure = (m: string, over: Partial<Extract<CaseAction, { kind: 'measure' }>> = {}): CaseAction => ({
    kind: 'measure',
    measure: m,
    comment: 'Beslutat',
    ...over,
  });
  const board = { boardDate: '2026-11-20', diaryNumber: 'N 2026-1' };

  it('refuses an unknown measure, one before the first assessment, and one without documentation', () => {
    expect(run(aCase(), measure('fängelse'))).toMatchObject({ ok: false, reason: 'measure.unknown', field: 'measure' });
    expect(run(aCase({ status: 'ny' }), measure('handlingsplan'))).toMatchObject({ ok: false, reason: 'step.triageFirst' });
    expect(run(aCase(), measure('handlingsplan', { comment: 'x' }))).toMatchObject({ ok: false, field: 'comment' });
  });

  it('asks the board’s date and diary number only for the board’s measures', () => {
    expect(run(aCase(), measure('kontrollplan'))).toMatchObject({ ok: false, reason: 'board.dateRequired', field: 'boardDate' });
    expect(ok(run(aCase(), measure('kontrollplan', board))).event).toMatchObject({ type: 'atgard', to: 'kontrollplan', details: board });
    expect(run(aCase(), measure('anmodan')).ok).toBe(true);
  });

  it('records a final measure only after 1–3b, or with one reason recorded for each step passed over', () => {
    const c = aCase({ track: 'fordjupad', report: { ...aCase().report, receiver: 'medtanken' }, skipReasons: {}, events: [] });
    expect(run(c, measure('sanktion', board))).toMatchObject({ ok: false, reason: 'measure.orderRequired', field: 'skip_1' });
    const d = ok(run(c, measure('sanktion', { ...board, ...skips('Allvarlig brist, beslut direkt', '1', '2a', '2b', '3a', '3b') })));
    expect(Object.keys(d.next.skipReasons).sort()).toEqual(['1', '2a', '2b', '3a', '3b']);
    expect(d.event.details).toMatchObject({ final: true, skipped: ['1', '2a', '2b', '3a', '3b'] });
    expect(d.next.events).toHaveLength(1);
  });
});

describe('grades, moved dates and what is overdue', () => {
  it('lets the team grade, and sums the grades into a priority', () => {
    const grades = { A: 'hog', B: 'mellan', C: 'lag', D: 'hog', E: 'mellan' } as const;
    const d = ok(run(aCase(), { kind: 'grade', grades }, actorWith('teamet')));
    expect(d.next.grades).toEqual(grades);
    expect(d.event).toMatchObject({ type: 'bedomning', details: { grades } });
    expect(d.next.events).toHaveLength(aCase().events.length + 1);
    expect(priority({ ...d.next, version: 2 } as Case)).toBe(11);
    expect(priority(aCase())).toBe(0);
    expect(run(aCase(), { kind: 'grade', grades }, actorWith('medarbetare')).ok).toBe(false);
  });

  it('moves a date by closing it and setting a new one, with a reason in the history', () => {
    const c = aCase({ deadlines: [deadline('plan', 'handlingsplan', '2026-12-15'), deadline('other', 'anmodan', '2026-12-20')] });
    const d = ok(run(c, { kind: 'postpone', deadlineId: 'plan', newDate: '2027-01-15', reason: 'Verksamheten bad om mer tid' }));
    expect(d.next.deadlines.map((x) => [x.id === 'plan' || x.id === 'other' ? x.id : 'new', x.due, x.closedAt])).toEqual([
      ['plan', '2026-12-15', NOW],
      ['other', '2026-12-20', undefined],
      ['new', '2027-01-15', undefined],
    ]);
    expect(d.event).toMatchObject({
      type: 'kommentar',
      comment: 'Verksamheten bad om mer tid',
      details: { postponed: 'handlingsplan', from: '2026-12-15', to: '2027-01-15' },
    });
    expect(d.next.events).toHaveLength(c.events.length + 1);
  });

  it('knows the next open date, and what is overdue: a date past, or an answer past with no assessment', () => {
    const c = aCase({
      status: 'uppfoljning',
      answerDue: '2026-12-31',
      deadlines: [
        deadline('late', 'anmodan', '2026-12-20'),
        deadline('done', 'handlingsplan', '2026-11-01', { closedAt: NOW }),
        deadline('first', 'handlingsplan', '2026-12-10'),
      ],
    });
    expect(nextDeadline(c)?.id).toBe('first');
    expect(isOverdue(c, '2026-12-10')).toBe(false);
    expect(isOverdue(c, '2026-12-11')).toBe(true);
    const unassessed = aCase({ status: 'ny', answerDue: '2026-12-01', deadlines: [], events: [] });
    expect(isOverdue(unassessed, '2026-12-01')).toBe(false);
    expect(isOverdue(unassessed, '2026-12-02')).toBe(true);
    expect(isOverdue({ ...unassessed, status: 'avslutad' }, '2026-12-02')).toBe(false);
    const assessed = { ...unassessed, events: [{ ...aCase().events[0]!, type: 'triagerad' as const }] };
    expect(isOverdue(assessed, '2026-12-02')).toBe(false);
  });
});
