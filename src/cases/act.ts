// Every action on a case: open its form, and on submit: the card's version → zod (actions.ts)
// → the rule (rules/) → a versioned put → the fresh case card for everyone, the reporter told.
// A refusal comes back on the same form, next to its field, with the input kept; a missing
// mandate is audited like a forged role. A stale card gets the fresh case back.
import { z } from 'zod/v4';
import { todayOf } from '../core/clock.js';
import { fieldErrors, keptValues, renderForm, type FieldSpec } from '../core/forms.js';
import { translator, type Locale, type MessageKey } from '../core/i18n/index.js';
import { label, type Ladder } from '../core/refdata.js';
import { roleList } from '../core/roles.js';
import { replaceForAll, replaceForInteractor } from '../core/reply.js';
import type { Answer, Notification, RecordHandler, Turn } from '../core/turn.js';
import { ConflictError } from '../store/contract.js';
import { parseAction, type ActionKind } from './actions.js';
import { visibleHere } from './access.js';
import { actionForm, type FormKind, type FormState } from './forms.js';
import type { Case } from './model.js';
import {
  decide,
  endsDeepFollowUp,
  suggestedAfterFollowUp,
  trackSteps,
  type CaseAction,
  type Decision,
  type Mandate,
} from './rules/index.js';
import { finalReportCard, finalReportFile } from './finalReport.js';
import { informed } from './inform.js';
import { CASE_FILES } from './verbs.js';
import { caseCard, type CaseViewDeps } from './show.js';
import { answerDueDate } from '../answers/policy.js';
import { newDeviationNotices } from '../answers/notify.js';

const FormRequest = z.object({
  form: z.enum(['triage', 'step', 'measure', 'grade', 'close', 'handover']),
  to: z.string().max(4).optional(),
  measure: z.string().max(40).optional(),
});
const Version = z.object({ version: z.coerce.number().int().positive().optional() });

/** Who holds a mandate, in words: the deciding body ("teamet", "nämnd eller styrelse") or the roles. */
function mandateHolder(ladder: Ladder, who: Mandate, locale: Locale): string {
  if ('roles' in who) return roleList(who.roles, translator(locale));
  const decider = ladder.deciders.find((d) => d.id === who.decider);
  const name = decider ? label(decider, locale) : who.decider;
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** The reporter hears of every status change, in their own language, never internal notes. */
function feedback(deps: CaseViewDeps, c: Case, key: MessageKey, vars: Record<string, string>): Notification {
  const locale: Locale = deps.profiles.localeOf(c.reporter.userId);
  const tr = translator(locale);
  const step = vars['step'] ? deps.reference.ladder.steps.find((s) => s.id === vars['step']) : undefined;
  const stepVars: Record<string, string> = step ? { step: step.name[locale] } : {};
  const card = deps.cards.message(locale, tr('feedback.title', { number: c.number }), tr(key, { ...vars, ...stepVars }));
  return { to: { kind: 'user', userId: c.reporter.userId }, message: { card } };
}

function formCard(deps: CaseViewDeps, turn: Turn, c: Case, kind: FormKind, chosen: string | undefined, state: FormState = {}) {
  const view = actionForm({ ref: deps.reference, locale: turn.locale, c, actor: turn.actor, today: todayOf(turn) }, kind, chosen, state);
  return { view, card: renderForm(deps.cards.renderer, turn.locale, view) };
}

/** `arende.formular`: the form of an action (for a step or measure: the chooser, then its form). */
export function openForm(deps: CaseViewDeps): RecordHandler<Case> {
  return async (turn, c) => {
    if (!visibleHere(deps, turn, c)) return replaceForInteractor(deps.cards.elsewhere(turn.locale, c));
    const req = FormRequest.safeParse(turn.data);
    if (!req.success) return replaceForInteractor(caseCard(deps, turn, c));
    return replaceForInteractor(formCard(deps, turn, c, req.data.form, req.data.to ?? req.data.measure).card);
  };
}

const FORM_OF: Record<ActionKind, FormKind | undefined> = {
  triage: 'triage',
  step: 'step',
  measure: 'measure',
  grade: 'grade',
  close: 'close',
  handover: 'handover',
  postpone: undefined,
};

/** The same form again with a message: next to its field if it has one, else at the top. */
function formAgain(deps: CaseViewDeps, turn: Turn, c: Case, kind: ActionKind, errors: Record<string, string>, notice?: string): Answer {
  const formKind = FORM_OF[kind];
  if (!formKind) return replaceForInteractor(caseCard(deps, turn, c, { notice: notice ?? Object.values(errors)[0] }));
  const data = turn.data as Record<string, unknown>;
  const chosen = typeof data['to'] === 'string' ? data['to'] : typeof data['measure'] === 'string' ? data['measure'] : undefined;
  const fields: readonly FieldSpec[] = formCard(deps, turn, c, formKind, chosen).view.fields;
  const placed = Object.fromEntries(Object.entries(errors).filter(([f]) => fields.some((x) => x.id === f)));
  const unplaced = Object.entries(errors)
    .filter(([f]) => !placed[f])
    .map(([, m]) => m);
  const state = {
    values: keptValues(turn.data, fields),
    errors: placed,
    notice: [notice, ...unplaced].filter(Boolean).join(' ') || undefined,
  };
  return replaceForInteractor(formCard(deps, turn, c, formKind, chosen, state).card);
}

export function act(deps: CaseViewDeps, kind: ActionKind): RecordHandler<Case> {
  return async (turn, c) => {
    const tr = translator(turn.locale);
    if (!visibleHere(deps, turn, c)) return replaceForInteractor(deps.cards.elsewhere(turn.locale, c));
    const version = Version.safeParse(turn.data);
    if (version.success && version.data.version !== undefined && version.data.version !== c.version) {
      return replaceForInteractor(caseCard(deps, turn, c, { notice: tr('case.conflict') }));
    }
    const parsed = parseAction(kind, turn.data);
    if (!parsed.success) return formAgain(deps, turn, c, kind, fieldErrors(parsed.error.issues, tr));
    const decision = decide(c, parsed.data, {
      actor: turn.actor,
      now: turn.now,
      today: todayOf(turn),
      ladder: deps.reference.ladder,
      activityId: turn.activityId,
      provider: deps.reference.provider,
      isCause: (id) => deps.reference.causes.some((x) => x.id === id),
      answerDue: (report, today) => answerDueDate(deps.reference, report, today),
    });
    if (!decision.ok) {
      const holder: Record<string, string> = decision.mandate
        ? { role: mandateHolder(deps.reference.ladder, decision.mandate, turn.locale) }
        : {};
      const message = tr(decision.reason, { ...decision.vars, ...holder });
      // A missing mandate is audited as a refusal (a forged card looks like any other submit).
      if (decision.mandate) {
        await deps.audit.refused(turn.actor.userId, kind, 'rule', turn.now, c.id, turn.actor.name);
        return replaceForInteractor(caseCard(deps, turn, c, { notice: message }));
      }
      return formAgain(deps, turn, c, kind, decision.field ? { [decision.field]: message } : {}, decision.field ? undefined : message);
    }
    let stored: Case;
    try {
      stored = await deps.stores.cases.put(decision.next, { expectedVersion: c.version });
    } catch (err) {
      if (err instanceof ConflictError)
        return replaceForInteractor(caseCard(deps, turn, deps.stores.cases.get(c.id)!, { notice: tr('case.conflict') }));
      throw err;
    }
    return saved(deps, turn, parsed.data, decision, stored);
  };
}

/**
 * After a change: the fresh case for everyone, the reporter told, the configured recipients
 * informed of a strategy or a handover, and for a case closed in deep follow-up its final report.
 */
function saved(deps: CaseViewDeps, turn: Turn, action: CaseAction, decision: Extract<Decision, { ok: true }>, stored: Case): Answer {
  const tr = translator(turn.locale);
  const followedUp = action.kind === 'step' && action.outcome ? action : undefined;
  const done = followedUp
    ? tr('case.savedSuggest', {
        step: deps.cards.stepName(
          turn.locale,
          suggestedAfterFollowUp(followedUp.outcome!, trackSteps(deps.reference.ladder, stored), followedUp.to),
        ),
      })
    : tr('case.saved');
  const notify = [
    ...(decision.notice ? [feedback(deps, stored, decision.notice.key, decision.notice.vars)] : []),
    ...(decision.inform ? informed(deps, decision.inform, stored, decision.event) : []),
    // Annan vårdgivare mapped at the first assessment: its mottagare hear of the case now.
    ...(decision.event.details?.['receiver'] ? newDeviationNotices(deps, stored) : []),
  ];
  // A deep follow-up ended (by a return to running follow-up or a close): its final report.
  const final = endsDeepFollowUp(decision.event);
  if (!final) return { ...replaceForAll(caseCard(deps, turn, stored, { done })), notify };
  const file = finalReportFile(deps.reference, stored, turn.locale);
  return {
    ...replaceForAll(caseCard(deps, turn, stored, { done })),
    send: [{ card: finalReportCard(deps.cards.renderer, deps.reference, stored, turn.locale) }],
    files: [
      {
        file: CASE_FILES.finalReport,
        args: { number: stored.number },
        name: file.name,
        description: tr('final.title', { number: stored.number }),
        sizeInBytes: Buffer.byteLength(file.body),
      },
    ],
    notify,
  };
}
