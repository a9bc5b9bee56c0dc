// The answer loop's handlers: open the answer view or a form; on submit, the form's zod input
// → the rule (rules.ts) → a versioned put → the fresh view for the one who acted, and notices
// to the other side. A refusal comes back on the form next to its field with the input kept; a
// missing mandate is audited. Lists for the mottagare (`inkomna avvikelser`) and the chef
// (`enhetens avvikelser`).
import { z } from 'zod/v4';
import { todayOf } from '../core/clock.js';
import type { CapabilityDeps } from '../deps.js';
import { fieldErrors, keptValues, renderForm } from '../core/forms.js';
import { translator, type MessageKey } from '../core/i18n/index.js';
import { hasRole } from '../core/roles.js';
import { newCard, replaceForInteractor, say } from '../core/reply.js';
import { inScope } from '../core/scope.js';
import type { Answer, Card, Handler, Notification, RecordHandler, RecordScope, Turn } from '../core/turn.js';
import { PageNumber, pageOf } from '../core/paging.js';
import { providerNames } from '../core/providers.js';
import { label } from '../core/refdata.js';
import { ConflictError } from '../store/contract.js';
import type { Case } from '../cases/model.js';
import { namedCase } from '../cases/access.js';
import { CaseQueries } from '../cases/queries.js';
import { FOLLOW_UP_TEAM } from '../core/roles.js';
import { EffectInput, ForwardInput, InvestigationInput, MessageInput, VerdictInput, measureRows } from './actions.js';
import { ANSWER_LIST_PAGE_SIZE, type AnswerCards } from './cards.js';
import { ANSWER_VERBS } from './verbs.js';
import { answerForm, type AnswerForm, type AnswerFormState } from './forms.js';
import { emptyAnswer, type AnswerRecord } from './model.js';
import { followUpTeam, newDeviationNotices, receivingSide, reportingSide, tell, type NotifyDeps } from './notify.js';
import { answerDueText } from './policy.js';
import { suggestionText } from './summary.js';
import { forward, forwardChoices, forwardedAnswer } from './forward.js';
import { sharedIn } from './lessons.js';
import { answerDueDate } from './policy.js';
import {
  acknowledge,
  answer,
  followUpEffect,
  judge,
  post,
  receives,
  reports,
  type AnswerContext,
  type AnswerDecision,
  type MeasureRow,
} from './rules.js';

export type AnswerDeps = CapabilityDeps<'answers' | 'cases' | 'lessons'> & NotifyDeps & { answerCards: AnswerCards };

const FormRequest = z.object({
  form: z.enum(['message', 'answer', 'verdict', 'effect', 'forward', 'lesson']),
  measureId: z.string().max(64).optional(),
});

/** The route guard: the case exists and the actor is a party to it or follows it up. */
export function answerScope(deps: Pick<CapabilityDeps<'cases'>, 'stores'>): RecordScope<Case> {
  return async (turn) => {
    const c = await namedCase(deps, turn);
    if (!c) return 'unknown';
    const team = FOLLOW_UP_TEAM.some((r) => hasRole(turn.actor, r)) && inScope(turn.actor, c.report);
    return { subject: c.id, inScope: team || receives(turn.actor, c) || reports(turn.actor, c), record: c };
  };
}

export const view = (deps: AnswerDeps, turn: Turn, c: Case, notice?: string) =>
  deps.answerCards.view(turn.locale, turn.actor, c, deps.stores.answers.get(c.id), todayOf(turn), notice, sharedIn(deps.stores.lessons));

/** `svar.visa`: the answer view for the viewer's side (the guard checked the scope). */
export function showAnswer(deps: AnswerDeps): RecordHandler<Case> {
  return async (turn, c) => replaceForInteractor(view(deps, turn, c));
}

/** A form of the loop; after a refused submit, with what was typed kept. */
export function formCard(
  deps: AnswerDeps,
  turn: Turn,
  kind: AnswerForm,
  c: Case,
  measureId: string | undefined,
  state?: AnswerFormState,
  submitted?: unknown,
) {
  const opts = {
    today: todayOf(turn),
    maxMeasures: deps.reference.answers.maxMeasures,
    measureId,
    receivers: forwardChoices(deps.reference, c),
    causes: deps.reference.causes.map((x) => ({ title: label(x, turn.locale), value: x.id })),
  };
  const form = answerForm(turn.locale, kind, c, deps.stores.answers.get(c.id), opts, state);
  const values = submitted === undefined ? form.values : { ...form.values, ...keptValues(submitted, form.fields) };
  return renderForm(deps.cards, turn.locale, { ...form, values });
}

/** `svar.formular`: a form of the loop. */
export function openAnswerForm(deps: AnswerDeps): RecordHandler<Case> {
  return async (turn, c) => {
    const req = FormRequest.safeParse(turn.data);
    if (!req.success) return say(translator(turn.locale)('action.unknown'));
    return replaceForInteractor(formCard(deps, turn, req.data.form, c, req.data.measureId));
  };
}

/** Runs a rule on the stored record and writes it; a concurrent write is decided again once. */
async function update(
  deps: AnswerDeps,
  turn: Turn,
  c: Case,
  rule: (a: Omit<AnswerRecord, 'version'>, ctx: AnswerContext) => AnswerDecision,
) {
  const ctx: AnswerContext = { actor: turn.actor, now: turn.now, today: todayOf(turn), activityId: turn.activityId, c };
  for (let attempt = 0; ; attempt++) {
    const current = deps.stores.answers.get(c.id);
    const decision = rule(current ?? emptyAnswer(c), ctx);
    if (!decision.ok) return { decision };
    try {
      const stored = await deps.stores.answers.put(decision.next, { expectedVersion: current?.version ?? 0 });
      return { decision, stored };
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt > 0) throw err;
    }
  }
}

interface Submit<I> {
  form: AnswerForm;
  parse: (data: unknown) => z.ZodSafeParseResult<I>;
  rule: (input: I, deps: AnswerDeps) => (a: Omit<AnswerRecord, 'version'>, ctx: AnswerContext) => AnswerDecision;
  /** Who hears of it, and what. */
  notify: (deps: AnswerDeps, turn: Turn, c: Case, a: AnswerRecord) => Notification[];
  measureId?: (input: I) => string;
}

/** A submit of one of the loop's forms, declared by its parts. */
function submit<I>(deps: AnswerDeps, s: Submit<I>): RecordHandler<Case> {
  return async (turn, c): Promise<Answer> => {
    const tr = translator(turn.locale);
    const measureId =
      typeof (turn.data as Record<string, unknown>)?.['measureId'] === 'string'
        ? String((turn.data as Record<string, unknown>)['measureId']).slice(0, 64)
        : undefined;
    const again = (state: AnswerFormState) => replaceForInteractor(formCard(deps, turn, s.form, c, measureId, state, turn.data));
    const parsed = s.parse(turn.data);
    if (!parsed.success) return again({ errors: fieldErrors(parsed.error.issues, tr), notice: tr('form.error.summary') });
    const { decision, stored } = await update(deps, turn, c, s.rule(parsed.data, deps));
    if (!decision.ok) {
      const message = tr(decision.reason, decision.vars);
      if (decision.mandate) {
        await deps.audit.refused(turn.actor.userId, s.form, 'rule', turn.now, c.id, turn.actor.name);
        return replaceForInteractor(view(deps, turn, c, message));
      }
      return again(decision.field ? { errors: { [decision.field]: message } } : { notice: message });
    }
    return { ...replaceForInteractor(view(deps, turn, c, tr('answer.saved'))), notify: s.notify(deps, turn, c, stored!) };
  };
}

/** `svar.kvittera`: no form; the view comes back with the receipt, the reporting side is told. */
export function acknowledgeCase(deps: AnswerDeps): RecordHandler<Case> {
  return async (turn, c) => {
    const tr = translator(turn.locale);
    const { decision } = await update(deps, turn, c, acknowledge);
    if (!decision.ok) {
      if (decision.mandate) await deps.audit.refused(turn.actor.userId, 'acknowledge', 'rule', turn.now, c.id, turn.actor.name);
      return replaceForInteractor(view(deps, turn, c, tr(decision.reason, decision.vars)));
    }
    return {
      ...replaceForInteractor(view(deps, turn, c, tr('answer.acknowledged'))),
      notify: tell(deps, c, reportingSide(deps, c), 'answer.notice.acknowledged', undefined, turn.actor.userId),
    };
  };
}

export const postMessage = (deps: AnswerDeps): RecordHandler<Case> =>
  submit(deps, {
    form: 'message',
    parse: (d) => MessageInput.safeParse(d),
    rule: (input) => (a, ctx) => post(a, input.text, ctx),
    notify: (d, turn, c, a) => {
      const last = a.thread.at(-1)!;
      const to = last.side === 'mottagare' ? reportingSide(d, c) : receivingSide(d, c);
      return tell(
        d,
        c,
        to,
        'answer.notice.message',
        (tr) => [{ title: tr(`answer.side.${last.side}`, { org: '' }).trim(), value: last.text }],
        turn.actor.userId,
      );
    },
  });

export const sendAnswer = (deps: AnswerDeps): RecordHandler<Case> =>
  submit(deps, {
    form: 'answer',
    parse: (d) => InvestigationInput.safeParse(d),
    rule: (input, d) => (a, ctx) =>
      answer(
        a,
        {
          whatHappened: input.whatHappened,
          causes: input.causes,
          cause: input.cause,
          answer: input.answer,
          rows: measureRows(input) as MeasureRow[],
        },
        ctx,
        d.reference.answers.maxMeasures,
        (id) => d.reference.causes.some((c) => c.id === id),
      ),
    notify: (d, turn, c, a) => [
      ...tell(
        d,
        c,
        reportingSide(d, c),
        'answer.notice.answered',
        (tr) => [{ title: tr('answer.section.answer'), value: a.answer!.text }],
        turn.actor.userId,
      ),
      ...tell(d, c, followUpTeam(d, c), 'answer.notice.answeredTeam', undefined, turn.actor.userId),
    ],
  });

export const judgeAnswer = (deps: AnswerDeps): RecordHandler<Case> =>
  submit(deps, {
    form: 'verdict',
    parse: (d) => VerdictInput.safeParse(d),
    rule: (input) => (a, ctx) => judge(a, { accepted: input.accepted === 'ja', reason: input.reason }, ctx),
    notify: (d, turn, c, a) => {
      const v = a.verdict!;
      const reason = (tr: ReturnType<typeof translator>) => (v.reason ? [{ title: tr('answer.field.reason'), value: v.reason }] : []);
      const title: MessageKey = v.accepted ? 'answer.notice.accepted' : 'answer.notice.notAccepted';
      return [
        ...tell(d, c, receivingSide(d, c), title, (tr) => reason(tr), turn.actor.userId),
        ...(v.accepted
          ? []
          : tell(
              d,
              c,
              followUpTeam(d, c),
              'answer.notice.notAcceptedTeam',
              (tr, locale) => [...reason(tr), suggestion(d, c, tr, locale)],
              turn.actor.userId,
            )),
      ];
    },
  });

export const answerEffect = (deps: AnswerDeps): RecordHandler<Case> =>
  submit(deps, {
    form: 'effect',
    parse: (d) => EffectInput.safeParse(d),
    rule: (input) => (a, ctx) => followUpEffect(a, input, ctx),
    notify: () => [],
  });

/**
 * `svar.vidarebefordra`: the report to the provider or unit it belongs to. The case first
 * (versioned: a concurrent change wins and the form says so), then the answer record; audited.
 * The one who sent it on may no longer see the case: the answer is a message, not the view.
 */
export function forwardReport(deps: AnswerDeps): RecordHandler<Case> {
  return async (turn, c) => {
    const tr = translator(turn.locale);
    const again = (state: AnswerFormState) => replaceForInteractor(formCard(deps, turn, 'forward', c, undefined, state, turn.data));
    const parsed = ForwardInput.safeParse(turn.data);
    if (!parsed.success) return again({ errors: fieldErrors(parsed.error.issues, tr), notice: tr('form.error.summary') });
    const a = deps.stores.answers.get(c.id);
    const decision = forward(c, a ?? emptyAnswer(c), parsed.data, {
      actor: turn.actor,
      now: turn.now,
      today: todayOf(turn),
      activityId: turn.activityId,
      c,
      ladder: deps.reference.ladder,
      provider: deps.reference.provider,
      answerDue: (report, today) => answerDueDate(deps.reference, report, today),
    });
    if (!decision.ok) {
      const message = tr(decision.reason, decision.vars);
      if (decision.mandate) {
        await deps.audit.refused(turn.actor.userId, 'forward', 'rule', turn.now, c.id, turn.actor.name);
        return replaceForInteractor(view(deps, turn, c, message));
      }
      return again(decision.field ? { errors: { [decision.field]: message } } : { notice: message });
    }
    let stored: Case;
    try {
      stored = await deps.stores.cases.put(decision.next, { expectedVersion: c.version });
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      return again({ notice: tr('case.conflict') });
    }
    // The answer record after the case: a concurrent change to it (a message, say) is taken in once.
    await update(deps, turn, stored, (current) => ({ ok: true, next: forwardedAnswer(current, decision.trail), event: decision.trail }));
    await deps.audit.record(turn.actor.userId, 'case.forward', turn.now, { from: c.report.receiver, to: decision.to.id }, c.id);
    const to = decision.to.name;
    return {
      ...replaceForInteractor(
        deps.cards.render('message', { title: tr('forward.done', { number: c.number, to }), text: tr('forward.doneText'), color: 'Good' }),
      ),
      notify: [
        ...tell(
          deps,
          stored,
          reportingSide(deps, stored),
          'answer.notice.forwarded',
          (t, locale) => [
            { title: t('fact.to'), value: to },
            { title: t('answer.field.forwardReason'), value: parsed.data.reason },
            { title: t('fact.answerDue'), value: answerDueText(deps.reference, stored.report, stored.answerDue, locale) },
          ],
          turn.actor.userId,
        ),
        ...newDeviationNotices(deps, stored),
      ],
    };
  };
}

/** The follow-up team's suggested next step, as a fact for a notice. */
const suggestion = (deps: Pick<CapabilityDeps, 'reference'>, c: Case, tr: ReturnType<typeof translator>, locale: 'sv' | 'en') => ({
  title: tr('answer.suggested'),
  value: suggestionText(deps.reference, c, locale),
});

/** The page a list's button asks for (a typed command: the first). */
const requestedPage = (turn: Turn) => PageNumber.parse((turn.data as { page?: unknown } | undefined)?.page);

/**
 * `inkomna avvikelser`: the mottagare's cases, those still to answer first, a page at a time
 * (a receiver with a few dozen waiting passed Teams' size limit as one card).
 */
export function incoming(deps: AnswerDeps, reply: (card: Card) => Answer = newCard): Handler {
  return async (turn) => {
    const today = todayOf(turn);
    const rows = CaseQueries.of(deps.stores.cases)
      .openCases()
      .filter((c) => receives(turn.actor, c))
      .map((c) => ({ c, a: deps.stores.answers.get(c.id) }))
      .filter(({ a }) => !a?.verdict?.accepted)
      .sort((x, y) => Number(Boolean(x.a?.answer)) - Number(Boolean(y.a?.answer)) || x.c.answerDue.localeCompare(y.c.answerDue));
    const page = pageOf(rows, requestedPage(turn), ANSWER_LIST_PAGE_SIZE);
    const tr = translator(turn.locale);
    const empty = tr('answer.listEmpty.incoming', { orgs: providerNames(turn.actor.providers, deps.reference, tr) });
    return reply(deps.answerCards.list(turn.locale, tr('answer.list.incoming'), page, today, ANSWER_VERBS.incomingPage, empty));
  };
}

/** `enhetens avvikelser`: what the chef's units reported, with the answers' status, newest first, a page at a time. */
export function unitReports(deps: AnswerDeps, reply: (card: Card) => Answer = newCard): Handler {
  return async (turn) => {
    const q = CaseQueries.of(deps.stores.cases);
    const units = turn.actor.providers;
    const page = requestedPage(turn);
    // Newest first, month by month, until the page is found or all the units' cases have been (older months read from disk only if needed).
    const { cases, more } = await q.newestPage(
      (c) => units.includes(c.report.reporterUnit),
      page,
      ANSWER_LIST_PAGE_SIZE,
      q.firstMonth(),
      todayOf(turn),
      units.reduce((n, p) => n + q.concerning(p), 0),
    );
    const rows = { items: cases.map((c) => ({ c, a: deps.stores.answers.get(c.id) })), page, more };
    const tr = translator(turn.locale);
    const empty = tr('answer.listEmpty.unit', { orgs: providerNames(units, deps.reference, tr) });
    return reply(deps.answerCards.list(turn.locale, tr('answer.list.unit'), rows, todayOf(turn), ANSWER_VERBS.unitPage, empty));
  };
}
