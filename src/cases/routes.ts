// Case handling for the follow-up team: lists, the case card, every action along the ladder,
// and the provider's traffic light. Every route declares who may use it and, for card actions
// on a case, the organisation scope; the edge checks both before a handler runs.
import type { CapabilityDeps, Collection } from '../deps.js';
import { CASE_OFFICERS, FOLLOW_UP_TEAM } from '../core/roles.js';
import { onRecord, type Capability, type Route } from '../core/turn.js';
import { caseScope } from './access.js';
import { act, openForm } from './act.js';
import { CaseCards } from './cards.js';
import { AnswerCards } from '../answers/cards.js';
import { listCommand, listPage } from './lists.js';
import { overrideLight, providerScope, showProvider } from './provider.js';
import { openPrivately, showCase, type CaseViewDeps } from './show.js';
import { produceFinalReport } from './finalReport.js';
import { CASE_FILES, CASE_VERBS as V } from './verbs.js';

/** The collections case handling reads and writes: cases, the lights it sets; the answers and lärdomar a case shows. */
export const CASE_STORES = ['cases', 'answers', 'lessons', 'lights'] as const satisfies readonly Collection[];

export function casesCapability(deps: CapabilityDeps<(typeof CASE_STORES)[number]>): Capability {
  const d: CaseViewDeps = {
    ...deps,
    cards: new CaseCards(deps.cards, deps.reference),
    answerCards: new AnswerCards(deps.cards, deps.reference),
  };
  const team = { requires: FOLLOW_UP_TEAM, denied: 'cases.notAllowed' } as const;
  const onCase = { ...team, scope: caseScope(deps) };
  const routes: Route[] = [
    {
      kind: 'command',
      name: 'cases',
      words: ['ärenden', 'cases'],
      ...team,
      handler: listCommand(d),
      help: { command: 'help.cmd.cases', description: 'help.desc.cases' },
    },
    {
      kind: 'command',
      name: 'provider',
      words: ['vårdgivare', 'leverantör', 'provider'],
      requires: FOLLOW_UP_TEAM,
      denied: 'light.notAllowed',
      handler: showProvider(d),
      help: { command: 'help.cmd.provider', description: 'help.desc.provider' },
    },
    { kind: 'verb', verb: V.list, ...team, handler: listPage(d) },
    onRecord({ verb: V.show, ...onCase, handler: showCase(d) }),
    onRecord({ verb: V.openPrivately, ...onCase, handler: openPrivately(d) }),
    onRecord({ verb: V.form, ...onCase, handler: openForm(d) }),
    onRecord({ verb: V.triage, ...onCase, handler: act(d, 'triage') }),
    onRecord({ verb: V.step, ...onCase, handler: act(d, 'step') }),
    onRecord({ verb: V.measure, ...onCase, handler: act(d, 'measure') }),
    onRecord({ verb: V.grade, ...onCase, handler: act(d, 'grade') }),
    onRecord({ verb: V.close, ...onCase, handler: act(d, 'close') }),
    onRecord({ verb: V.postpone, ...onCase, handler: act(d, 'postpone') }),
    onRecord({ verb: V.handover, ...onCase, handler: act(d, 'handover') }),
    { kind: 'file', file: CASE_FILES.finalReport, ...team, produce: produceFinalReport(d) },
    {
      kind: 'verb',
      verb: V.light,
      requires: CASE_OFFICERS,
      denied: 'light.notAllowed',
      scope: providerScope(deps),
      handler: overrideLight(d),
    },
  ];
  return { name: 'cases', routes };
}
