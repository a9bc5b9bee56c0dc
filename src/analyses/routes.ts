// The joint cause analysis's routes (issue 35.2): the follow-up team starts one; every verb on an
// analysis is for those who take part (the scope guard); the rules decide each step's mandate.
import type { CapabilityDeps } from '../deps.js';
import { FOLLOW_UP_TEAM } from '../core/roles.js';
import type { Capability, Route } from '../core/turn.js';
import {
  addEventStep,
  addFactorStep,
  addMeasureStep,
  analysisScope,
  concludeStep,
  createAnalysis,
  effectStep,
  openStart,
  openStepForm,
  overview,
  shareFromAnalysis,
  showAnalysis,
  subjectScope,
} from './handlers.js';
import { ANALYSIS_VERBS as V } from './verbs.js';

export function analysesCapability(deps: CapabilityDeps): Capability {
  const onAnalysis = { scope: analysisScope(deps) };
  const starting = { requires: FOLLOW_UP_TEAM, scope: subjectScope(deps) };
  const routes: Route[] = [
    {
      kind: 'command',
      name: 'analyses',
      words: ['händelseanalys', 'handelseanalys', 'event analysis'],
      requires: ['mottagare', 'chef', ...FOLLOW_UP_TEAM],
      handler: overview(deps),
      help: { command: 'help.cmd.analyses', description: 'help.desc.analyses' },
    },
    { kind: 'verb', verb: V.start, ...starting, handler: openStart(deps) },
    { kind: 'verb', verb: V.create, ...starting, handler: createAnalysis(deps) },
    { kind: 'verb', verb: V.show, ...onAnalysis, handler: showAnalysis(deps) },
    { kind: 'verb', verb: V.form, ...onAnalysis, handler: openStepForm(deps) },
    { kind: 'verb', verb: V.event, ...onAnalysis, handler: addEventStep(deps) },
    { kind: 'verb', verb: V.factor, ...onAnalysis, handler: addFactorStep(deps) },
    { kind: 'verb', verb: V.measure, ...onAnalysis, handler: addMeasureStep(deps) },
    { kind: 'verb', verb: V.conclude, ...onAnalysis, handler: concludeStep(deps) },
    { kind: 'verb', verb: V.effect, ...onAnalysis, handler: effectStep(deps) },
    { kind: 'verb', verb: V.share, requires: FOLLOW_UP_TEAM, ...onAnalysis, handler: shareFromAnalysis(deps) },
  ];
  return { name: 'analyses', routes };
}
