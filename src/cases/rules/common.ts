// What every case rule shares: the decision type, who may record a decider's decision (from
// data/reference/ladder.json), the documentation checks, and how a rule builds its event.
// Rules are pure: they return the next case and one event, or a refusal as a value.
import type { MessageKey } from '../../core/i18n/index.js';
import type { Ladder, Provider } from '../../core/refdata.js';
import type { Actor, Role } from '../../core/roles.js';
import type { Refusal } from '../../core/turn.js';
import type { Case, CaseEvent, Deadline, DeadlineKind, Report } from '../model.js';
import { skipField } from '../actions.js';

export interface DecideContext {
  actor: Actor;
  now: Date;
  today: string;
  ladder: Ladder;
  activityId: string;
  /** The reference data's providers (what kind the receiver is: contract measures). */
  provider: (id: string) => Provider | undefined;
  /** Whether a cause id is in the reference data (the first assessment may set one). */
  isCause: (id: string) => boolean;
  /** When the receiver's answer is due for a report made on a day (answers.json). */
  answerDue: (report: Report, today: string) => string;
}

/** Who holds a mandate: a decider of the ladder (ladder.json deciders) or case roles. */
export type Mandate = { decider: string } | { roles: readonly Role[] };

/** A rule's refusal; `mandate` marks a missing mandate (audited like a forged role) and names who has it. */
export type CaseRefusal = Refusal & { mandate?: Mandate };

/** Who is to be told besides the reporter (configured recipients in ladder.json). */
export type Inform = 'strategy' | 'handover';

export type Decision =
  | {
      ok: true;
      next: Omit<Case, 'version'>;
      event: CaseEvent;
      notice: { key: MessageKey; vars: Record<string, string> } | undefined;
      inform?: Inform;
    }
  | CaseRefusal;

export const refuse = (reason: MessageKey, extra: Omit<CaseRefusal, 'ok' | 'reason'> = {}): CaseRefusal => ({
  ok: false,
  reason,
  ...extra,
});

/** Triage, closing and moving a date are the case officers' (handläggare, teamledare). */
export const CASE_ROLES: Role[] = ['handlaggare', 'teamledare'];

/** The roles that may record a decision of this decider (board decisions: recorded by officers). */
export function recordedBy(ladder: Ladder, decider: string): Role[] {
  return ladder.deciders.find((d) => d.id === decider)?.recordedBy ?? [];
}

export function mayRecord(actor: Actor, roles: readonly Role[]): boolean {
  return roles.some((r) => actor.roles.includes(r));
}

/** The refusal for a missing mandate, naming who decides (in words when it is shown). */
export const noMandate = (who: Mandate): CaseRefusal => refuse('mandate.missing', { mandate: who });

/**
 * Where a case stands on a ladder: its step, or the last step of that ladder before it (a case
 * handed over at 3 stands after 2b on the deep ladder, which has no 3). Steps order by their ids.
 */
export function standsOn(steps: readonly string[], step: string | undefined): string | undefined {
  return step === undefined ? undefined : steps.filter((s) => s <= step).at(-1);
}

/** The ladder the case is on, as ladder.json describes it. */
export const trackOf = (ladder: Ladder, c: Pick<Case, 'track'>): Ladder['tracks'][number] | undefined =>
  ladder.tracks.find((t) => t.id === c.track);

/** The steps of the case's ladder, in order (002_…: running or deep follow-up; 000_…: collaboration). */
export function trackSteps(ladder: Ladder, c: Pick<Case, 'track'>): string[] {
  return trackOf(ladder, c)?.steps ?? [];
}

/**
 * Whether the receiver is followed up by contract (002_… kapitel 2): a private provider with a
 * contract form that is followed up (not IOP). Only then the contract ladders, their measures
 * (hävning, sanktion och vite, återkrav) and the light (ladder.json contractMeasures).
 */
export function contractAllows(ladder: Ladder, provider: Provider | undefined): boolean {
  const { providerKinds, notFollowedUp } = ladder.contractMeasures;
  return provider?.contract !== undefined && providerKinds.includes(provider.kind) && !notFollowedUp.includes(provider.contract);
}

/**
 * The ladder a new case starts on: the contract follow-up's running ladder for a contracted
 * receiver, else the collaboration ladder of 000_… (municipalities, the region's own units, IOP,
 * a receiver not yet mapped).
 */
export function trackFor(ladder: Ladder, receiver: Provider | undefined): Case['track'] {
  return contractAllows(ladder, receiver) ? 'lopande' : 'samverkan';
}

/** The roles that may record the decision on a step (its decider's). */
function stepDeciders(ladder: Ladder, step: string): Role[] {
  const s = ladder.steps.find((x) => x.id === step);
  return s ? recordedBy(ladder, s.decidedBy) : [];
}

/**
 * The reason given for each skipped step: its own (skip_<step>), or, for a single skipped step,
 * the one reason an older card sends. Never one reason for several steps (issue 31.3).
 */
export function skipReasonsFor(
  steps: readonly string[],
  action: { skipReasons?: Record<string, string>; skipReason?: string },
): Record<string, string> {
  const given = action.skipReasons ?? {};
  const single = steps.length === 1 && action.skipReason && !given[steps[0]!] ? { [steps[0]!]: action.skipReason } : {};
  return Object.fromEntries(Object.entries({ ...given, ...single }).filter(([s]) => steps.includes(s)));
}

/**
 * Skipping a step is that step's decision: it needs its own reason and the mandate of the role
 * that decides the step (000_…: alla steg före slutliga åtgärder; a skip is recorded, not assumed).
 */
export function skipRefusal(ctx: DecideContext, steps: readonly string[], reasons: Record<string, string>): CaseRefusal | undefined {
  const unexplained = steps.find((s) => !reasons[s]);
  if (unexplained) return refuse('step.skipReasonRequired', { field: skipField(unexplained), vars: { steps: unexplained } });
  const beyond = steps.filter((s) => !mayRecord(ctx.actor, stepDeciders(ctx.ladder, s)));
  if (beyond.length)
    return refuse('step.skipMandate', {
      field: skipField(beyond[0]!),
      mandate: { decider: ctx.ladder.steps.find((x) => x.id === beyond[0])!.decidedBy },
      vars: { steps: beyond.join(', ') },
    });
  return undefined;
}

export function isDocumented(c: Case, step: string): boolean {
  return c.events.some((e) => e.type === 'steg' && e.to === step);
}

/** Steps required before final measures that are neither documented nor skipped with a reason. */
export function missingBeforeFinal(
  c: Pick<Case, 'events' | 'skipReasons' | 'track'>,
  ladder: Ladder,
  extraReasons: Record<string, string> = {},
): string[] {
  const before = trackOf(ladder, c)?.finalAfter ?? ladder.prerequisitesForFinalMeasures;
  return before.filter((s) => !isDocumented(c as Case, s) && !c.skipReasons[s] && !extraReasons[s]);
}

/** Whether the case is on a contract follow-up ladder (002_…), not the collaboration ladder. */
export const onContractLadder = (ladder: Ladder, c: Pick<Case, 'track'>): boolean => trackOf(ladder, c)?.contract ?? false;

export function monthsLater(date: string, months: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

export function closeDeadlines(deadlines: readonly Deadline[], kinds: readonly DeadlineKind[] | 'all', at: string): Deadline[] {
  return deadlines.map((d) => (!d.closedAt && (kinds === 'all' || kinds.includes(d.kind)) ? { ...d, closedAt: at } : d));
}

/** An event of the audit trail, by the actor, now; internal unless marked for the reporter. */
export function eventOf(ctx: DecideContext, type: CaseEvent['type'], fields: Partial<CaseEvent>): CaseEvent {
  return {
    at: ctx.now.toISOString(),
    type,
    actor: { userId: ctx.actor.userId, name: ctx.actor.name, roles: ctx.actor.roles },
    activityId: ctx.activityId,
    visibleToReporter: false,
    ...fields,
  };
}

/** A documented step or measure needs a comment of a few words. */
export const undocumented = (
  text: string | undefined,
  field: string,
  reason: MessageKey = 'field.commentRequired',
): CaseRefusal | undefined => ((text ?? '').trim().length < 3 ? refuse(reason, { field }) : undefined);

/** A decision of the board is recorded with its (past) date and its diary number. */
export function boardRecordRefusal(a: { boardDate?: string; diaryNumber?: string }, today: string): CaseRefusal | undefined {
  if (!a.boardDate) return refuse('board.dateRequired', { field: 'boardDate' });
  if (a.boardDate > today) return refuse('board.dateFuture', { field: 'boardDate' });
  if (!a.diaryNumber) return refuse('board.diaryRequired', { field: 'diaryNumber' });
  return undefined;
}
