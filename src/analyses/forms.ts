// The analysis's forms, one per step, declared as field specs keyed by the zod inputs (rules.ts);
// the effect and the lärdom are the answer loop's own fields, so they read the same everywhere.
import type { FieldSpec, FormView } from '../core/forms.js';
import type { MessageKey, T } from '../core/i18n/index.js';
import { EFFECT_FIELDS, LESSON_FIELDS } from '../answers/forms.js';
import type { Analysis } from './model.js';
import { ANALYSIS_VERBS } from './verbs.js';

export type StepForm = 'event' | 'factor' | 'measure' | 'conclusion' | 'effect' | 'lesson';
type Choices = readonly { title: string; value: string }[];

const fixed = (tr: T, ids: readonly string[], key: (id: string) => MessageKey) => ids.map((id) => ({ title: tr(key(id)), value: id }));

function fields(form: StepForm, today: string, causes: Choices): readonly FieldSpec[] {
  switch (form) {
    case 'event':
      return [
        { id: 'date', kind: 'date', label: 'analysis.field.date', required: true, maxDate: today },
        { id: 'text', kind: 'multiline', label: 'analysis.field.event', required: true, max: 1000, hint: 'answer.hint.noIdentity' },
      ];
    case 'factor':
      return [
        { id: 'cause', kind: 'choice', label: 'analysis.field.cause', required: true, choices: () => [...causes] },
        {
          id: 'kind',
          kind: 'choice',
          label: 'analysis.field.kind',
          required: true,
          choices: (tr) => fixed(tr, ['orsak', 'bidragande'], (k) => `analysis.kind.${k as 'orsak'}`),
        },
        { id: 'text', kind: 'multiline', label: 'analysis.field.factor', required: true, max: 1000, hint: 'answer.hint.noIdentity' },
      ];
    case 'measure':
      return [
        { id: 'text', kind: 'text', label: 'answer.field.measure', required: true, max: 500, hint: 'answer.hint.measure' },
        {
          id: 'owner',
          kind: 'choice',
          label: 'answer.field.owner',
          required: true,
          choices: (tr) => fixed(tr, ['mottagare', 'chef'], (o) => `answer.owner.${o as 'chef'}`),
        },
        { id: 'due', kind: 'date', label: 'answer.field.due', required: true, min: today },
      ];
    case 'conclusion':
      return [
        { id: 'text', kind: 'multiline', label: 'analysis.field.conclusion', required: true, max: 3000, hint: 'analysis.hint.conclusion' },
      ];
    case 'effect':
      return EFFECT_FIELDS;
    case 'lesson':
      return LESSON_FIELDS;
  }
}

const VERB: Record<StepForm, string> = {
  event: ANALYSIS_VERBS.event,
  factor: ANALYSIS_VERBS.factor,
  measure: ANALYSIS_VERBS.measure,
  conclusion: ANALYSIS_VERBS.conclude,
  effect: ANALYSIS_VERBS.effect,
  lesson: ANALYSIS_VERBS.share,
};

/** A step's form; after a refused submit, with the notice and the errors next to their fields. */
export function stepForm(
  tr: T,
  a: Analysis,
  form: StepForm,
  opts: { today: string; causes: Choices; measureId?: string },
  state: { values?: Record<string, string>; errors?: Record<string, string>; notice?: string } = {},
): FormView {
  const ref = { analysisId: a.id };
  const m = a.measures.find((x) => x.id === opts.measureId);
  const start: Record<string, string> = form === 'lesson' && m ? { text: m.text, effect: m.effect?.comment ?? '' } : {};
  return {
    title: tr(`analysis.form.${form}`),
    intro: m ? `${a.id} · ${m.text}` : a.id,
    notice: state.notice,
    errors: state.errors,
    fields: fields(form, opts.today, opts.causes),
    values: { ...start, ...state.values },
    submit: { title: tr(form === 'lesson' ? 'lesson.share' : 'case.save'), verb: VERB[form], data: m ? { ...ref, measureId: m.id } : ref },
    back: { title: tr('case.back'), verb: ANALYSIS_VERBS.show, data: ref },
  };
}

/** The start form: the channel it is held in (one linked to the cases' organisations, or this one). */
export function startForm(
  tr: T,
  intro: string,
  data: Record<string, string>,
  channels: Choices,
  state: { notice?: string } = {},
): FormView {
  return {
    title: tr('analysis.form.start'),
    intro,
    notice: state.notice,
    fields: [
      {
        id: 'channel',
        kind: 'choice',
        label: 'analysis.field.channel',
        required: true,
        hint: 'analysis.hint.channel',
        choices: () => [...channels],
      },
    ],
    values: channels.length === 1 ? { channel: channels[0]!.value } : {},
    submit: { title: tr('analysis.start'), verb: ANALYSIS_VERBS.create, data },
  };
}
