// When the receiving provider's answer is due (data/reference/answers.json): a local routine the
// region decides (Göteborg's 60 days today), by agreement area, else by the receiver's kind.
import { addDays } from '../core/clock.js';
import type { Reference } from '../core/refdata.js';
import type { Report } from '../cases/model.js';

export function answerDays(ref: Pick<Reference, 'answers' | 'provider'>, report: Pick<Report, 'agreement' | 'receiver'>): number {
  const p = ref.answers;
  const byAgreement = report.agreement ? p.byAgreement[report.agreement] : undefined;
  const kind = ref.provider(report.receiver)?.kind;
  return byAgreement ?? (kind ? p.byProviderKind[kind] : undefined) ?? p.defaultDays;
}

/** The answer's due date for a report made today (a Swedish calendar date). */
export const answerDueDate = (
  ref: Pick<Reference, 'answers' | 'provider'>,
  report: Pick<Report, 'agreement' | 'receiver'>,
  today: string,
): string => addDays(today, answerDays(ref, report));
