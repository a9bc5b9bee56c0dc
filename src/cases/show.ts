// Opening a case: the full card where it may be shown, else a short notice that opens it in
// the user's personal chat. The refused attempts on a case come from the audit service.
import { z } from 'zod/v4';
import { todayOf } from '../core/clock.js';
import type { CapabilityDeps } from '../deps.js';
import { translator } from '../core/i18n/index.js';
import { replaceForInteractor, say } from '../core/reply.js';
import type { Card, RecordHandler, Turn } from '../core/turn.js';
import { visibleHere } from './access.js';
import type { CaseCards, CaseCardState } from './cards.js';
import type { Case } from './model.js';
import type { AnswerCards } from '../answers/cards.js';
import { answerSummary } from '../answers/summary.js';
import { causesOf, lessonFact, lessonsFor } from '../answers/lessons.js';

export interface CaseViewDeps extends Pick<
  CapabilityDeps<'cases' | 'answers' | 'lessons' | 'lights'>,
  'stores' | 'registry' | 'audit' | 'reference' | 'profiles' | 'directory'
> {
  cards: CaseCards;
  answerCards: AnswerCards;
}

const From = z.object({ filter: z.string().max(100), page: z.string().regex(/^\d{1,5}$/) });

export function caseCard(deps: CaseViewDeps, turn: Turn, c: Case, state: CaseCardState = {}): Card {
  const refused = deps.audit.forCase(c.id).filter((a) => a.action === 'refused');
  const a = deps.stores.answers.get(c.id);
  const answer = answerSummary(deps.answerCards, deps.reference, c, a, turn.locale, todayOf(turn));
  // What worked for similar deviations, offered to the officer who opens the case (issue 35.3).
  const lessons = lessonsFor(deps.stores.lessons.all(), c.report.category, causesOf(c, a))
    .filter((l) => l.caseId !== c.id)
    .map((l) => lessonFact(deps.reference, translator(turn.locale), turn.locale, l));
  return deps.cards.caseCard(turn.locale, c, turn.actor, todayOf(turn), refused, { answer, lessons, ...state });
}

export function showCase(deps: CaseViewDeps): RecordHandler<Case> {
  return async (turn, c) => {
    if (!visibleHere(deps, turn, c)) return replaceForInteractor(deps.cards.elsewhere(turn.locale, c));
    const from = From.safeParse(turn.data);
    return replaceForInteractor(caseCard(deps, turn, c, { from: from.success ? from.data : undefined }));
  };
}

/** From a channel: the full card goes to the user's personal chat, the channel hears where. */
export function openPrivately(deps: CaseViewDeps): RecordHandler<Case> {
  return async (turn, c) => {
    const card = caseCard(deps, turn, { ...c });
    return {
      ...say(translator(turn.locale)('case.sentToPersonal', { number: c.number })),
      notify: [{ to: { kind: 'user', userId: turn.actor.userId }, message: { card } }],
    };
  };
}
