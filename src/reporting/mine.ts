// `mina avvikelser`: the reporter's own reports, their status and what happened. A reporter sees
// their own report and the events marked for them; someone whose report was added to another's
// case sees their own report and the case's status, never the other report.
import { z } from 'zod/v4';
import { RecordId } from '../core/ids.js';
import { translator } from '../core/i18n/index.js';
import { newCard, replaceForInteractor, say } from '../core/reply.js';
import type { Handler } from '../core/turn.js';
import type { ReportingDeps } from './report.js';
import { todayOf } from '../core/clock.js';
import { answerSummary } from '../answers/summary.js';

const CaseRef = z.object({ caseId: RecordId });

export function myReports(deps: ReportingDeps): Handler {
  return async (turn) => newCard(deps.cards.mine(turn.locale, await deps.service.reportedBy(turn.actor.userId), turn.actor.userId));
}

/** The list again, in place of the card the button was on. */
export function myReportsAgain(deps: ReportingDeps): Handler {
  return async (turn) =>
    replaceForInteractor(deps.cards.mine(turn.locale, await deps.service.reportedBy(turn.actor.userId), turn.actor.userId));
}

export function showMine(deps: ReportingDeps): Handler {
  return async (turn) => {
    const ref = CaseRef.safeParse(turn.data);
    const c = ref.success ? await deps.stores.cases.load(ref.data.caseId) : undefined;
    const own = c && deps.service.ownReport(c, turn.actor.userId);
    if (!c || !own) return say(translator(turn.locale)('detail.notFound'));
    const answer = answerSummary(deps.answerCards, deps.reference, c, deps.stores.answers.get(c.id), turn.locale, todayOf(turn))?.status;
    return replaceForInteractor(deps.cards.detail(turn.locale, c, own, answer));
  };
}
