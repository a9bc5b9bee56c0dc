// The receiving provider's answer to the reporting unit, and the reporting side's verdict
// (issue 14): who may use each route is declared here; the side a user acts on is the rule's.
import type { CapabilityDeps, Collection } from '../deps.js';
import { onRecord, type Capability, type Route } from '../core/turn.js';
import { AnswerCards } from './cards.js';
import {
  acknowledgeCase,
  answerEffect,
  answerScope,
  forwardReport,
  incoming,
  judgeAnswer,
  openAnswerForm,
  postMessage,
  sendAnswer,
  showAnswer,
  unitReports,
  type AnswerDeps,
} from './handlers.js';
import { listLessons, shareLesson } from './sharing.js';
import { FOLLOW_UP_TEAM } from '../core/roles.js';
import { ANSWER_VERBS as V } from './verbs.js';
import { replaceForInteractor } from '../core/reply.js';

/** The collections the answer loop reads and writes: its answers, their cases, the lärdomar it shares. */
export const ANSWER_STORES = ['answers', 'cases', 'lessons'] as const satisfies readonly Collection[];

export function answersCapability(deps: CapabilityDeps<(typeof ANSWER_STORES)[number]>): Capability {
  const d: AnswerDeps = { ...deps, answerCards: new AnswerCards(deps.cards, deps.reference) };
  const onCase = { scope: answerScope(deps) };
  const routes: Route[] = [
    {
      kind: 'command',
      name: 'incoming',
      words: ['inkomna avvikelser', 'att besvara', 'incoming', 'to answer'],
      requires: ['mottagare'],
      handler: incoming(d),
      help: { command: 'help.cmd.incoming', description: 'help.desc.incoming' },
    },
    {
      kind: 'command',
      name: 'unit-reports',
      words: ['enhetens avvikelser', 'unit reports'],
      requires: ['chef'],
      handler: unitReports(d),
      help: { command: 'help.cmd.unitReports', description: 'help.desc.unitReports' },
    },
    {
      kind: 'command',
      name: 'lessons',
      words: ['lärdomar', 'lessons learned', 'lessons'],
      handler: listLessons(d),
      help: { command: 'help.cmd.lessons', description: 'help.desc.lessons' },
    },
    { kind: 'verb', verb: V.incomingPage, requires: ['mottagare'], handler: incoming(d, replaceForInteractor) },
    { kind: 'verb', verb: V.unitPage, requires: ['chef'], handler: unitReports(d, replaceForInteractor) },
    onRecord({ verb: V.show, ...onCase, handler: showAnswer(d) }),
    onRecord({ verb: V.form, ...onCase, handler: openAnswerForm(d) }),
    onRecord({ verb: V.acknowledge, ...onCase, handler: acknowledgeCase(d) }),
    onRecord({ verb: V.post, ...onCase, handler: postMessage(d) }),
    onRecord({ verb: V.answer, ...onCase, handler: sendAnswer(d) }),
    onRecord({ verb: V.judge, ...onCase, handler: judgeAnswer(d) }),
    onRecord({ verb: V.effect, ...onCase, handler: answerEffect(d) }),
    onRecord({ verb: V.forward, ...onCase, handler: forwardReport(d) }),
    onRecord({ verb: V.share, requires: FOLLOW_UP_TEAM, ...onCase, handler: shareLesson(d) }),
  ];
  return { name: 'answers', routes };
}
