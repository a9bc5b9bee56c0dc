// The answer as the follow-up team reads it on the case card: where it stands and, when the
// answer was not accepted or is late, the suggested next step (a suggestion; a human decides).
import { translator, type Locale } from '../core/i18n/index.js';
import type { Reference } from '../core/refdata.js';
import type { Case } from '../cases/model.js';
import type { AnswerCards } from './cards.js';
import type { AnswerRecord } from './model.js';
import { suggestedStep } from './rules.js';
import { trackSteps } from '../cases/rules/common.js';

export interface AnswerSummary {
  status: string;
  /** Present when the team should consider the ladder: not accepted, or no answer by the date. */
  suggestion?: { reason: string; step: string };
}

export function suggestionText(ref: Pick<Reference, 'ladder'>, c: Case, locale: Locale): string {
  const tr = translator(locale);
  const steps = trackSteps(ref.ladder, c);
  const next = suggestedStep(c, steps);
  const step = ref.ladder.steps.find((s) => s.id === next);
  return next === 'triage' ? tr('case.triage') : step ? `${step.name[locale]} (${step.id})` : tr('answer.noSuggestion');
}

export function answerSummary(
  cards: AnswerCards,
  ref: Pick<Reference, 'ladder'>,
  c: Case,
  a: AnswerRecord | undefined,
  locale: Locale,
  today: string,
): AnswerSummary | undefined {
  if (!c.answerLoop) return undefined;
  const tr = translator(locale);
  const status = cards.statusLine(tr, locale, c, a, today);
  const notAccepted = a?.verdict && !a.verdict.accepted;
  const late = !a?.answer && c.answerDue < today;
  if (c.status === 'avslutad' || (!notAccepted && !late)) return { status };
  const reason = notAccepted ? tr('answer.why.notAccepted', { reason: a.verdict!.reason ?? '' }) : tr('answer.why.late');
  return { status, suggestion: { reason, step: suggestionText(ref, c, locale) } };
}
