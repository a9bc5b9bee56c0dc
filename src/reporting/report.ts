// Reporting a deviation from the personal chat: open the form, validate a submit, register the
// case (or add it to an open duplicate), confirm, and tell the receiving team's channel.
// Flow: turn → form.ts (zod) → service.ts (store) → cards.ts.
import { randomUUID } from 'node:crypto';
import { z } from 'zod/v4';
import { RecordId } from '../core/ids.js';
import { todayOf } from '../core/clock.js';
import type { CapabilityDeps } from '../deps.js';
import { newCard, replaceForInteractor } from '../core/reply.js';
import type { Answer, Handler, Notification, ScopeCheck, Turn } from '../core/turn.js';
import { CLASSIFICATION, NOT_KNOWN, type Case, type Report } from '../cases/model.js';
import type { ReportingCards } from './cards.js';
import type { AnswerCards } from '../answers/cards.js';
import { parseReportForm, type FormResult } from './form.js';

/** A new form starts with the classification at "vet ej": a report needs only what the receiver acts on. */
const NOT_YET_CLASSIFIED = Object.fromEntries(CLASSIFICATION.map((f) => [f, NOT_KNOWN]));
import type { ReportingService } from './service.js';

export interface ReportingDeps extends Pick<CapabilityDeps<'cases' | 'answers'>, 'stores' | 'registry' | 'profiles' | 'reference'> {
  service: ReportingService;
  cards: ReportingCards;
  /** The receiving provider's people told of a new case (the answer loop's own notices). */
  receivers: (c: Case) => Notification[];
  answerCards: AnswerCards;
}

const CaseRef = z.object({ caseId: RecordId });

export function openForm(deps: ReportingDeps): Handler {
  return async (turn) => {
    const unit = deps.profiles.get(turn.actor.userId)?.unit;
    const today = todayOf(turn);
    return newCard(
      deps.cards.form(turn.locale, randomUUID(), today, { kind: 'avvikelse', eventDate: today, reporterUnit: unit, ...NOT_YET_CLASSIFIED }),
    );
  };
}

/** Same card back with the input kept and a message next to each bad field. */
const formAgain = (deps: ReportingDeps, turn: Turn, result: Extract<FormResult, { ok: false }>): Answer =>
  replaceForInteractor(
    deps.cards.form(turn.locale, result.formId ?? randomUUID(), todayOf(turn), result.values, result.errors, result.fatal),
  );

/** The channels linked to the receiving provider and its mottagare hear of a new case. */
const teamNotices = (deps: ReportingDeps, c: Case): Notification[] => [
  ...deps.registry
    .channelsFor(c.report.receiver)
    .map((channel): Notification => ({ to: { kind: 'conversation', key: channel.id }, message: { card: deps.cards.notice('sv', c) } })),
  ...deps.receivers(c),
];

const remember = (deps: ReportingDeps, turn: Turn, report: Report) =>
  deps.profiles.update(turn.actor.userId, { unit: report.reporterUnit, locale: turn.locale }, turn.now);

async function register(deps: ReportingDeps, turn: Turn, formId: string, report: Report): Promise<Answer> {
  const outcome = await deps.service.create(formId, report, turn.actor, turn.now, turn.activityId);
  await remember(deps, turn, report);
  return {
    ...replaceForInteractor(deps.cards.confirmation(turn.locale, outcome.case, report, false)),
    notify: outcome.created ? teamNotices(deps, outcome.case) : [],
  };
}

/** The parsed form, or the answer that ends the turn (a bad form, or a form already stored). */
async function parsed(
  deps: ReportingDeps,
  turn: Turn,
): Promise<{ formId: string; report: Report; values: Record<string, unknown> } | Answer> {
  const result = parseReportForm(turn.data, deps.reference, turn.now);
  if (!result.ok) return formAgain(deps, turn, result);
  const done = await deps.service.byFormId(result.formId);
  if (done)
    return replaceForInteractor(
      deps.cards.confirmation(turn.locale, done, deps.service.reportOf(done, result.formId), done.formId !== result.formId),
    );
  return { formId: result.formId, report: result.report, values: result.values };
}

/** The form's submit: a likely duplicate is offered first, else the case is registered. */
export function submitReport(deps: ReportingDeps): Handler {
  return async (turn) => {
    const form = await parsed(deps, turn);
    if (!('report' in form)) return form;
    const duplicate = deps.service.findDuplicate(form.report);
    if (!duplicate) return register(deps, turn, form.formId, form.report);
    const pending = {
      ...form.values,
      formId: form.formId,
      identityConfirmed: (turn.data as { identityConfirmed?: string }).identityConfirmed,
    };
    return replaceForInteractor(deps.cards.duplicate(turn.locale, duplicate, pending));
  };
}

/** After the duplicate hint: a new case after all. */
export function createNew(deps: ReportingDeps): Handler {
  return async (turn) => {
    const form = await parsed(deps, turn);
    return 'report' in form ? register(deps, turn, form.formId, form.report) : form;
  };
}

/**
 * The link route's scope: the named case, and whether the report on the card is its duplicate
 * by the stored case. A report that does not parse names nothing a user could join.
 */
export function joinableCase(deps: Pick<ReportingDeps, 'service' | 'reference'>): (turn: Turn) => ScopeCheck {
  return (turn) => {
    const ref = CaseRef.safeParse(turn.data);
    const form = parseReportForm(turn.data, deps.reference, turn.now);
    return ref.success && form.ok ? deps.service.joinable(ref.data.caseId, form.report) : 'unknown';
  };
}

/** After the duplicate hint: the report joins the open case (a new one if it closed meanwhile). */
export function linkToCase(deps: ReportingDeps): Handler {
  return async (turn) => {
    const form = await parsed(deps, turn);
    if (!('report' in form)) return form;
    const ref = CaseRef.safeParse(turn.data);
    const linked = ref.success
      ? await deps.service.link(ref.data.caseId, form.formId, form.report, turn.actor, turn.now, turn.activityId)
      : undefined;
    if (!linked) return register(deps, turn, form.formId, form.report);
    await remember(deps, turn, form.report);
    return replaceForInteractor(deps.cards.confirmation(turn.locale, linked.case, form.report, true));
  };
}
