// Reporting: `ny avvikelse`, `mina avvikelser`, and the form's verbs, all in the personal chat.
import type { CapabilityDeps, Collection } from '../deps.js';
import type { Capability } from '../core/turn.js';
import { ReportingCards } from './cards.js';
import { myReports, myReportsAgain, showMine } from './mine.js';
import { createNew, joinableCase, linkToCase, openForm, submitReport, type ReportingDeps } from './report.js';
import { ReportingService } from './service.js';
import { REPORTING_VERBS as V } from './verbs.js';
import { AnswerCards } from '../answers/cards.js';
import { newDeviationNotices } from '../answers/notify.js';
import { answerDueDate } from '../answers/policy.js';
import { trackFor } from '../cases/rules/common.js';

/** The collections reporting reads and writes: the cases it registers, their answers (mina avvikelser). */
export const REPORTING_STORES = ['cases', 'answers'] as const satisfies readonly Collection[];

export function reportingCapability(deps: CapabilityDeps<(typeof REPORTING_STORES)[number]>): Capability & { service: ReportingService } {
  const service = new ReportingService(
    deps.stores.cases,
    deps.stores,
    (report, today) => answerDueDate(deps.reference, report, today),
    (report) => trackFor(deps.reference.ladder, deps.reference.provider(report.receiver)),
  );
  const answerCards = new AnswerCards(deps.cards, deps.reference);
  const r: ReportingDeps = {
    ...deps,
    service,
    cards: new ReportingCards(deps.cards, deps.reference),
    receivers: (c) => newDeviationNotices({ ...deps, answerCards }, c),
    answerCards,
  };
  return {
    name: 'reporting',
    service,
    routes: [
      {
        kind: 'command',
        name: 'report',
        words: ['ny avvikelse', 'rapportera', 'new deviation', 'report', 'ny'],
        where: 'personal',
        handler: openForm(r),
        help: { command: 'help.cmd.report', description: 'help.desc.report' },
      },
      {
        kind: 'command',
        name: 'my-reports',
        words: ['mina avvikelser', 'my reports', 'mina'],
        where: 'personal',
        handler: myReports(r),
        help: { command: 'help.cmd.myReports', description: 'help.desc.myReports' },
      },
      { kind: 'verb', verb: V.form, where: 'personal', handler: openForm(r) },
      { kind: 'verb', verb: V.submit, where: 'personal', handler: submitReport(r) },
      { kind: 'verb', verb: V.createNew, where: 'personal', handler: createNew(r) },
      { kind: 'verb', verb: V.link, where: 'personal', scope: joinableCase(r), handler: linkToCase(r) },
      { kind: 'verb', verb: V.mine, where: 'personal', handler: myReportsAgain(r) },
      { kind: 'verb', verb: V.show, where: 'personal', handler: showMine(r) },
    ],
  };
}
