// Who hears of what in the answer loop, each in their own language: the receiving side (the
// mottagare of the receiving provider), the reporting side (the reporter, those whose reports
// were added, and the chef of the reporting unit) and the follow-up team for the case's
// providers (named in their own scope; else the team leads for the whole county).
import { classificationLabels, receiverName } from '../cases/labels.js';
import type { CapabilityDeps } from '../deps.js';
import { translator, type Locale, type MessageKey } from '../core/i18n/index.js';
import type { Card, Notification } from '../core/turn.js';
import { receiverKnown, type Case } from '../cases/model.js';
import type { AnswerCards } from './cards.js';
import { answerDueText } from './policy.js';

export type NotifyDeps = Pick<CapabilityDeps, 'directory' | 'registry' | 'profiles'> & { answerCards: AnswerCards };

export const receivingSide = (deps: NotifyDeps, c: Case): string[] => deps.directory.actingFor(['mottagare'], c.report.receiver);

export const reportingSide = (deps: NotifyDeps, c: Case): string[] => [
  ...new Set([c.reporter.userId, ...c.linked.map((l) => l.reporter.userId), ...deps.directory.actingFor(['chef'], c.report.reporterUnit)]),
];

export function followUpTeam(deps: NotifyDeps, c: Case): string[] {
  const named = [
    ...new Set([c.report.receiver, c.report.reporterUnit].flatMap((p) => deps.directory.actingFor(['handlaggare', 'teamledare'], p))),
  ];
  if (named.length) return named;
  return deps.directory.usersWith('teamledare').filter((u) => deps.directory.actor(u, '').providers.includes('*'));
}

/** One notice per user, in the user's language; `except` (the one who acted) hears nothing. */
export function tell(
  deps: NotifyDeps,
  c: Case,
  users: readonly string[],
  title: MessageKey,
  facts: (tr: ReturnType<typeof translator>, locale: Locale) => { title: string; value: string }[] = () => [],
  except?: string,
): Notification[] {
  return [...new Set(users)]
    .filter((u) => u !== except)
    .map((userId) => {
      const locale = deps.profiles.localeOf(userId);
      const tr = translator(locale);
      const card: Card = deps.answerCards.notice(locale, c, tr(title, { number: c.number }), facts(tr, locale));
      return { to: { kind: 'user', userId }, message: { card } };
    });
}

/**
 * A new deviation: the receiving provider's mottagare hear of it in their personal chat; for a
 * receiver not in the register, the follow-up team, who map it at the first assessment.
 */
export function newDeviationNotices(deps: NotifyDeps & { reference: CapabilityDeps['reference'] }, c: Case): Notification[] {
  if (!receiverKnown(c.report))
    return tell(deps, c, followUpTeam(deps, c), 'answer.notice.unmapped', (tr) => [
      { title: tr('fact.to'), value: receiverName(deps.reference, tr, c.report) },
    ]);
  return tell(deps, c, receivingSide(deps, c), 'answer.notice.new', (tr, locale) => [
    { title: tr('fact.category'), value: classificationLabels(deps.reference, tr, locale, c.report).category },
    { title: tr('fact.severity'), value: classificationLabels(deps.reference, tr, locale, c.report).severity },
    { title: tr('fact.answerDue'), value: answerDueText(deps.reference, c.report, c.answerDue, locale) },
  ]);
}
