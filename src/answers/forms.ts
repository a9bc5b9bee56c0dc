// The answer loop's forms, declared once as field specs keyed by the zod inputs (actions.ts):
// a message in the thread, the investigation and answer, the reporting side's verdict, and the
// effect of a measure on its date.
import type { FieldSpec, FormView } from '../core/forms.js';
import { translator, type Locale, type MessageKey } from '../core/i18n/index.js';
import type { Case } from '../cases/model.js';
import type { AnswerRecord } from './model.js';
import { ANSWER_VERBS } from './verbs.js';

export type AnswerForm = 'message' | 'answer' | 'verdict' | 'effect' | 'forward' | 'lesson';

const choices =
  <K extends string>(ids: readonly K[], key: (id: K) => MessageKey) =>
  (tr: (k: MessageKey) => string) =>
    ids.map((id) => ({ title: tr(key(id)), value: id }));

const MESSAGE_FIELDS: FieldSpec[] = [
  { id: 'text', kind: 'multiline', label: 'answer.field.message', required: true, max: 2000, hint: 'answer.hint.noIdentity' },
];

type Choices = readonly { title: string; value: string }[];

function answerFields(rows: number, today: string, causes: Choices): FieldSpec[] {
  const measureRows = Array.from({ length: rows }, (_, i) => i + 1).flatMap((i): FieldSpec[] => [
    { id: `measure${i}`, kind: 'text', label: 'answer.field.measure', max: 500, hint: i === 1 ? 'answer.hint.measure' : undefined },
    {
      id: `owner${i}`,
      kind: 'choice',
      label: 'answer.field.owner',
      choices: choices(['mottagare', 'chef'] as const, (o) => `answer.owner.${o}` as const),
    },
    { id: `due${i}`, kind: 'date', label: 'answer.field.due', min: today },
  ]);
  return [
    {
      id: 'whatHappened',
      kind: 'multiline',
      label: 'answer.field.whatHappened',
      required: true,
      max: 3000,
      hint: 'answer.hint.noIdentity',
    },
    // Coded with the reference causes, so the county can count them beside the reporter's first guess (issue 35.1).
    {
      id: 'causes',
      kind: 'checklist',
      label: 'answer.field.causes',
      required: true,
      hint: 'answer.hint.causes',
      choices: () => [...causes],
    },
    { id: 'cause', kind: 'multiline', label: 'answer.field.cause', required: true, max: 2000 },
    ...measureRows,
    { id: 'answer', kind: 'multiline', label: 'answer.field.answer', required: true, max: 3000, hint: 'answer.hint.answer' },
  ];
}

const VERDICT_FIELDS: FieldSpec[] = [
  {
    id: 'accepted',
    kind: 'choice',
    label: 'answer.field.accepted',
    required: true,
    choices: choices(['ja', 'nej'] as const, (v) => `answer.accepted.${v}` as const),
  },
  { id: 'reason', kind: 'multiline', label: 'answer.field.reason', max: 2000, hint: 'answer.hint.reason' },
];

/** Sharing a measure that worked as a lärdom: its words for everyone, and whether the receiver may be named. */
export const LESSON_FIELDS: FieldSpec[] = [
  { id: 'text', kind: 'multiline', label: 'lesson.field.text', required: true, max: 500, hint: 'lesson.hint.text' },
  { id: 'effect', kind: 'multiline', label: 'lesson.field.effect', required: true, max: 500 },
  { id: 'named', kind: 'toggle', label: 'lesson.field.named' },
];

export const EFFECT_FIELDS: FieldSpec[] = [
  {
    id: 'result',
    kind: 'choice',
    label: 'answer.field.effect',
    required: true,
    choices: choices(['ja', 'delvis', 'nej'] as const, (v) => `answer.effect.${v}` as const),
  },
  { id: 'comment', kind: 'multiline', label: 'answer.field.effectComment', required: true, max: 1000 },
];

/** Forwarding a misaddressed report: to which provider or unit of the register, and why. */
const forwardFields = (receivers: readonly { title: string; value: string }[]): FieldSpec[] => [
  { id: 'receiver', kind: 'choice', label: 'answer.field.forwardTo', required: true, choices: () => [...receivers] },
  { id: 'reason', kind: 'multiline', label: 'answer.field.forwardReason', required: true, max: 1000, hint: 'answer.hint.forwardReason' },
];

/** Sharing a measure that worked: its own words and its effect to start from. */
function lessonForm(
  tr: (k: MessageKey, v?: Record<string, string>) => string,
  c: Case,
  a: AnswerRecord | undefined,
  base: Pick<FormView, 'notice' | 'errors' | 'back'>,
  state: { values?: Record<string, string> },
  measureId: string | undefined,
): FormView {
  const m = a?.investigation?.measures.find((x) => x.id === measureId);
  return {
    ...base,
    title: tr('lesson.form'),
    intro: tr('lesson.formIntro', { number: c.number }),
    fields: LESSON_FIELDS,
    values: { text: m?.text ?? '', effect: m?.effect?.comment ?? '', ...state.values },
    submit: { title: tr('lesson.share'), verb: ANSWER_VERBS.share, data: { caseId: c.id, measureId: measureId ?? '' } },
  };
}

/** Forwarding's form: its intro says what happens on submit. */
function forwardForm(
  tr: (k: MessageKey, v?: Record<string, string>) => string,
  c: Case,
  base: Pick<FormView, 'notice' | 'errors' | 'back'>,
  state: { values?: Record<string, string> },
  receivers: readonly { title: string; value: string }[],
): FormView {
  return {
    ...base,
    title: tr('answer.form.forward'),
    intro: tr('answer.form.forwardIntro', { number: c.number }),
    fields: forwardFields(receivers),
    values: state.values,
    submit: { title: tr('answer.button.forward'), verb: ANSWER_VERBS.forward, data: { caseId: c.id } },
  };
}

export interface AnswerFormState {
  values?: Record<string, string>;
  errors?: Record<string, string>;
  notice?: string;
}

/** The values a revised answer starts from: the one sent before. */
function previous(a: AnswerRecord | undefined): Record<string, string> {
  if (!a?.investigation || !a.answer) return {};
  const rows = a.investigation.measures.flatMap((m, i) => [
    [`measure${i + 1}`, m.text],
    [`owner${i + 1}`, m.owner],
    [`due${i + 1}`, m.due],
  ]);
  const inv = a.investigation;
  return {
    whatHappened: inv.whatHappened,
    causes: inv.causes.join(','),
    cause: inv.cause,
    answer: a.answer.text,
    ...Object.fromEntries(rows),
  };
}

export function answerForm(
  locale: Locale,
  kind: AnswerForm,
  c: Case,
  a: AnswerRecord | undefined,
  opts: { today: string; maxMeasures: number; measureId?: string; receivers?: Choices; causes?: Choices },
  state: AnswerFormState = {},
): FormView {
  const tr = translator(locale);
  const ref = { caseId: c.id };
  const back = { title: tr('case.back'), verb: ANSWER_VERBS.show, data: ref };
  const base = { notice: state.notice, errors: state.errors, back };
  switch (kind) {
    case 'message':
      return {
        ...base,
        title: tr('answer.form.message'),
        intro: c.number,
        fields: MESSAGE_FIELDS,
        values: state.values,
        submit: { title: tr('answer.send'), verb: ANSWER_VERBS.post, data: ref },
      };
    case 'answer':
      return {
        ...base,
        title: tr('answer.form.answer'),
        intro: tr('answer.form.answerIntro', { number: c.number, max: opts.maxMeasures }),
        fields: answerFields(opts.maxMeasures, opts.today, opts.causes ?? []),
        values: { ...previous(a), ...state.values },
        submit: { title: tr('answer.sendAnswer'), verb: ANSWER_VERBS.answer, data: ref },
      };
    case 'verdict':
      return {
        ...base,
        title: tr('answer.form.verdict'),
        intro: c.number,
        fields: VERDICT_FIELDS,
        values: state.values,
        submit: { title: tr('case.save'), verb: ANSWER_VERBS.judge, data: ref },
      };
    case 'forward':
      return forwardForm(tr, c, base, state, opts.receivers ?? []);
    case 'lesson':
      return lessonForm(tr, c, a, base, state, opts.measureId);
    case 'effect': {
      const m = a?.investigation?.measures.find((x) => x.id === opts.measureId);
      return {
        ...base,
        title: tr('answer.form.effect'),
        intro: `${c.number} · ${m?.text ?? ''}`,
        fields: EFFECT_FIELDS,
        values: state.values,
        submit: { title: tr('case.save'), verb: ANSWER_VERBS.effect, data: { ...ref, measureId: opts.measureId ?? '' } },
      };
    }
  }
}
