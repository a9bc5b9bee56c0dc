// The joint cause analysis in Teams (issue 35.2): proposed clusters and one's analyses
// (`händelseanalys`), started by the follow-up team from a proposal or a case, held in a channel
// they choose; each step a form whose zod input → the rule → a versioned put → the fresh view for
// the one who acted. A refusal comes back next to its field with the input kept; a missing
// mandate is audited. The participants hear of the start and the conclusion.
import { z } from 'zod/v4';
import { todayOf } from '../core/clock.js';
import type { CapabilityDeps } from '../deps.js';
import { fieldErrors, keptValues, renderForm } from '../core/forms.js';
import { translator, type Locale, type MessageKey, type T } from '../core/i18n/index.js';
import { newCard, replaceForInteractor, say } from '../core/reply.js';
import { FOLLOW_UP_TEAM, hasRole } from '../core/roles.js';
import type { Answer, Handler, Notification, RecordHandler, RecordScope, Turn } from '../core/turn.js';
import { ConflictError } from '../store/contract.js';
import { namedCase } from '../cases/access.js';
import type { Case } from '../cases/model.js';
import { CaseQueries } from '../cases/queries.js';
import { sharedIn, ShareInput, type LessonSource } from '../answers/lessons.js';
import { recordLesson } from '../answers/sharing.js';
import { proposals } from './proposals.js';
import { analysisView, noticeCard, overviewCard, subjectLine } from './cards.js';
import { stepForm, startForm, type StepForm } from './forms.js';
import { AnalysisId, type Analysis, type Subject } from './model.js';
import {
  addEvent,
  addFactor,
  addMeasure,
  AnalysisEffectInput,
  clusterSubject,
  conclude,
  ConclusionInput,
  EventInput,
  FactorInput,
  mayStart,
  MeasureInput,
  nextNumber,
  partOf,
  recordEffect,
  start,
  StartInput,
  type StepContext,
  type StepDecision,
} from './rules.js';
import { ANALYSIS_VERBS } from './verbs.js';

export type AnalysisDeps = CapabilityDeps<'analyses' | 'cases' | 'answers' | 'lessons' | 'conversations'>;

const ClusterRef = z.object({ receiver: z.string().max(60), dimension: z.enum(['category', 'cause']), value: z.string().max(60) });

/** What a start verb names, as its guard found it. */
interface Named {
  subject: Subject;
  cases: Case[];
  data: Record<string, string>;
}

/** What a start card names, found again here (never the case ids a card sends): a case, or a cluster proposed today. */
async function namedSubject(deps: AnalysisDeps, turn: Turn): Promise<Named | undefined> {
  const c = await namedCase(deps, turn);
  if (c) return { subject: { kind: 'case', caseId: c.id }, cases: [c], data: { caseId: c.id } };
  const ref = ClusterRef.safeParse(turn.data);
  if (!ref.success) return undefined;
  const key = `${ref.data.receiver}|${ref.data.dimension}|${ref.data.value}`;
  const g = (await proposals(deps, todayOf(turn))).find((x) => x.key === key);
  return g && { subject: clusterSubject(g), cases: g.cases, data: ref.data };
}

/** The guard of the start verbs: the case or cluster exists, and the actor's follow-up team may start on it. */
export function subjectScope(deps: AnalysisDeps): RecordScope<Named> {
  return async (turn) => {
    const s = await namedSubject(deps, turn);
    if (!s) return 'unknown';
    return { subject: s.cases[0]!.id, inScope: mayStart(turn.actor, s.cases), record: s };
  };
}

const AnalysisRef = z.object({ analysisId: AnalysisId });

/** The guard of every verb on an analysis: it exists, and the actor takes part in it. */
export function analysisScope(deps: AnalysisDeps): RecordScope<Analysis> {
  return async (turn) => {
    const ref = AnalysisRef.safeParse(turn.data);
    const a = ref.success ? deps.stores.analyses.get(ref.data.analysisId) : undefined;
    return a ? { subject: a.id, inScope: partOf(turn.actor, a) !== undefined, record: a } : 'unknown';
  };
}

const numbersOf = async (deps: AnalysisDeps, a: Analysis) =>
  (await Promise.all(a.caseIds.map((id) => deps.stores.cases.load(id)))).map((c) => c?.number ?? '–');

async function view(deps: AnalysisDeps, turn: Turn, a: Analysis, notice?: string) {
  const tr = translator(turn.locale);
  const shared = sharedIn(deps.stores.lessons);
  return analysisView(deps, turn.locale, tr, {
    viewer: turn.actor,
    a,
    numbers: await numbersOf(deps, a),
    today: todayOf(turn),
    shared,
    notice,
  });
}

/** `händelseanalys [ärendenummer]`: a number starts one for that case; without, the proposals and one's analyses. */
export function overview(deps: AnalysisDeps): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    const team = FOLLOW_UP_TEAM.some((r) => hasRole(turn.actor, r));
    const number = turn.args.trim().toUpperCase();
    if (number && team) {
      const c = await CaseQueries.of(deps.stores.cases).byNumber(number.slice(0, 20));
      if (c && mayStart(turn.actor, [c]))
        return newCard(startCard(deps, turn, { subject: { kind: 'case', caseId: c.id }, cases: [c], data: { caseId: c.id } }));
      return say(tr('analysis.caseUnknown', { number: number.slice(0, 20) }));
    }
    const proposed = team ? (await proposals(deps, todayOf(turn))).filter((g) => mayStart(turn.actor, g.cases)) : [];
    return newCard(overviewCard(deps, turn.locale, tr, { proposals: proposed, team, ...mine(deps, turn) }));
  };
}

/** The analyses the actor takes part in, running first, newest first. */
function mine(deps: AnalysisDeps, turn: Turn) {
  const analyses = deps.stores.analyses
    .all()
    .filter((a) => partOf(turn.actor, a))
    .sort((x, y) => (x.status === y.status ? y.startedAt.localeCompare(x.startedAt) : x.status === 'pagar' ? -1 : 1));
  return { analyses };
}

/** The channels an analysis may be held in: this one, and those linked to one of its organisations. */
function channelChoices(deps: AnalysisDeps, turn: Turn, tr: T, cases: readonly Case[]) {
  const orgs = new Set(cases.flatMap((c) => [c.report.receiver, c.report.reporterUnit]));
  const here = turn.place.kind === 'personal' ? [] : [{ title: tr('analysis.channel.here'), value: turn.place.key }];
  const seen = new Map<string, number>();
  const linked = deps.stores.conversations
    .all()
    .filter((c) => c.kind !== 'personal' && c.installed && !c.stale && c.providerId && orgs.has(c.providerId) && c.id !== turn.place.key)
    .map((c) => {
      const n = (seen.get(c.providerId!) ?? 0) + 1;
      seen.set(c.providerId!, n);
      const provider = deps.reference.provider(c.providerId!)?.name ?? c.providerId!;
      return { title: tr('analysis.channel.linked', { provider }) + (n > 1 ? ` (${n})` : ''), value: c.id };
    });
  return [...here, ...linked];
}

function startCard(deps: AnalysisDeps, turn: Turn, s: { subject: Subject; cases: Case[]; data: Record<string, string> }, notice?: string) {
  const tr = translator(turn.locale);
  const first = s.cases[0]!;
  const about =
    s.subject.kind === 'case'
      ? subjectLine(deps.reference, tr, turn.locale, { number: first.number })
      : subjectLine(deps.reference, tr, turn.locale, { ...s.subject, receiver: first.report.receiver, count: s.cases.length });
  const channels = channelChoices(deps, turn, tr, s.cases);
  const intro = `${about}. ${tr('analysis.form.startIntro')}`;
  return renderForm(
    deps.cards,
    turn.locale,
    startForm(tr, intro, s.data, channels, { notice: notice ?? (channels.length ? undefined : tr('analysis.noChannel')) }),
  );
}

/** `analys.starta`: the start form for a case or a proposed cluster. */
export function openStart(deps: AnalysisDeps): RecordHandler<Named> {
  return async (turn, s) => replaceForInteractor(startCard(deps, turn, s));
}

/** Who takes part, besides the team member who acts: the receiver's mottagare, the units' chefs, the team of the organisations. */
function participants(deps: AnalysisDeps, a: Analysis): string[] {
  const { directory } = deps;
  const orgs = [a.receiver, ...a.reporterUnits];
  return [
    ...new Set([
      ...directory.actingFor(['mottagare'], a.receiver),
      ...a.reporterUnits.flatMap((u) => directory.actingFor(['chef'], u)),
      ...orgs.flatMap((o) => directory.actingFor([...FOLLOW_UP_TEAM], o)),
    ]),
  ];
}

/** The channel and each participant (not the one who acted) get the short card, each in their language. */
async function tellAll(deps: AnalysisDeps, turn: Turn, a: Analysis, headline: MessageKey): Promise<Notification[]> {
  const numbers = await numbersOf(deps, a);
  const card = (locale: Locale) => {
    const tr = translator(locale);
    return noticeCard(deps, locale, tr, a, numbers, tr(headline, { id: a.id }));
  };
  return [
    { to: { kind: 'conversation', key: a.channel }, message: { card: card('sv') } },
    ...participants(deps, a)
      .filter((u) => u !== turn.actor.userId)
      .map((userId): Notification => ({ to: { kind: 'user', userId }, message: { card: card(deps.profiles.localeOf(userId)) } })),
  ];
}

/** `analys.skapa`: the analysis, numbered, in the chosen channel; audited; everyone taking part told. */
export function createAnalysis(deps: AnalysisDeps): RecordHandler<Named> {
  return async (turn, s): Promise<Answer> => {
    const tr = translator(turn.locale);
    const parsed = StartInput.safeParse(turn.data);
    const offered = channelChoices(deps, turn, tr, s.cases).map((c) => c.value);
    if (!parsed.success || !offered.includes(parsed.data.channel))
      return replaceForInteractor(startCard(deps, turn, s, tr(offered.length ? 'analysis.chooseChannel' : 'analysis.noChannel')));
    const year = Number(todayOf(turn).slice(0, 4));
    let stored: Analysis | undefined;
    for (let attempt = 0; !stored; attempt++) {
      const id = nextNumber(
        deps.stores.analyses.all().map((a) => a.id),
        year,
      );
      try {
        stored = await deps.stores.analyses.put(start(id, s.subject, s.cases, parsed.data.channel, turn), { expectedVersion: 0 });
      } catch (err) {
        // Another instance took the number: the next one.
        if (!(err instanceof ConflictError) || attempt > 2) throw err;
      }
    }
    await deps.audit.record(turn.actor.userId, 'analysis.start', turn.now, { subject: s.subject.kind, cases: s.cases.length }, stored.id);
    return {
      ...replaceForInteractor(await view(deps, turn, stored, tr('analysis.started', { id: stored.id }))),
      notify: await tellAll(deps, turn, stored, 'analysis.startedNotice'),
    };
  };
}

/** `analys.visa`: the whole analysis (the guard checked the actor takes part). */
export function showAnalysis(deps: AnalysisDeps): RecordHandler<Analysis> {
  return async (turn, a) => replaceForInteractor(await view(deps, turn, a));
}

const FormRequest = z.object({
  form: z.enum(['event', 'factor', 'measure', 'conclusion', 'effect', 'lesson']),
  measureId: z.uuid().optional(),
});

function formCard(
  deps: AnalysisDeps,
  turn: Turn,
  a: Analysis,
  form: StepForm,
  measureId: string | undefined,
  state = {},
  submitted?: unknown,
) {
  const tr = translator(turn.locale);
  const causes = deps.reference.causes.map((x) => ({ title: x[turn.locale], value: x.id }));
  const view = stepForm(tr, a, form, { today: todayOf(turn), causes, measureId }, state);
  const values = submitted === undefined ? view.values : { ...view.values, ...keptValues(submitted, view.fields) };
  return renderForm(deps.cards, turn.locale, { ...view, values });
}

/** `analys.formular`: a step's form. */
export function openStepForm(deps: AnalysisDeps): RecordHandler<Analysis> {
  return async (turn, a) => {
    const req = FormRequest.safeParse(turn.data);
    if (!req.success) return replaceForInteractor(await view(deps, turn, a, translator(turn.locale)('action.unknown')));
    return replaceForInteractor(formCard(deps, turn, a, req.data.form, req.data.measureId));
  };
}

interface Step<I> {
  form: StepForm;
  verb: string;
  parse: z.ZodType<I>;
  rule: (a: Omit<Analysis, 'version'>, input: I, ctx: StepContext) => StepDecision;
  done: MessageKey;
  /** The participants and the channel hear of it (the conclusion). */
  tell?: MessageKey;
}

/** A step's submit, declared by its parts: parse, decide, write (a concurrent write decided again once), audit. */
function step<I>(deps: AnalysisDeps, s: Step<I>): RecordHandler<Analysis> {
  return async (turn, a): Promise<Answer> => {
    const tr = translator(turn.locale);
    const measureId = z.uuid().safeParse((turn.data as Record<string, unknown>)?.['measureId']).data;
    const again = (state: { errors?: Record<string, string>; notice?: string }) =>
      replaceForInteractor(formCard(deps, turn, a, s.form, measureId, state, turn.data));
    const parsed = s.parse.safeParse(turn.data);
    if (!parsed.success) return again({ errors: fieldErrors(parsed.error.issues, tr), notice: tr('form.error.summary') });
    const ctx: StepContext = { actor: turn.actor, now: turn.now, today: todayOf(turn), causes: deps.reference.causes.map((c) => c.id) };
    let stored: Analysis | undefined;
    for (let attempt = 0; !stored; attempt++) {
      const current = deps.stores.analyses.get(a.id)!;
      const decision = s.rule(current, parsed.data, ctx);
      if (!decision.ok) {
        if (decision.mandate) await deps.audit.refused(turn.actor.userId, s.verb, 'rule', turn.now, a.id, turn.actor.name);
        const reason = tr(decision.reason, decision.vars);
        if (decision.field) return again({ errors: { [decision.field]: reason }, notice: tr('form.error.summary') });
        return replaceForInteractor(await view(deps, turn, current, reason));
      }
      try {
        stored = await deps.stores.analyses.put(decision.next, { expectedVersion: current.version });
      } catch (err) {
        if (!(err instanceof ConflictError) || attempt > 0) throw err;
      }
    }
    await deps.audit.record(turn.actor.userId, `analysis.${s.form}`, turn.now, measureId ? { measureId } : {}, a.id);
    const reply = replaceForInteractor(await view(deps, turn, stored, tr(s.done)));
    return s.tell ? { ...reply, notify: await tellAll(deps, turn, stored, s.tell) } : reply;
  };
}

export const addEventStep = (deps: AnalysisDeps) =>
  step(deps, { form: 'event', verb: ANALYSIS_VERBS.event, parse: EventInput, rule: addEvent, done: 'analysis.done.event' });
export const addFactorStep = (deps: AnalysisDeps) =>
  step(deps, { form: 'factor', verb: ANALYSIS_VERBS.factor, parse: FactorInput, rule: addFactor, done: 'analysis.done.factor' });
export const addMeasureStep = (deps: AnalysisDeps) =>
  step(deps, { form: 'measure', verb: ANALYSIS_VERBS.measure, parse: MeasureInput, rule: addMeasure, done: 'analysis.done.measure' });
export const concludeStep = (deps: AnalysisDeps) =>
  step(deps, {
    form: 'conclusion',
    verb: ANALYSIS_VERBS.conclude,
    parse: ConclusionInput,
    rule: conclude,
    done: 'analysis.done.conclusion',
    tell: 'analysis.concludedNotice',
  });
export const effectStep = (deps: AnalysisDeps) =>
  step(deps, { form: 'effect', verb: ANALYSIS_VERBS.effect, parse: AnalysisEffectInput, rule: recordEffect, done: 'analysis.done.effect' });

/** The analysis as the source of a lärdom: its causes found, its receiver, its organisations. */
const lessonSource = (a: Analysis): LessonSource => ({
  caseId: a.caseIds[0]!,
  analysisId: a.id,
  category: a.category,
  causes: [...new Set(a.factors.map((f) => f.cause))],
  receiver: a.receiver,
  sides: a.reporterUnits.map((reporterUnit) => ({ receiver: a.receiver, reporterUnit })),
  measures: a.measures,
});

/** `analys.dela`: a measure of the analysis that worked, shared county-wide as a lärdom (the answer loop's rule). */
export function shareFromAnalysis(deps: AnalysisDeps): RecordHandler<Analysis> {
  return async (turn, a) => {
    const tr = translator(turn.locale);
    const measureId = z.uuid().safeParse((turn.data as Record<string, unknown>)?.['measureId']).data;
    const parsed = ShareInput.safeParse(turn.data);
    if (!parsed.success)
      return replaceForInteractor(
        formCard(
          deps,
          turn,
          a,
          'lesson',
          measureId,
          { errors: fieldErrors(parsed.error.issues, tr), notice: tr('form.error.summary') },
          turn.data,
        ),
      );
    const refused = await recordLesson(deps, turn, lessonSource(a), parsed.data, { verb: ANALYSIS_VERBS.share, subject: a.id });
    return replaceForInteractor(await view(deps, turn, a, tr(refused ?? 'lesson.shared')));
  };
}
