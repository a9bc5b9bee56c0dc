// The path each receiver follows (issue 31.1): the contract follow-up's ladders (002_…) for a
// private provider under a contract that is followed up, the collaboration ladder (000_…, a
// draft) for municipalities, the region's own units, IOP and a provider without a contract.
import { beforeAll, describe, expect, it } from 'vitest';
import { actorWith, aCase, GRADED, HANDOVER_REASONS, ruleContext, skips } from '../../../test/support/cases.js';
import { ContractForm, loadReference, type Provider, type Reference } from '../../core/refdata.js';
import type { Case, CaseEvent } from '../model.js';
import { decide, endsDeepFollowUp, trackFor, type CaseAction, type Decision } from './index.js';

let ref: Reference;
beforeAll(async () => {
  ref = await loadReference('data/reference');
});
const officer = actorWith('handlaggare');
const lead = actorWith('teamledare');
const team = actorWith('teamet');

const privat = (contract?: Provider['contract']): Provider => ({ id: 'p', name: 'P', shortName: 'P', kind: 'privat', contract });

describe('which ladder a receiver’s case starts on', () => {
  it('a municipality and each of the region’s own units: the collaboration ladder', () => {
    const kinds = ref.providers.filter((p) => p.kind !== 'privat');
    expect(kinds.filter((p) => p.kind === 'kommun')).toHaveLength(49);
    for (const p of kinds) expect(trackFor(ref.ladder, p), p.id).toBe('samverkan');
  });

  const FORMS: [Provider['contract'], Case['track']][] = [
    ['lou', 'lopande'],
    ['lol-lof', 'lopande'],
    ['vardval-vardcentral', 'lopande'],
    ['vardval-rehab', 'lopande'],
    // 002_… kapitel 2: "Idéburna offentliga partnerskap (IOP) följs inte upp."
    ['iop', 'samverkan'],
    // A private provider with no contract in the register is not followed up by contract either.
    [undefined, 'samverkan'],
  ];
  for (const [form, track] of FORMS)
    it(`a private provider, contract ${form ?? 'none'}: ${track}`, () => {
      expect(trackFor(ref.ladder, privat(form))).toBe(track);
    });

  it('every contract form is named in the table above', () => {
    expect(FORMS.map(([f]) => f).filter(Boolean)).toEqual([...ContractForm.options]);
  });

  it('a receiver not in the register (Annan vårdgivare, not yet mapped): the collaboration ladder', () => {
    expect(trackFor(ref.ladder, undefined)).toBe('samverkan');
  });

  it('Medtanken, the register’s contracted provider: the contract follow-up', () => {
    expect(trackFor(ref.ladder, ref.provider('medtanken'))).toBe('lopande');
  });

  it('an Annan vårdgivare mapped at the first assessment takes the mapped receiver’s ladder', () => {
    const other = aCase({
      status: 'ny',
      track: 'samverkan',
      report: { ...aCase().report, receiver: 'annan', otherReceiver: 'Vårdcentral X' },
    });
    const triage = (receiver: string) =>
      decide(
        other,
        { kind: 'triage', decision: 'narmare-uppfoljning', assessment: 'mindre', comment: 'Mappad', receiver },
        ruleContext(ref, officer),
      );
    expect(ok(triage('medtanken')).track).toBe('lopande');
    expect(ok(triage('alingsas')).track).toBe('samverkan');
  });
});

function ok(d: Decision): Omit<Case, 'version'> {
  if (!d.ok) throw new Error(`refused: ${d.reason}`);
  return d.next;
}

const steg = (to: string): CaseEvent => ({
  at: '2026-11-01T10:00:00.000Z',
  type: 'steg',
  to,
  comment: 'Gjort',
  actor: { userId: 'o', name: 'O', roles: ['handlaggare'] },
  visibleToReporter: true,
});
/** A case of Södra Älvsborgs sjukhus (the region's own unit) on the collaboration ladder. */
const collaboration = (over: Partial<Case> = {}) => aCase({ track: 'samverkan', step: '0', ...over });
const at = (c: Case, d: Decision): Case => ({ ...ok(d), version: c.version + 1 }) as Case;

describe('the first step after the first assessment', () => {
  it('is the dialogue on either ladder, with no skip of the normal state asked for', () => {
    const assessed = (track: Case['track']) => aCase({ track, step: undefined, report: { ...aCase().report, receiver: 'medtanken' } });
    const dialogue = { kind: 'step', comment: 'Dialog', contactNote: 'Samtal', contactPerson: 'Kim', deadline: '2027-01-15' } as const;
    expect(ok(decide(assessed('lopande'), { ...dialogue, to: '1' }, ruleContext(ref, officer))).skipReasons).toEqual({});
    expect(ok(decide(assessed('samverkan'), { ...dialogue, to: 's1' }, ruleContext(ref, officer))).skipReasons).toEqual({});
    // Past the dialogue still needs its reason.
    expect(decide(assessed('samverkan'), { ...dialogue, to: 's2', outcome: 'delvis' }, ruleContext(ref, officer))).toMatchObject({
      reason: 'step.skipReasonRequired',
      vars: { steps: 's1' },
    });
  });
});

describe('the collaboration ladder (000_…, a draft)', () => {
  const agree = {
    kind: 'step',
    to: 's1',
    comment: 'Möte mellan enheterna',
    contactNote: 'Teams-möte 2 dec',
    contactPerson: 'Kim',
  } as const;

  it('walks dialogue → follow-up → back to normal (the way back), and again → delregional → VVG, each by its mandate', () => {
    let c = collaboration();
    // The dialogue ends in an agreement with a date, like every action plan (1–6 months normally).
    expect(decide(c, { ...agree }, ruleContext(ref, officer))).toMatchObject({ reason: 'step.deadlineRequired' });
    expect(decide(c, { ...agree, contactPerson: undefined, deadline: '2027-01-15' }, ruleContext(ref, officer))).toMatchObject({
      reason: 'step.contactPersonRequired',
    });
    expect(decide(c, { ...agree, contactNote: undefined, deadline: '2027-01-15' }, ruleContext(ref, officer))).toMatchObject({
      reason: 'step.contactNoteRequired',
    });
    c = at(c, decide(c, { ...agree, deadline: '2027-01-15' }, ruleContext(ref, officer)));
    expect(c.deadlines.filter((d) => !d.closedAt)).toMatchObject([{ kind: 'handlingsplan', due: '2027-01-15', stepId: 's1' }]);
    // Its follow-up records the outcome and closes the date.
    const followUp = { kind: 'step', to: 's2', comment: 'Följt upp', contactNote: 'Avstämning' } as const;
    expect(decide(c, followUp, ruleContext(ref, officer))).toMatchObject({ reason: 'step.outcomeRequired', field: 'outcome' });
    c = at(c, decide(c, { ...followUp, outcome: 'genomford' }, ruleContext(ref, officer)));
    expect(c.deadlines.filter((d) => !d.closedAt)).toEqual([]);
    // Back to normal, then the same fault again: a new agreement, a new follow-up.
    c = at(c, decide(c, { kind: 'step', to: '0', comment: 'Åtgärdat, tillbaka' }, ruleContext(ref, officer)));
    c = at(c, decide(c, { ...agree, deadline: '2027-02-01' }, ruleContext(ref, officer)));
    c = at(c, decide(c, { ...followUp, outcome: 'ej-genomford' }, ruleContext(ref, officer)));
    // A systematic fault goes to the delregional collaboration: recorded by the team lead only.
    const raise = { kind: 'step', to: 's3', comment: 'Lyft till delregional vårdsamverkan Fyrbodal' } as const;
    expect(decide(c, raise, ruleContext(ref, officer))).toMatchObject({
      reason: 'mandate.missing',
      mandate: { decider: 'delregional-vardsamverkan' },
    });
    c = at(c, decide(c, raise, ruleContext(ref, lead)));
    const vvg = { kind: 'step', to: 's4', comment: 'Lyft till VVG' } as const;
    expect(decide(c, vvg, ruleContext(ref, officer))).toMatchObject({ reason: 'mandate.missing', mandate: { decider: 'vvg' } });
    c = at(c, decide(c, vvg, ruleContext(ref, lead)));
    expect(c.events.filter((e) => e.type === 'steg').map((e) => e.to)).toEqual(['s1', 's2', '0', 's1', 's2', 's3', 's4']);
  });

  it('skipping the dialogue to go straight to the delregional group needs a reason, by the mandate of each skipped step', () => {
    const raise = { kind: 'step', to: 's3', comment: 'Systematiskt fel' } as const;
    expect(decide(collaboration(), raise, ruleContext(ref, lead))).toMatchObject({
      reason: 'step.skipReasonRequired',
      vars: { steps: 's1' },
    });
    const skipped = ok(decide(collaboration(), { ...raise, ...skips('Samma fel i fem kommuner', 's1', 's2') }, ruleContext(ref, lead)));
    expect(skipped.skipReasons).toEqual({ s1: 'Samma fel i fem kommuner', s2: 'Samma fel i fem kommuner' });
  });

  const CONTRACT_STEPS = ['1', '2a', '2b', '3', '3a', '3b', '4a', '4b', '5'];
  for (const to of CONTRACT_STEPS)
    it(`refuses the contract follow-up's step ${to}, saying why`, () => {
      const d = decide(collaboration(), { kind: 'step', to, comment: 'Försök' } as CaseAction, ruleContext(ref, lead));
      expect(d).toMatchObject({ ok: false, reason: 'step.contractOnly', field: 'to', vars: { step: to } });
    });

  it('has no handover to deep follow-up and no A–E prioritising for it', () => {
    const handover: CaseAction = { kind: 'handover', decisionDate: '2026-11-29', comment: 'Fördjupa', criteria: [...HANDOVER_REASONS] };
    expect(decide(collaboration({ grades: GRADED }), handover, ruleContext(ref, lead))).toMatchObject({ reason: 'handover.contractOnly' });
    expect(decide(collaboration(), { kind: 'grade', grades: GRADED }, ruleContext(ref, lead))).toMatchObject({
      reason: 'handover.contractOnly',
    });
  });

  const everyStep = { skipReasons: {}, events: [...aCase().events, ...['s1', 's2', 's3', 's4'].map(steg)] };
  for (const measure of ['anmodan', 'kontrollplan', 'aterkrav', 'sanktion', 'havning'])
    it(`has no ${measure}, even after every step`, () => {
      const d = decide(
        collaboration(everyStep),
        { kind: 'measure', measure, comment: 'Försök', boardDate: '2026-11-20', diaryNumber: 'N-1', skipReason: 'x' },
        ruleContext(ref, lead),
      );
      expect(d).toMatchObject({ ok: false, reason: 'measure.contractOnly', field: 'measure' });
    });

  for (const [measure, by] of [
    ['handlingsplan', team],
    ['ivo', team],
    ['polisanmalan', lead],
  ] as const)
    it(`records ${measure} as on any ladder`, () => {
      expect(decide(collaboration(), { kind: 'measure', measure, comment: 'Beslutat' }, ruleContext(ref, by)).ok).toBe(true);
    });

  it('takes economic settlement only as the principals’ recorded negotiation, after every step (or each skip by its mandate)', () => {
    const settle = { kind: 'measure', measure: 'ekonomisk-reglering', comment: 'Förhandlat mellan huvudmännen' } as const;
    expect(decide(collaboration(), settle, ruleContext(ref, officer))).toMatchObject({
      reason: 'mandate.missing',
      mandate: { decider: 'huvudmannen' },
    });
    expect(decide(collaboration(), settle, ruleContext(ref, lead))).toMatchObject({
      reason: 'measure.orderRequired',
      vars: { steps: 's1, s2, s3, s4' },
    });
    const done = decide(collaboration(everyStep), settle, ruleContext(ref, lead));
    expect(done).toMatchObject({ ok: true, event: { type: 'atgard', to: 'ekonomisk-reglering', details: { final: true } } });
    const partly = collaboration({ events: [...aCase().events, steg('s1'), steg('s2')] });
    expect(decide(partly, { ...settle, ...skips('Parterna överens om att gå direkt', 's3', 's4') }, ruleContext(ref, lead))).toMatchObject({
      ok: true,
      next: { skipReasons: { s3: 'Parterna överens om att gå direkt', s4: 'Parterna överens om att gå direkt' } },
    });
  });

  it('closes without the deep follow-up’s ending', () => {
    const d = decide(
      collaboration(),
      { kind: 'close', outcome: 'atgardad', summary: 'Löst i dialog', feedback: 'Tack, löst.' },
      ruleContext(ref, officer),
    );
    expect(d).toMatchObject({ ok: true, next: { status: 'avslutad' } });
  });
});

describe('the contract ladders do not take the collaboration ladder’s steps', () => {
  const contracted = (track: Case['track']) => aCase({ track, step: '1', report: { ...aCase().report, receiver: 'medtanken' } });
  for (const track of ['lopande', 'fordjupad'] as const) {
    for (const to of ['s1', 's2', 's3', 's4'])
      it(`${track}: refuses ${to}`, () => {
        expect(decide(contracted(track), { kind: 'step', to, comment: 'Försök' } as CaseAction, ruleContext(ref, lead))).toMatchObject({
          reason: 'step.collaborationOnly',
          vars: { step: to },
        });
      });
    it(`${track}: refuses economic settlement by negotiation`, () => {
      const d = decide(contracted(track), { kind: 'measure', measure: 'ekonomisk-reglering', comment: 'Försök' }, ruleContext(ref, lead));
      expect(d).toMatchObject({ reason: 'measure.collaborationOnly' });
    });
  }
});

// 002_… kapitel 3 (Avslut): a deep follow-up ends by returning to running follow-up or by
// termination. A return ends the deep follow-up, not the case (issue 31.3).
describe('ending a deep follow-up by returning to running follow-up', () => {
  const deep = (over: Partial<Case> = {}) =>
    aCase({
      track: 'fordjupad',
      step: '4b',
      report: { ...aCase().report, receiver: 'medtanken' },
      deadlines: [
        { id: 'd1', kind: 'kontrollplan', due: '2027-01-10', setAt: '2026-10-01T08:00:00.000Z', stepId: '4a' },
        { id: 'd2', kind: 'bevakning', due: '2027-02-10', setAt: '2026-10-01T08:00:00.000Z', stepId: 'triage' },
        // The running ladder's action plan, still open: it stays open when the case comes back.
        { id: 'd3', kind: 'handlingsplan', due: '2027-03-10', setAt: '2026-10-01T08:00:00.000Z', stepId: '2a' },
      ],
      ...over,
    });
  const end = { kind: 'close', outcome: 'atgardad', summary: 'Kontrollplanen följd', feedback: 'Bristerna är rättade.' } as const;

  it('keeps the case open on the running ladder, where it stood, the deep ladder’s dates closed', () => {
    const d = decide(deep(), { ...end, endedBy: 'lopande' }, ruleContext(ref, officer));
    expect(d).toMatchObject({
      ok: true,
      next: { status: 'uppfoljning', track: 'lopande', step: '3' },
      event: {
        type: 'aterford',
        from: 'fordjupad',
        to: 'lopande',
        comment: 'Bristerna är rättade.',
        details: { summary: 'Kontrollplanen följd', endedBy: 'lopande' },
      },
      notice: { key: 'feedback.returned', vars: { feedback: 'Bristerna är rättade.' } },
    });
    const next = ok(d);
    expect(next.deadlines.find((x) => x.id === 'd1')!.closedAt).toBeDefined();
    expect(next.deadlines.find((x) => x.id === 'd2')!.closedAt).toBeUndefined();
    expect(next.deadlines.find((x) => x.id === 'd3')!.closedAt).toBeUndefined();
    // The trail keeps what was there and adds the return, which the reporter sees.
    expect(next.events.slice(0, -1)).toEqual(deep().events);
    expect(next.events.at(-1)).toMatchObject({ type: 'aterford', visibleToReporter: true });
    // On the running ladder again: its steps, a handover again after a new decision.
    expect(decide({ ...next, version: 2 } as Case, { kind: 'step', to: '0', comment: 'Normalläge' }, ruleContext(ref, officer)).ok).toBe(
      true,
    );
  });

  it('refuses termination when the measure recorded is another one (an anmodan is no decision to terminate)', () => {
    const anmodan = deep({ events: [...aCase().events, { ...aCase().events[0]!, type: 'atgard', to: 'anmodan' }] });
    expect(decide(anmodan, { ...end, endedBy: 'havning' }, ruleContext(ref, officer))).toMatchObject({
      ok: false,
      reason: 'close.terminationNotDecided',
    });
  });

  // The final report is due when an event ends a deep follow-up (act.ts, finalReport.ts).
  const EVENTS: [string, Partial<CaseEvent>, boolean][] = [
    ['a return to running follow-up', { type: 'aterford' }, true],
    ['a close that says how the deep follow-up ended', { type: 'avslutad', details: { endedBy: 'havning' } }, true],
    ['a close of a running case (no endedBy)', { type: 'avslutad', details: { summary: 'Klart' } }, false],
    ['a close with no details', { type: 'avslutad' }, false],
    ['a comment that mentions endedBy', { type: 'kommentar', details: { endedBy: 'lopande' } }, false],
    ['a step', { type: 'steg', to: '4b' }, false],
  ];
  for (const [what, event, ends] of EVENTS)
    it(`${ends ? 'ends' : 'does not end'} a deep follow-up: ${what}`, () => {
      expect(endsDeepFollowUp({ ...aCase().events[0]!, ...event } as CaseEvent)).toBe(ends);
    });

  it('closes the case when it ends with termination, and a running case’s close is a close', () => {
    const terminated = deep({ events: [...aCase().events, { ...aCase().events[0]!, type: 'atgard', to: 'havning' }] });
    expect(decide(terminated, { ...end, endedBy: 'havning' }, ruleContext(ref, officer))).toMatchObject({
      ok: true,
      next: { status: 'avslutad', track: 'fordjupad' },
      event: { type: 'avslutad' },
    });
    expect(decide(aCase(), end, ruleContext(ref, officer))).toMatchObject({
      ok: true,
      next: { status: 'avslutad' },
      event: { type: 'avslutad' },
    });
  });
});

// 002_… kapitel 3: "avdelningschefen fastställer, presidiet informeras" (issue 31.4).
describe('the presidium informed of a handover', () => {
  const graded = () => aCase({ step: '2b', grades: GRADED, report: { ...aCase().report, receiver: 'medtanken' } });
  const handover = (presidiumInformed: string): CaseAction => ({
    kind: 'handover',
    decisionDate: '2026-11-27',
    comment: 'Fördjupa',
    criteria: [...HANDOVER_REASONS],
    presidiumInformed,
  });

  it('is recorded with its date when given, never a date to come', () => {
    const d = decide(graded(), handover('2026-11-29'), ruleContext(ref, lead));
    expect(d).toMatchObject({ ok: true, event: { type: 'overlamnad', details: { presidiumInformed: '2026-11-29' } } });
    expect(decide(graded(), handover('2026-12-01'), ruleContext(ref, lead))).toMatchObject({
      reason: 'handover.presidiumFuture',
      field: 'presidiumInformed',
    });
    expect(decide(graded(), handover('2026-11-26'), ruleContext(ref, lead))).toMatchObject({
      reason: 'handover.presidiumBeforeDecision',
      field: 'presidiumInformed',
    });
  });

  it('takes the presidium informed today, and on the day of the decision', () => {
    expect(decide(graded(), handover('2026-11-30'), ruleContext(ref, lead)).ok).toBe(true);
    expect(decide(graded(), handover('2026-11-27'), ruleContext(ref, lead)).ok).toBe(true);
  });
});
