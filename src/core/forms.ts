// One form card for every small form (a case action, a light override, a value, a postponed
// date): the fields a form shows are declared once, as specs keyed by the fields of the zod
// schema that parses its submit; a refusal comes back next to its field with the input kept.
import type { CardRenderer } from './cards.js';
import { isMessageKey, translator, type Locale, type MessageKey, type T } from './i18n/index.js';
import type { Card } from './turn.js';

type FieldKind = 'text' | 'multiline' | 'date' | 'choice' | 'checklist' | 'toggle';

interface Choice {
  title: string;
  value: string;
}

export interface FieldSpec<K extends string = string> {
  id: K;
  kind: FieldKind;
  label: MessageKey;
  /** What the label names (the step a skip reason is for). */
  labelVars?: Record<string, string>;
  required?: boolean;
  hint?: MessageKey;
  /** Characters for text, the latest day for a date is not set here (see min). */
  max?: number;
  /** Earliest date (YYYY-MM-DD) a date field offers. */
  min?: string;
  /** Latest date (YYYY-MM-DD) a date field offers. */
  maxDate?: string;
  choices?: (tr: T) => Choice[];
}

interface FormAction {
  title: string;
  verb: string;
  data: Record<string, string>;
}

export interface FormView {
  title: string;
  /** A line under the title (what the form is about). */
  intro?: string;
  /** A message for the whole form (a conflict, a refusal that has no field). */
  notice?: string;
  /** Done-message shown in green (after a save). */
  done?: string;
  fields: readonly FieldSpec[];
  values?: Record<string, string>;
  /** Messages next to fields, by field id (already in the user's language). */
  errors?: Record<string, string>;
  submit: FormAction;
  back?: FormAction;
}

/** The form as a card: required fields marked, each error under its field, input kept. */
export function renderForm(cards: CardRenderer, locale: Locale, view: FormView): Card {
  const tr = translator(locale);
  const fields = view.fields.map((f) => ({
    id: f.id,
    kind: f.kind,
    // Hosts mark a required input themselves (a red *): the label does not repeat it.
    label: tr(f.label, f.labelVars),
    value: view.values?.[f.id] ?? '',
    hint: f.hint ? tr(f.hint) : '',
    error: view.errors?.[f.id] ?? '',
    required: Boolean(f.required),
    requiredMessage: tr('form.error.required'),
    max: f.max ?? 2000,
    min: f.min ?? '',
    maxDate: f.maxDate ?? '',
    choices: f.choices?.(tr) ?? [],
    placeholder: f.kind === 'choice' ? tr('form.placeholder.choose') : f.kind === 'date' ? tr('form.placeholder.date') : '',
    on: tr('form.toggle.yes'),
  }));
  return cards.render('form', {
    title: view.title,
    intro: view.intro ?? '',
    notice: view.notice ?? '',
    done: view.done ?? '',
    requiredNote: view.fields.some((f) => f.required) ? tr('form.requiredNote') : '',
    fields,
    submit: view.submit,
    back: view.back ? [view.back] : [],
  });
}

/**
 * The message for the first zod issue of each field, in the user's language: a catalogue key
 * the schema set (e.g. field.identity), else one by the kind of issue.
 */
export function fieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[],
  tr: T,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '');
    if (!field || errors[field]) continue;
    const key: MessageKey = isMessageKey(issue.message)
      ? issue.message
      : issue.code === 'too_big'
        ? 'form.error.tooLong'
        : issue.code === 'too_small'
          ? 'form.error.required'
          : 'form.error.invalid';
    errors[field] = tr(key);
  }
  return errors;
}

/** The text inputs of a submit, as strings, each capped (to show them again as typed). */
export function keptValues(data: unknown, fields: readonly FieldSpec[]): Record<string, string> {
  const raw = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const f of fields) if (typeof raw[f.id] === 'string') out[f.id] = (raw[f.id] as string).slice(0, 2000);
  return out;
}
