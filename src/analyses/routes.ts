// The joint cause analysis's routes (issue 35.2): the follow-up team starts one; every verb on an
// analysis is for those who take part (the scope guard); the rules decide each step's mandate.
import type { CapabilityDeps, Collection } from '../deps.js';
import { FOLLOW_UP_TEAM } from '../core/roles.js';
import { onRecord, type Capability, type Route } from '../core/turn.js';
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
import { ANALYSIS_VERBS } from './verbs.js';

/** The collections joint cause analysis reads and writes: its analyses, the cases and answers they gather, the lärdomar they share, the channels they report in. */
export const ANALYSIS_STORES = ['analyses', 'cases', 'answers', 'lessons', 'conversations'] as const satisfies readonly Collection[];

export function analysesCapability(deps: CapabilityDeps<(typeof ANALYSIS_STORES)[number]>): Capability {
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
    onRecord({ verb: ANALYSIS_VERBS.start, ...starting, handler: openStart(deps) }),
    onRecord({ verb: ANALYSIS_VERBS.create, ...starting, handler: createAnalysis(deps) }),
    onRecord({ verb: ANALYSIS_VERBS.show, ...onAnalysis, handler: showAnalysis(deps) }),
    onRecord({ verb: ANALYSIS_VERBS.form, ...onAnalysis, handler: openStepForm(deps) }),
    onRecord({ verb: ANALYSIS_VERBS.event, ...onAnalysis, handler: addEventStep(deps) }),
    onRecord({ verb: ANALYSIS_VERBS.factor, ...onAnalysis, handler: addFactorStep(deps) }),
    onRecord({ verb: ANALYSIS_VERBS.measure, ...onAnalysis, handler: addMeasureStep(deps) }),
    onRecord({ verb: ANALYSIS_VERBS.conclude, ...onAnalysis, handler: concludeStep(deps) }),
    onRecord({ verb: ANALYSIS_VERBS.effect, ...onAnalysis, handler: effectStep(deps) }),
    onRecord({ verb: ANALYSIS_VERBS.share, requires: FOLLOW_UP_TEAM, ...onAnalysis, handler: shareFromAnalysis(deps) }),
  ];
  return { name: 'analyses', routes };
}
