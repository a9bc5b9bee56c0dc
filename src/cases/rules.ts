// The escalation ladder's rules as pure functions: who may record what (mandates from
// data/reference/ladder.json), what each step needs documented, the order of measures, and
// follow-up dates. decide() never touches the store: it returns the next case and one event,
// or a refusal the handler turns into a message (and, for a missing mandate, an audit entry).
import { randomUUID } from 'node:crypto';
import { z } from 'zod/v4';
import type { MessageKey } from '../core/i18n/index.js';
import type { Ladder } from '../core/refdata.js';
import type { Actor, Role } from '../core/roles.js';
import { screenIdentity } from '../reporting/identity.js';
import { Grades, IsoDate, type Case, type CaseEvent, type Deadline, type DeadlineKind } from './model.js';

const Text = (max: number) => z.string().trim().max(max);

export const TriageAction = z.object({
  kind: z.literal('triage'),
  decision: z.enum(['ingen-atgard', 'bevakning', 'narmare-uppfoljning']),
  assessment: z.enum(['mindre', 'allvarlig']),
  watchUntil: IsoDate.optional(),
  comment: Text(2000),
});
export const StepAction = z.object({
  kind: z.literal('step'),
  to: z.string().regex(/^[0-5][ab]?$/),
  comment: Text(2000),
  contactNote: Text(1000).optional(),
  skipReason: Text(1000).optional(),
  deadline: IsoDate.optional(),
  contactPerson: Text(200).optional(),
  confirmDeadline: z.boolean().optional(),
  outcome: z.enum(['genomford', 'delvis', 'ej-genomford']).optional(),
  boardDate: IsoDate.optional(),
  diaryNumber: Text(60).optional(),
});
export const MeasureAction = z.object({
  kind: z.literal('measure'),
  measure: z.string().min(1).max(40),
  comment: Text(2000),
  skipReason: Text(1000).optional(),
  boardDate: IsoDate.optional(),
  diaryNumber: Text(60).optional(),
});
export const CloseAction = z.object({
  kind: z.literal('close'),
  outcome: z.enum(['atgardad', 'ej-befogad', 'ovrigt']),
  summary: Text(2000),
  feedback: Text(1000),
  endedBy: z.enum(['lopande', 'havning']).optional(),
});
export const GradeAction = z.object({ kind: z.literal('grade'), grades: Grades });
/** Moving a follow-up date (from a reminder): audited, and its reminders are re-planned. */
export const PostponeAction = z.object({
  kind: z.literal('postpone'),
  deadlineId: z.string().min(1).max(64),
  newDate: IsoDate,
  reason: Text(1000),
});

export const CaseAction = z.discriminatedUnion('kind', [TriageAction, StepAction, MeasureAction, CloseAction, GradeAction, PostponeAction]);
export type CaseAction = z.infer<typeof CaseAction>;

export type Refusal = {
  ok: false;
  reason: MessageKey;
  vars?: Record<string, string>;
  /** The field the message belongs next to. */
  field?: string;
  /** A missing mandate: the attempt goes to the audit trail. */
  mandate?: boolean;
};
export type Decision =
  | { ok: true; next: Omit<Case, 'version'>; event: CaseEvent; notice: { key: MessageKey; vars: Record<string, string> } | undefined }
  | Refusal;

const refuse = (reason: MessageKey, extra: Omit<Refusal, 'ok' | 'reason'> = {}): Refusal => ({ ok: false, reason, ...extra });

const CASE_ROLES: Role[] = ['handlaggare', 'teamledare'];

export function stepOrder(ladder: Ladder): string[] {
  return ladder.steps.map((s) => s.id);
}

/** The roles that may record a decision of this decider (board decisions: recorded by officers). */
export function recordedBy(ladder: Ladder, decider: string): Role[] {
  return ladder.deciders.find((d) => d.id === decider)?.recordedBy ?? [];
}

function mayRecord(actor: Actor, roles: Role[]): boolean {
  return roles.some((r) => actor.roles.includes(r));
}

export function isDocumented(c: Case, step: string): boolean {
  return c.events.some((e) => e.type === 'steg' && e.to === step);
}

/** Steps required before final measures that are neither documented nor skipped with a reason. */
export function missingBeforeFinal(c: Case, ladder: Ladder, extraReasons: Record<string, string> = {}): string[] {
  return ladder.prerequisitesForFinalMeasures.filter((s) => !isDocumented(c, s) && !c.skipReasons[s] && !extraReasons[s]);
}

function monthsLater(date: string, months: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

function hasIdentity(...texts: (string | undefined)[]): boolean {
  return texts.some((t) => t && screenIdentity(t).length > 0);
}

function closeDeadlines(deadlines: Deadline[], kinds: DeadlineKind[] | 'all', at: string): Deadline[] {
  return deadlines.map((d) => (!d.closedAt && (kinds === 'all' || kinds.includes(d.kind)) ? { ...d, closedAt: at } : d));
}

export interface DecideContext {
  actor: Actor;
  now: Date;
  today: string;
  ladder: Ladder;
  activityId: string;
}

export function decide(c: Case, action: CaseAction, ctx: DecideContext): Decision {
  const { actor, now, today, ladder } = ctx;
  const at = now.toISOString();
  const event = (type: CaseEvent['type'], fields: Partial<CaseEvent>): CaseEvent => ({
    at,
    type,
    actor: { userId: actor.userId, name: actor.name, roles: actor.roles },
    activityId: ctx.activityId,
    visibleToReporter: false,
    ...fields,
  });
  if (c.status === 'avslutad') return refuse('case.closed');

  switch (action.kind) {
    case 'triage': {
      if (!mayRecord(actor, CASE_ROLES)) return refuse('mandate.missing', { mandate: true, vars: { role: 'handlaggare' } });
      if (c.status !== 'ny' && c.status !== 'bevakning') return refuse('triage.already');
      if (action.comment.length < 3) return refuse('field.commentRequired', { field: 'comment' });
      if (hasIdentity(action.comment)) return refuse('field.identity', { field: 'comment' });
      let deadlines = closeDeadlines(c.deadlines, ['bevakning'], at);
      let status: Case['status'] = 'uppfoljning';
      if (action.decision === 'bevakning') {
        if (!action.watchUntil) return refuse('triage.watchUntilRequired', { field: 'watchUntil' });
        if (action.watchUntil <= today) return refuse('field.futureDate', { field: 'watchUntil' });
        deadlines = [...deadlines, { id: randomUUID(), kind: 'bevakning', due: action.watchUntil, setAt: at, stepId: 'triage' }];
        status = 'bevakning';
      }
      if (action.decision === 'ingen-atgard') {
        status = 'avslutad';
        deadlines = closeDeadlines(deadlines, 'all', at);
      }
      const ev = event('triagerad', {
        to: action.decision,
        comment: action.comment,
        details: { assessment: action.assessment, watchUntil: action.watchUntil },
        visibleToReporter: true,
      });
      return {
        ok: true,
        next: { ...c, status, assessment: action.assessment, watchUntil: action.watchUntil, deadlines, events: [...c.events, ev] },
        event: ev,
        notice: { key: `feedback.triage.${action.decision}`, vars: {} },
      };
    }

    case 'step': {
      const order = stepOrder(ladder);
      const target = ladder.steps.find((s) => s.id === action.to);
      if (!target) return refuse('step.unknown', { field: 'to' });
      const deciders = recordedBy(ladder, target.decidedBy);
      if (!mayRecord(actor, deciders)) return refuse('mandate.missing', { mandate: true, vars: { role: deciders.join('/') } });
      if (c.status === 'ny') return refuse('step.triageFirst');
      if (c.step === action.to) return refuse('step.same', { field: 'to' });
      if (action.comment.length < 3) return refuse('field.commentRequired', { field: 'comment' });
      if (target.requiresContactNote && !action.contactNote) return refuse('step.contactNoteRequired', { field: 'contactNote' });
      if (hasIdentity(action.comment, action.contactNote, action.skipReason)) return refuse('field.identity', { field: 'comment' });
      if (target.boardDecision) {
        if (!action.boardDate) return refuse('board.dateRequired', { field: 'boardDate' });
        if (action.boardDate > today) return refuse('board.dateFuture', { field: 'boardDate' });
        if (!action.diaryNumber) return refuse('board.diaryRequired', { field: 'diaryNumber' });
      }
      // Going up past undocumented steps needs a reason (recorded for each skipped step).
      const from = c.step === undefined ? -1 : order.indexOf(c.step);
      const to = order.indexOf(action.to);
      const skipped = to > from + 1 ? order.slice(from + 1, to).filter((s) => !isDocumented(c, s) && !c.skipReasons[s]) : [];
      if (skipped.length && !action.skipReason) return refuse('step.skipReasonRequired', { field: 'skipReason', vars: { steps: skipped.join(', ') } });
      const skipReasons = { ...c.skipReasons, ...Object.fromEntries(skipped.map((s) => [s, action.skipReason!])) };
      if (action.to === '5') {
        const missing = missingBeforeFinal({ ...c, skipReasons }, ladder);
        if (missing.length) return refuse('measure.orderRequired', { vars: { steps: missing.join(', ') } });
      }

      let deadlines = c.deadlines;
      const followUp = ladder.followUps[action.to];
      if (followUp) {
        if (!action.deadline) return refuse('step.deadlineRequired', { field: 'deadline' });
        if (action.deadline <= today) return refuse('field.futureDate', { field: 'deadline' });
        if (action.to === '2a' && !action.contactPerson) return refuse('step.contactPersonRequired', { field: 'contactPerson' });
        const min = followUp.minMonths ? monthsLater(today, followUp.minMonths) : undefined;
        const max = followUp.maxMonths ? monthsLater(today, followUp.maxMonths) : undefined;
        if (((min && action.deadline < min) || (max && action.deadline > max)) && !action.confirmDeadline) {
          return refuse('step.deadlineConfirm', { field: 'deadline', vars: { min: min ?? '', max: max ?? '' } });
        }
        deadlines = [
          ...closeDeadlines(deadlines, [followUp.kind], at),
          { id: randomUUID(), kind: followUp.kind, due: action.deadline, setAt: at, stepId: action.to, contactPerson: action.contactPerson },
        ];
      }
      // A follow-up step (2b, 3b, 4b) closes the date its step set.
      const followed = Object.values(ladder.followUps).find((f) => f.followedUpBy === action.to);
      if (followed) deadlines = closeDeadlines(deadlines, [followed.kind], at);
      if (action.to === '2b' && !action.outcome) return refuse('step.outcomeRequired', { field: 'outcome' });

      const ev = event('steg', {
        from: c.step,
        to: action.to,
        comment: action.comment,
        details: {
          contactNote: action.contactNote,
          skipped: skipped.length ? skipped : undefined,
          skipReason: skipped.length ? action.skipReason : undefined,
          deadline: action.deadline,
          contactPerson: action.contactPerson,
          outcome: action.outcome,
          boardDate: action.boardDate,
          diaryNumber: action.diaryNumber,
        },
        visibleToReporter: true,
      });
      return {
        ok: true,
        next: { ...c, status: 'uppfoljning', step: action.to, deadlines, skipReasons, events: [...c.events, ev] },
        event: ev,
        notice: { key: action.to === '2a' ? 'feedback.actionPlan' : 'feedback.step', vars: { step: action.to } },
      };
    }

    case 'measure': {
      const measure = ladder.measures.find((m) => m.id === action.measure);
      if (!measure) return refuse('measure.unknown', { field: 'measure' });
      const deciders = recordedBy(ladder, measure.decidedBy);
      if (!mayRecord(actor, deciders)) return refuse('mandate.missing', { mandate: true, vars: { role: deciders.join('/') } });
      if (c.status === 'ny') return refuse('step.triageFirst');
      if (action.comment.length < 3) return refuse('field.commentRequired', { field: 'comment' });
      if (hasIdentity(action.comment, action.skipReason)) return refuse('field.identity', { field: 'comment' });
      const board = ladder.deciders.find((d) => d.id === measure.decidedBy)?.boardDecision;
      if (board) {
        if (!action.boardDate) return refuse('board.dateRequired', { field: 'boardDate' });
        if (action.boardDate > today) return refuse('board.dateFuture', { field: 'boardDate' });
        if (!action.diaryNumber) return refuse('board.diaryRequired', { field: 'diaryNumber' });
      }
      let skipReasons = c.skipReasons;
      if (measure.final) {
        const missing = missingBeforeFinal(c, ladder);
        if (missing.length && !action.skipReason) return refuse('measure.orderRequired', { vars: { steps: missing.join(', ') } });
        skipReasons = { ...skipReasons, ...Object.fromEntries(missing.map((s) => [s, action.skipReason!])) };
      }
      const ev = event('atgard', {
        to: action.measure,
        comment: action.comment,
        details: { boardDate: action.boardDate, diaryNumber: action.diaryNumber, skipReason: action.skipReason, final: measure.final },
      });
      return { ok: true, next: { ...c, skipReasons, events: [...c.events, ev] }, event: ev, notice: undefined };
    }

    case 'close': {
      if (!mayRecord(actor, CASE_ROLES)) return refuse('mandate.missing', { mandate: true, vars: { role: 'handlaggare' } });
      if (action.summary.length < 3) return refuse('field.commentRequired', { field: 'summary' });
      if (action.feedback.length < 3) return refuse('close.feedbackRequired', { field: 'feedback' });
      if (hasIdentity(action.summary, action.feedback)) return refuse('field.identity', { field: 'feedback' });
      const deep = ladder.steps.find((s) => s.id === c.step)?.track === 'deep';
      if (deep && !action.endedBy) return refuse('close.endedByRequired', { field: 'endedBy' });
      const ev = event('avslutad', {
        from: c.step,
        to: action.outcome,
        comment: action.feedback,
        details: { summary: action.summary, endedBy: action.endedBy },
        visibleToReporter: true,
      });
      return {
        ok: true,
        next: { ...c, status: 'avslutad', deadlines: closeDeadlines(c.deadlines, 'all', at), events: [...c.events, ev] },
        event: ev,
        notice: { key: 'feedback.closed', vars: { feedback: action.feedback } },
      };
    }

    case 'postpone': {
      if (!mayRecord(actor, CASE_ROLES)) return refuse('mandate.missing', { mandate: true, vars: { role: 'handlaggare' } });
      const current = c.deadlines.find((d) => d.id === action.deadlineId && !d.closedAt);
      if (!current) return refuse('postpone.unknown');
      if (action.newDate <= today) return refuse('field.futureDate', { field: 'newDate' });
      if (action.reason.length < 3) return refuse('postpone.reasonRequired', { field: 'reason' });
      if (hasIdentity(action.reason)) return refuse('field.identity', { field: 'reason' });
      const moved: Deadline = { ...current, id: randomUUID(), due: action.newDate, setAt: at };
      const ev = event('kommentar', {
        comment: action.reason,
        details: { postponed: current.kind, from: current.due, to: action.newDate },
      });
      return {
        ok: true,
        next: { ...c, deadlines: [...c.deadlines.map((d) => (d.id === current.id ? { ...d, closedAt: at } : d)), moved], events: [...c.events, ev] },
        event: ev,
        notice: undefined,
      };
    }

    case 'grade': {
      if (!mayRecord(actor, [...CASE_ROLES, 'teamet'])) return refuse('mandate.missing', { mandate: true, vars: { role: 'handlaggare/teamet' } });
      const ev = event('bedomning', { details: { grades: action.grades } });
      return { ok: true, next: { ...c, grades: action.grades, events: [...c.events, ev] }, event: ev, notice: undefined };
    }
  }
}

/** The next open follow-up date of a case, if any. */
export function nextDeadline(c: Case): Deadline | undefined {
  return c.deadlines.filter((d) => !d.closedAt).sort((a, b) => a.due.localeCompare(b.due))[0];
}

export function isOverdue(c: Case, today: string): boolean {
  const d = nextDeadline(c);
  return (d !== undefined && d.due < today) || (c.status !== 'avslutad' && c.answerDue < today && !c.events.some((e) => e.type === 'triagerad'));
}

/** The step a 2b outcome suggests next: carried out → back to normal, otherwise a strategy. */
export function suggestedAfterFollowUp(outcome: 'genomford' | 'delvis' | 'ej-genomford'): string {
  return outcome === 'genomford' ? '0' : '3';
}

export const SCORE = { hog: 3, mellan: 2, lag: 1 } as const;
export function priority(c: Case): number {
  if (!c.grades) return 0;
  return Object.values(c.grades).reduce((sum, g) => sum + SCORE[g], 0);
}

