// When the receiving provider's answer is due (data/reference/answers.json), and whose rule that
// is. The documents set no deadline for the answer (000_…, 001_… ask for feedback, not a date):
// it is a local routine, per delregion where one is known (Göteborgsområdet's 60 days), else
// the region's default; an agreement area or a receiver kind may set its own.
import { addDays } from '../core/clock.js';
import { formatDate } from '../core/format.js';
import type { Locale } from '../core/i18n/index.js';
import type { Reference } from '../core/refdata.js';
import type { Report } from '../cases/model.js';

type Policy = Pick<Reference, 'answers' | 'provider'>;
type Parties = Pick<Report, 'agreement' | 'receiver' | 'reporterUnit'>;

export interface AnswerRule {
  days: number;
  /** Whose rule it is, as the cards name it. */
  rule: { sv: string; en: string };
}

/** The delregion whose routine applies: the municipality's side of the case (the reporter's first). */
function delregionOf(ref: Pick<Reference, 'provider'>, report: Parties): string | undefined {
  const sides = [ref.provider(report.reporterUnit), ref.provider(report.receiver)];
  return sides.find((p) => p?.kind === 'kommun' && p.delregion)?.delregion;
}

export function answerRule(ref: Policy, report: Parties): AnswerRule {
  const p = ref.answers;
  const byAgreement = report.agreement ? p.byAgreement[report.agreement] : undefined;
  if (byAgreement !== undefined) return { days: byAgreement, rule: p.agreementRule };
  const routine = p.byDelregion[delregionOf(ref, report) ?? ''];
  if (routine) return { days: routine.days, rule: { sv: routine.sv, en: routine.en } };
  const kind = ref.provider(report.receiver)?.kind;
  const byKind = kind ? p.byProviderKind[kind] : undefined;
  return { days: byKind ?? p.defaultDays, rule: p.defaultRule };
}

export const answerDays = (ref: Policy, report: Parties): number => answerRule(ref, report).days;

/** The answer's due date for a report made today (a Swedish calendar date). */
export const answerDueDate = (ref: Policy, report: Parties, today: string): string => addDays(today, answerDays(ref, report));

/** The due date as the cards show it, with whose rule it is ("4 feb. 2027 (Göteborgsområdets rutin, 60 dagar)"). */
export const answerDueText = (ref: Policy, report: Parties, due: string, locale: Locale): string =>
  `${formatDate(due, locale)} (${answerRule(ref, report).rule[locale]})`;
