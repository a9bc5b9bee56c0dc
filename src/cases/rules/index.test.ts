import { describe, expect, it, beforeAll } from 'vitest';
import { loadReference, type Reference } from '../../core/refdata.js';
import { ROLES, type Actor, type Role } from '../../core/roles.js';
import type { Case } from '../model.js';
import { answerDueDate } from '../../answers/policy.js';
import { decide, missingBeforeFinal, type CaseAction, type DecideContext } from './index.js';
import { skips } from '../../../test/support/cases.js';

let ref: Reference;
beforeAll(async () => {
  ref = await loadReference('data/reference');
});

const NOW = new Date('2026-11-23T09:00:00Z');
const TODAY = '2026-11-23';

function baseCase(over: Partial<Case> = {}): Case {
  return {
    id: 'c1',
    version: 1,
    number: 'AVV-2026-00001',
    formId: 'form-00001',
    createdAt: '2026-11-20T10:00:00.000Z',
    reporter: { userId: 'rep', name: 'Rep' },
    report: {
      kind: 'avvikelse',
      eventDate: '2026-11-19',
      reporterUnit: 'boras',
      receiver: 'sodra-alvsborgs-sjukhus',
      direction: 'kommun-region',
      category: 'lakemedel',
      cause: 'kommunikationsbrist',
      consequence: 'tillbud',
      severity: 2,
      description: 'Läkemedelslistan saknades.',
      immediateAction: 'Ringde.',
      dialogue: 'ja',
    },
    status: 'uppfoljning',
    answerDue: '2027-01-19',
    answerLoop: false,
    linked: [],
    events: [],
    deadlines: [],
    skipReasons: {},
    track: 'lopande',
    ...over,
  };
}

const actor = (...roles: Role[]): Actor => ({ userId: `u-${roles.join('-')}`, name: 'X', roles: ['medarbetare', ...roles], providers: [] });
const ctx = (a: Actor): DecideContext => ({
  actor: a,
  now: NOW,
  today: TODAY,
  ladder: ref.ladder,
  activityId: 'act',
  provider: ref.provider,
  isCause: (id) => ref.causes.some((x) => x.id === id),
  answerDue: (report, today) => answerDueDate(ref, report, today),
});

/** A complete, valid action for each kind and step: only the mandate can make it fail. */
function validAction(kind: string): CaseAction {
  const board = { boardDate: '2026-11-20', diaryNumber: 'VGR 2026-123' };
  switch (kind) {
    case 'triage':
      return { kind: 'triage', decision: 'narmare-uppfoljning', assessment: 'mindre', comment: 'Bedömd efter kontakt.' };
    case 'close':
      return { kind: 'close', outcome: 'atgardad', summary: 'Åtgärdat.', feedback: 'Tack, rutinen är uppdaterad.', endedBy: 'lopande' };
    case 'grade':
      return { kind: 'grade', grades: { A: 'hog', B: 'hog', C: 'mellan', D: 'lag', E: 'mellan' } };
    case 'handover':
      return {
        kind: 'handover',
        criteria: ['journalgranskning'],
        decisionDate: '2026-11-20',
        comment: 'Avdelningschefen fastställde uppdraget.',
      };
    default: {
      if (kind.startsWith('measure:')) {
        return { kind: 'measure', measure: kind.slice(8), comment: 'Beslutat.', skipReason: 'Brådskande.', ...board };
      }
      const to = kind.slice(5);
      return {
        kind: 'step',
        to,
        comment: 'Dokumenterat steg.',
        contactNote: 'Ringde verksamhetschefen.',
        purpose: 'Att avvikelsen upphör.',
        strategy: 'Tät uppföljning, sedan nästa steg.',
        plannedMeasures: 'Möten varannan vecka.',
        skipReason: 'Bedömt ej nödvändigt.',
        deadline: '2027-02-23',
        contactPerson: 'Kim Kontakt',
        outcome: 'ej-genomford',
        ...board,
      };
    }
  }
}

/**
 * Who may record what (002_… kapitel 4): handläggare runs 0–2b and records board decisions,
 * teamledare decides 3, teamet 3a, the handläggare with the regional lawyer and the team 3b;
 * the head of department's handover is recorded by handläggare or teamledare.
 */
const EXPECTED: Record<string, Role[]> = {
  triage: ['handlaggare', 'teamledare'],
  close: ['handlaggare', 'teamledare'],
  grade: ['handlaggare', 'teamledare', 'teamet'],
  handover: ['handlaggare', 'teamledare'],
  'step:0': ['handlaggare', 'teamledare'],
  'step:1': ['handlaggare', 'teamledare'],
  'step:2a': ['handlaggare', 'teamledare'],
  'step:2b': ['handlaggare', 'teamledare'],
  'step:3': ['teamledare'],
  'step:3a': ['teamet', 'teamledare'],
  'step:3b': ['handlaggare', 'teamledare', 'teamet'],
  'step:4a': ['handlaggare', 'teamledare'],
  'step:4b': ['handlaggare', 'teamledare'],
  'step:5': ['handlaggare', 'teamledare'],
  'measure:handlingsplan': ['teamet', 'teamledare'],
  'measure:anmodan': ['teamet', 'teamledare'],
  'measure:ivo': ['teamet'],
  'measure:polisanmalan': ['teamledare'],
  'measure:kontrollplan': ['handlaggare', 'teamledare'],
  'measure:aterkrav': ['handlaggare', 'teamledare'],
  'measure:sanktion': ['handlaggare', 'teamledare'],
  'measure:havning': ['handlaggare', 'teamledare'],
  // The collaboration ladder (issue 31.1): dialogue and follow-up by the officers, the escalations
  // to delregional vårdsamverkan and VVG and the negotiated settlement recorded by the team lead.
  'step:s1': ['handlaggare', 'teamledare'],
  'step:s2': ['handlaggare', 'teamledare'],
  'step:s3': ['teamledare'],
  'step:s4': ['teamledare'],
  'measure:ekonomisk-reglering': ['teamledare'],
};

const DEEP_ONLY = ['step:3a', 'step:3b', 'step:4a', 'step:4b', 'step:5'];
const documented = (steps: string[]) =>
  steps.map((to) => ({
    at: '2026-11-01T10:00:00.000Z',
    type: 'steg' as const,
    to,
    comment: 'Gjort',
    actor: { userId: 'o', name: 'O', roles: ['handlaggare'] },
    visibleToReporter: true,
  }));

/** A case where only the mandate can refuse the action: the right track, the steps before done. */
function caseFor(kind: string): Case {
  if (kind === 'triage') return baseCase({ status: 'ny' });
  // A handover needs the A–E prioritising first (issue 31.4).
  if (kind === 'handover') return baseCase({ grades: { A: 'hog', B: 'hog', C: 'mellan', D: 'lag', E: 'mellan' } });
  // Each step and measure on its own ladder: final contract measures on the deep one (issue
  // 31.3), the collaboration ladder's on that (issue 31.1).
  const target = kind.startsWith('step:') ? kind.slice(5) : undefined;
  const m = ref.ladder.measures.find((x) => `measure:${x.id}` === kind);
  const collaboration = target?.startsWith('s') || m?.tracks[0] === 'samverkan';
  const deep = DEEP_ONLY.includes(kind) || kind === 'close' || (m?.final && !collaboration);
  const track = collaboration ? 'samverkan' : deep ? 'fordjupad' : 'lopande';
  const ladder = ref.ladder.tracks.find((t) => t.id === track)!;
  const before = target
    ? ladder.steps.slice(0, ladder.steps.indexOf(target))
    : (ladder.finalAfter ?? ref.ladder.prerequisitesForFinalMeasures);
  // Contract measures: a private provider under contract; the collaboration ladder: a regional unit.
  const receiver = kind.startsWith('measure:') && !collaboration ? 'medtanken' : 'sodra-alvsborgs-sjukhus';
  return baseCase({
    step: target === '0' ? '1' : (before.at(-1) ?? '0'),
    track,
    events: documented(before),
    report: { ...baseCase().report, receiver },
  });
}

describe('mandates: every action × every role', () => {
  it('covers every step and measure of the ladder', () => {
    const all = [...ref.ladder.steps.map((s) => `step:${s.id}`), ...ref.ladder.measures.map((m) => `measure:${m.id}`)];
    expect(
      Object.keys(EXPECTED)
        .filter((k) => k.includes(':'))
        .sort(),
    ).toEqual(all.sort());
  });

  for (const [kind, allowed] of Object.entries(EXPECTED)) {
    for (const role of ROLES) {
      const may = allowed.includes(role);
      it(`${role} ${may ? 'may' : 'may not'} ${kind}`, () => {
        const c = caseFor(kind);
        const d = decide(c, validAction(kind), ctx(actor(role)));
        if (may) expect(d, JSON.stringify(d)).toMatchObject({ ok: true });
        else expect(d).toMatchObject({ ok: false, reason: 'mandate.missing', mandate: expect.any(Object) });
      });
    }
  }
});

describe('documentation and order of measures', () => {
  const officer = actor('handlaggare');

  it('needs a comment on every step and a contact note on dialogue steps', () => {
    expect(decide(baseCase(), { kind: 'step', to: '0', comment: '' }, ctx(officer))).toMatchObject({
      ok: false,
      reason: 'field.commentRequired',
    });
    expect(decide(baseCase({ step: '0' }), { kind: 'step', to: '1', comment: 'Dialog inledd' }, ctx(officer))).toMatchObject({
      ok: false,
      reason: 'step.contactNoteRequired',
    });
  });

  it('requires a deadline and a contact person for an action plan, and confirmation outside 1–6 months', () => {
    const c = baseCase({ step: '1', events: [] });
    const base = { kind: 'step', to: '2a', comment: 'Begär plan', contactNote: 'Mejl till chef', skipReason: 'x' } as const;
    expect(decide(c, base, ctx(officer))).toMatchObject({ ok: false, reason: 'step.deadlineRequired' });
    expect(decide(c, { ...base, deadline: '2027-01-15' }, ctx(officer))).toMatchObject({ ok: false, reason: 'step.contactPersonRequired' });
    expect(decide(c, { ...base, deadline: '2026-12-01', contactPerson: 'Kim' }, ctx(officer))).toMatchObject({
      ok: false,
      reason: 'step.deadlineConfirm',
    });
    expect(decide(c, { ...base, deadline: '2027-08-01', contactPerson: 'Kim' }, ctx(officer))).toMatchObject({
      ok: false,
      reason: 'step.deadlineConfirm',
    });
    const ok = decide(c, { ...base, deadline: '2026-12-01', contactPerson: 'Kim', confirmDeadline: true }, ctx(officer));
    expect(ok.ok).toBe(true);
    const good = decide(c, { ...base, deadline: '2027-02-23', contactPerson: 'Kim' }, ctx(officer));
    if (!good.ok) throw new Error(good.reason);
    expect(good.next.deadlines).toMatchObject([{ kind: 'handlingsplan', due: '2027-02-23', contactPerson: 'Kim' }]);
    // 2b closes the plan's deadline and needs an outcome.
    const at2a = { ...c, ...good.next, version: 2 } as Case;
    expect(decide(at2a, { kind: 'step', to: '2b', comment: 'Följt upp', contactNote: 'Möte' }, ctx(officer))).toMatchObject({
      ok: false,
      reason: 'step.outcomeRequired',
    });
    const followed = decide(
      at2a,
      { kind: 'step', to: '2b', comment: 'Följt upp', contactNote: 'Möte', outcome: 'genomford' },
      ctx(officer),
    );
    if (!followed.ok) throw new Error(followed.reason);
    expect(followed.next.deadlines[0]?.closedAt).toBeDefined();
  });

  it('asks a reason for skipping steps and records it for each skipped step', () => {
    const c = baseCase({ step: '0' });
    expect(decide(c, { kind: 'step', to: '2b', comment: 'Direkt', contactNote: 'Samtal', outcome: 'delvis' }, ctx(officer))).toMatchObject({
      ok: false,
      reason: 'step.skipReasonRequired',
      vars: { steps: '1' },
    });
    const d = decide(
      c,
      { kind: 'step', to: '2b', comment: 'Direkt', contactNote: 'Samtal', outcome: 'delvis', ...skips('Plan fanns redan', '1', '2a') },
      ctx(officer),
    );
    if (!d.ok) throw new Error(d.reason);
    expect(d.next.skipReasons).toEqual({ '1': 'Plan fanns redan', '2a': 'Plan fanns redan' });
  });

  it('refuses final measures until 1–3b are documented, or skipped with a reason by those who decide them', () => {
    // 000_…: every step before final measures; 002_… 3b: sanktion when anmodan was not followed.
    const c = baseCase({ step: '0', track: 'fordjupad', report: { ...baseCase().report, receiver: 'medtanken' } });
    const sanction = {
      kind: 'measure',
      measure: 'sanktion',
      comment: 'Nämnden beslutade',
      boardDate: '2026-11-20',
      diaryNumber: 'D-1',
    } as const;
    expect(decide(c, sanction, ctx(officer))).toMatchObject({
      ok: false,
      reason: 'measure.orderRequired',
      vars: { steps: '1, 2a, 2b, 3a, 3b' },
    });
    expect(missingBeforeFinal(c, ref.ladder)).toEqual(['1', '2a', '2b', '3a', '3b']);
    // A handläggare cannot skip the team's anmodan (3a); a teamledare can, with a reason.
    const reasons = skips('Akut allvarlig brist', '1', '2a', '2b', '3a', '3b');
    expect(decide(c, { ...sanction, ...reasons }, ctx(officer))).toMatchObject({
      ok: false,
      reason: 'step.skipMandate',
      vars: { steps: '3a' },
    });
    expect(decide(c, { ...sanction, ...reasons }, ctx(actor('teamledare'))).ok).toBe(true);
    // A non-final measure needs no earlier steps.
    expect(
      decide(c, { kind: 'measure', measure: 'kontrollplan', comment: 'Beslut', boardDate: '2026-11-20', diaryNumber: 'D-2' }, ctx(officer))
        .ok,
    ).toBe(true);
  });

  it('records board decisions only with a past decision date and a diary number', () => {
    const c = baseCase({ step: '3b', track: 'fordjupad', skipReasons: { '1': 'x', '2a': 'x', '2b': 'x', '3a': 'x' } });
    const step = { kind: 'step', to: '4a', comment: 'Kontrollplan fastställd', deadline: '2027-03-01' } as const;
    expect(decide(c, step, ctx(officer))).toMatchObject({ ok: false, reason: 'board.dateRequired' });
    expect(decide(c, { ...step, boardDate: '2026-12-24', diaryNumber: 'D' }, ctx(officer))).toMatchObject({
      ok: false,
      reason: 'board.dateFuture',
    });
    expect(decide(c, { ...step, boardDate: '2026-11-20' }, ctx(officer))).toMatchObject({ ok: false, reason: 'board.diaryRequired' });
    expect(decide(c, { ...step, boardDate: '2026-11-20', diaryNumber: 'D-9', skipReason: 'x' }, ctx(officer)).ok).toBe(true);
  });

  it('never changes a closed case and requires feedback to close', () => {
    expect(decide(baseCase({ status: 'avslutad' }), validAction('grade'), ctx(officer))).toMatchObject({
      ok: false,
      reason: 'case.closed',
    });
    expect(decide(baseCase(), { kind: 'close', outcome: 'atgardad', summary: 'Klart', feedback: '' }, ctx(officer))).toMatchObject({
      ok: false,
      reason: 'close.feedbackRequired',
    });
    expect(
      decide(
        baseCase({ step: '3a', track: 'fordjupad' }),
        { kind: 'close', outcome: 'atgardad', summary: 'Klart', feedback: 'Tack' },
        ctx(officer),
      ),
    ).toMatchObject({ ok: false, reason: 'close.endedByRequired' });
  });
});
