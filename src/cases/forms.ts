// The forms of the case actions, one small card each: only the fields the chosen action needs,
// the required ones marked, with the step or measure chosen first. Field ids are the keys of
// the action's zod schema (actions.ts), so a form and its parser cannot drift apart.
import type { z } from 'zod/v4';
import { addDays } from '../core/clock.js';
import type { FieldSpec, FormView } from '../core/forms.js';
import { translator, type Locale, type MessageKey, type T } from '../core/i18n/index.js';
import { label, type Ladder, type LadderStep, type Measure, type Reference } from '../core/refdata.js';
import { wordList, type Actor } from '../core/roles.js';
import {
  HANDOVER_CRITERIA,
  skipField,
  type CloseInput,
  type GradeInput,
  type HandoverInput,
  type MeasureInput,
  type StepInput,
  type TriageInput,
} from './actions.js';
import { Consequence, receiverKnown, Severity, type Case, type CLASSIFICATION } from './model.js';
import { contractAllows, missingBeforeFinal, mayRecord, recordedBy, skippedBy, trackOf, trackSteps } from './rules/index.js';
import { CASE_VERBS } from './verbs.js';

type Classification = (typeof CLASSIFICATION)[number];
type Fields<S extends z.ZodObject> = FieldSpec<Extract<keyof z.infer<S>, string>>[];

export type FormKind = 'triage' | 'step' | 'measure' | 'grade' | 'close' | 'handover';

export interface FormContext {
  ref: Reference;
  locale: Locale;
  c: Case;
  actor: Actor;
  today: string;
}

const choices =
  <const I extends string>(items: readonly I[], key: (id: I) => MessageKey) =>
  (tr: T) =>
    items.map((id) => ({ title: tr(key(id)), value: id }));

const TRIAGE_FIELDS: Fields<typeof TriageInput> = [
  {
    id: 'decision',
    kind: 'choice',
    label: 'case.field.decision',
    required: true,
    choices: choices(['ingen-atgard', 'bevakning', 'narmare-uppfoljning'], (d) => `triage.${d}` as const),
  },
  {
    id: 'assessment',
    kind: 'choice',
    label: 'case.field.assessment',
    required: true,
    hint: 'case.seriousHint',
    choices: choices(['mindre', 'allvarlig'], (a) => `assessment.${a}` as const),
  },
  { id: 'watchUntil', kind: 'date', label: 'case.field.watchUntil' },
  { id: 'comment', kind: 'multiline', label: 'case.field.comment', required: true, max: 2000 },
];

/** The classification fields the first assessment sets, for what the reporter left at "vet ej". */
const CLASSIFICATION_FIELDS = (ref: Reference, locale: Locale): Fields<typeof TriageInput> => [
  {
    id: 'cause',
    kind: 'choice',
    label: 'form.cause.label',
    required: true,
    choices: () => ref.causes.map((c) => ({ title: label(c, locale), value: c.id })),
  },
  {
    id: 'consequence',
    kind: 'choice',
    label: 'form.consequence.label',
    required: true,
    hint: 'form.consequence.hint',
    choices: choices(Consequence.options, (c) => `consequence.${c}` as const),
  },
  {
    id: 'severity',
    kind: 'choice',
    label: 'form.severity.label',
    required: true,
    hint: 'form.severity.hint',
    choices: choices(Severity.options, (s) => `severity.${s}` as const),
  },
];

/** For Annan vårdgivare: the register's provider the reporter meant (never the reporting unit). */
const RECEIVER_FIELD = (ref: Reference, c: Case): Fields<typeof TriageInput>[number] => ({
  id: 'receiver',
  kind: 'choice',
  label: 'case.field.receiver',
  required: true,
  choices: () =>
    ref.providers
      .filter((p) => p.id !== c.report.reporterUnit)
      .sort((a, b) => a.name.localeCompare(b.name, 'sv'))
      .map((p) => ({ title: p.name, value: p.id })),
});

/**
 * The first assessment's fields: the decision, the receiver if the reporter named one the
 * register lacks, and the classification the reporter did not know.
 */
export function triageFields(ctx: Pick<FormContext, 'ref' | 'c' | 'locale'>): Fields<typeof TriageInput> {
  const open = CLASSIFICATION_FIELDS(ctx.ref, ctx.locale).filter((f) => ctx.c.report[f.id as Classification] === undefined);
  const receiver = receiverKnown(ctx.c.report) ? [] : [RECEIVER_FIELD(ctx.ref, ctx.c)];
  return [...receiver, ...TRIAGE_FIELDS.slice(0, 2), ...open, ...TRIAGE_FIELDS.slice(2)];
}

export const GRADE_FIELDS: Fields<typeof GradeInput> = (['A', 'B', 'C', 'D', 'E'] as const).map((k) => ({
  id: k,
  kind: 'choice' as const,
  label: `grade.${k}` as const,
  required: true,
  choices: choices(['hog', 'mellan', 'lag'], (g) => `gradeValue.${g}` as const),
}));

/** The steps of the case's ladder this actor may record (the chooser shows no others). */
export function recordableSteps(ladder: Ladder, c: Case, actor: Actor): LadderStep[] {
  const track = trackSteps(ladder, c);
  return ladder.steps.filter((s) => s.id !== c.step && track.includes(s.id) && mayRecord(actor, recordedBy(ladder, s.decidedBy)));
}

/** The measures this actor may record, and those a contract must allow that the receiver has not. */
function measureChoices(ctx: FormContext): { available: Measure[]; noContract: Measure[] } {
  const { ladder } = ctx.ref;
  const mine = ladder.measures.filter((m) => mayRecord(ctx.actor, recordedBy(ladder, m.decidedBy)));
  const allowed = contractAllows(ladder, ctx.ref.provider(ctx.c.report.receiver));
  // Each measure on its own ladders (issue 31.1, 31.3): no final measure on the running ladder, no
  // anmodan or contract measure on the collaboration ladder.
  const inTrack = (m: Measure) => m.tracks.includes(ctx.c.track);
  return {
    available: mine.filter((m) => (!m.contract || allowed) && inTrack(m)),
    noContract: mine.filter((m) => m.contract && !allowed && inTrack(m)),
  };
}

const HANDOVER_FIELDS: Fields<typeof HandoverInput> = [
  {
    id: 'criteria',
    kind: 'checklist',
    label: 'case.field.criteria',
    required: true,
    hint: 'case.hint.criteria',
    choices: choices(HANDOVER_CRITERIA, (k) => `handover.criterion.${k}` as const),
  },
  { id: 'decisionDate', kind: 'date', label: 'case.field.decisionDate', required: true, hint: 'case.hint.decisionDate' },
  { id: 'diaryNumber', kind: 'text', label: 'case.field.diaryNumber', max: 60 },
  { id: 'presidiumInformed', kind: 'date', label: 'case.field.presidiumInformed', hint: 'case.hint.presidiumInformed' },
  { id: 'comment', kind: 'multiline', label: 'case.field.handoverComment', required: true, max: 2000 },
];

/**
 * One reason per skipped step, each named by the step (issue 31.3: no blanket skip). The ids are
 * skip_<step>, outside the input schema: parseAction reads and screens them.
 */
function skipFields(ctx: FormContext, steps: readonly string[]): FieldSpec<'skipReason'>[] {
  return steps.map((s) => ({
    id: skipField(s) as 'skipReason',
    kind: 'multiline',
    label: 'case.field.skipReasonFor',
    labelVars: { step: `${s} ${label(ctx.ref.ladder.steps.find((x) => x.id === s)?.name ?? { sv: '', en: '' }, ctx.locale)}`.trim() },
    required: true,
    max: 1000,
  }));
}

/** A step's fields: what that step needs documented, nothing else. */
export function stepFields(ctx: FormContext, to: string): Fields<typeof StepInput> {
  const { ladder } = ctx.ref;
  const step = ladder.steps.find((s) => s.id === to)!;
  const followUp = ladder.followUps[to];
  const board = step.boardDecision;
  const fields: Fields<typeof StepInput> = [{ id: 'comment', kind: 'multiline', label: 'case.field.comment', required: true, max: 2000 }];
  if (step.requiresContactNote)
    fields.push({ id: 'contactNote', kind: 'multiline', label: 'case.field.contactNote', required: true, max: 1000 });
  fields.push(...skipFields(ctx, skippedBy(ctx.c, ladder, to)));
  if (followUp) {
    fields.push({
      id: 'deadline',
      kind: 'date',
      label: 'case.field.deadline',
      required: true,
      min: addDays(ctx.today, 1),
      hint: followUp.minMonths ? 'case.hint.deadline' : undefined,
    });
    if (followUp.minMonths || followUp.maxMonths)
      fields.push({ id: 'confirmDeadline', kind: 'toggle', label: 'case.field.confirmDeadline' });
  }
  if (to === ladder.strategy.step) {
    fields.push({ id: 'purpose', kind: 'multiline', label: 'case.field.purpose', required: true, hint: 'case.hint.purpose', max: 1000 });
    fields.push({ id: 'strategy', kind: 'multiline', label: 'case.field.strategy', required: true, hint: 'case.hint.strategy', max: 2000 });
    fields.push({
      id: 'plannedMeasures',
      kind: 'multiline',
      label: 'case.field.plannedMeasures',
      required: true,
      hint: 'case.hint.plannedMeasures',
      max: 2000,
    });
  }
  if (followUp?.contactPerson)
    fields.push({ id: 'contactPerson', kind: 'text', label: 'case.field.contactPerson', required: true, max: 200 });
  if (step.requiresOutcome)
    fields.push({
      id: 'outcome',
      kind: 'choice',
      label: 'case.field.outcome',
      required: true,
      choices: choices(['genomford', 'delvis', 'ej-genomford'], (o) => `outcome.${o}` as const),
    });
  if (board) {
    fields.push({ id: 'boardDate', kind: 'date', label: 'case.field.boardDate', required: true, maxDate: ctx.today });
    fields.push({ id: 'diaryNumber', kind: 'text', label: 'case.field.diaryNumber', required: true, max: 60 });
  }
  return fields;
}

/** A measure's fields: the board's date and diary number, and a reason if steps are missing. */
export function measureFields(ctx: FormContext, measureId: string): Fields<typeof MeasureInput> {
  const { ladder } = ctx.ref;
  const m = ladder.measures.find((x) => x.id === measureId)!;
  const fields: Fields<typeof MeasureInput> = [
    { id: 'comment', kind: 'multiline', label: 'case.field.comment', required: true, max: 2000 },
  ];
  if (m.final) fields.push(...skipFields(ctx, missingBeforeFinal(ctx.c, ladder)));
  if (ladder.deciders.find((d) => d.id === m.decidedBy)?.boardDecision) {
    fields.push({ id: 'boardDate', kind: 'date', label: 'case.field.boardDate', required: true, maxDate: ctx.today });
    fields.push({ id: 'diaryNumber', kind: 'text', label: 'case.field.diaryNumber', required: true, max: 60 });
  }
  return fields;
}

export function closeFields(ctx: FormContext): Fields<typeof CloseInput> {
  const deep = ctx.c.track === 'fordjupad';
  return [
    {
      id: 'outcome',
      kind: 'choice',
      label: 'case.field.closeOutcome',
      required: true,
      choices: choices(['atgardad', 'ej-befogad', 'ovrigt'], (o) => `closeOutcome.${o}` as const),
    },
    { id: 'summary', kind: 'multiline', label: 'case.field.summary', required: true, max: 2000 },
    { id: 'feedback', kind: 'multiline', label: 'case.field.feedback', required: true, max: 1000 },
    ...(deep
      ? [
          {
            id: 'endedBy' as const,
            kind: 'choice' as const,
            label: 'case.field.endedBy' as const,
            required: true,
            choices: choices(['lopande', 'havning'], (o) => `endedBy.${o}` as const),
          },
        ]
      : []),
  ];
}

export interface FormState {
  values?: Record<string, string>;
  errors?: Record<string, string>;
  notice?: string;
}

const ref = (c: Case) => ({ caseId: c.id, version: String(c.version) });

/** The chooser before a step or a measure form: one choice, then that one's fields. */
function chooser(ctx: FormContext, kind: 'step' | 'measure', state: FormState): FormView {
  const tr = translator(ctx.locale);
  const { ladder } = ctx.ref;
  const deciderName = (id: string) => label(ladder.deciders.find((d) => d.id === id) ?? { sv: id, en: id }, ctx.locale);
  const options =
    kind === 'step'
      ? recordableSteps(ladder, ctx.c, ctx.actor).map((s) => ({
          title: `${label(s.name, ctx.locale)} (${s.id} · ${deciderName(s.decidedBy)})`,
          value: s.id,
        }))
      : measureChoices(ctx).available.map((m) => ({ title: `${label(m.name, ctx.locale)} (${deciderName(m.decidedBy)})`, value: m.id }));
  const id = kind === 'step' ? 'to' : 'measure';
  const noContract = kind === 'measure' ? measureChoices(ctx).noContract : [];
  const why = noContract.length
    ? tr('measure.notOffered', {
        // One sentence: the first name as it is, the others in lower case ("Återkrav, sanktion och vite och hävning").
        measures: wordList(
          noContract.map((m, i) => (i === 0 ? label(m.name, ctx.locale) : label(m.name, ctx.locale).toLowerCase())),
          tr,
        ),
        provider: ctx.ref.provider(ctx.c.report.receiver)?.name ?? '',
      })
    : '';
  const track = trackOf(ladder, ctx.c)!;
  return {
    title: tr(kind === 'step' ? 'case.step' : 'case.measure'),
    intro: [`${ctx.c.number} · ${label(track, ctx.locale)}`, why].filter(Boolean).join('\n\n'),
    notice: state.notice,
    fields: [
      { id, kind: 'choice', label: kind === 'step' ? 'case.field.to' : 'case.field.measure', required: true, choices: () => options },
    ],
    values: state.values,
    errors: state.errors,
    submit: { title: tr('case.continue'), verb: CASE_VERBS.form, data: { ...ref(ctx.c), form: kind } },
    back: { title: tr('case.back'), verb: CASE_VERBS.show, data: { caseId: ctx.c.id } },
  };
}

/** The forms with fixed fields: their title, intro, fields and verb. */
function plainForm(ctx: FormContext, kind: Exclude<FormKind, 'step' | 'measure'>) {
  const tr = translator(ctx.locale);
  const n = ctx.c.number;
  const forms = {
    triage: {
      title: tr('case.triage'),
      intro: receiverKnown(ctx.c.report) ? n : `${n} · ${tr('case.receiverHint', { name: ctx.c.report.otherReceiver ?? '' })}`,
      fields: triageFields(ctx),
      verb: CASE_VERBS.triage,
      values: {},
    },
    grade: { title: tr('case.grade'), intro: n, fields: GRADE_FIELDS, verb: CASE_VERBS.grade, values: { ...ctx.c.grades } },
    handover: {
      title: tr('case.handover'),
      intro: tr('case.handoverIntro', { number: n }),
      fields: HANDOVER_FIELDS,
      verb: CASE_VERBS.handover,
      values: {},
    },
    close: { title: tr('case.close'), intro: n, fields: closeFields(ctx), verb: CASE_VERBS.close, values: {} },
  } satisfies Record<
    typeof kind,
    { title: string; intro: string; fields: readonly FieldSpec[]; verb: string; values: Record<string, string> }
  >;
  return forms[kind];
}

/** The form card for an action; for a step or measure, its chooser until one is chosen. */
export function actionForm(ctx: FormContext, kind: FormKind, chosen: string | undefined, state: FormState = {}): FormView {
  const tr = translator(ctx.locale);
  const { ladder } = ctx.ref;
  const back = { title: tr('case.back'), verb: CASE_VERBS.show, data: { caseId: ctx.c.id } };
  const base = { notice: state.notice, values: state.values, errors: state.errors, back };
  const save = (verb: string, data: Record<string, string> = {}) => ({ title: tr('case.save'), verb, data: { ...ref(ctx.c), ...data } });
  if (kind === 'step') {
    const step = chosen ? ladder.steps.find((s) => s.id === chosen) : undefined;
    if (!step) return chooser(ctx, 'step', state);
    const intro = `${ctx.c.number} · ${label(step.name, ctx.locale)}: ${label(step.description, ctx.locale)}`;
    return { ...base, title: tr('case.step'), intro, fields: stepFields(ctx, step.id), submit: save(CASE_VERBS.step, { to: step.id }) };
  }
  if (kind === 'measure') {
    const m = chosen ? ladder.measures.find((x) => x.id === chosen) : undefined;
    if (!m) return chooser(ctx, 'measure', state);
    const intro = `${ctx.c.number} · ${label(m.name, ctx.locale)}`;
    return {
      ...base,
      title: tr('case.measure'),
      intro,
      fields: measureFields(ctx, m.id),
      submit: save(CASE_VERBS.measure, { measure: m.id }),
    };
  }
  const form = plainForm(ctx, kind);
  return {
    ...base,
    title: form.title,
    intro: form.intro,
    fields: form.fields,
    values: { ...form.values, ...state.values },
    submit: save(form.verb),
  };
}
