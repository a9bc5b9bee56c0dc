// Every capability's card verbs, by capability: the templates see them as `verbs`, so a verb is
// written once, in its capability's verbs.ts.
import { ANSWER_VERBS } from './answers/verbs.js';
import { ANALYSIS_VERBS } from './analyses/verbs.js';
import { CASE_VERBS } from './cases/verbs.js';
import { HELP_VERBS } from './help/verbs.js';
import { INDICATOR_VERBS } from './indicators/verbs.js';
import { REPORTING_VERBS } from './reporting/verbs.js';
import { STATISTICS_VERBS } from './statistics/verbs.js';

export const VERBS = {
  help: HELP_VERBS,
  reporting: REPORTING_VERBS,
  cases: CASE_VERBS,
  answers: ANSWER_VERBS,
  analyses: ANALYSIS_VERBS,
  indicators: INDICATOR_VERBS,
  statistics: STATISTICS_VERBS,
};
