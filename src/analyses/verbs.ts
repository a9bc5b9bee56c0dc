// The joint cause analysis's card verbs (issue 35.2).
export const ANALYSIS_VERBS = {
  start: 'analys.starta',
  create: 'analys.skapa',
  show: 'analys.visa',
  form: 'analys.formular',
  event: 'analys.handelse',
  factor: 'analys.orsak',
  measure: 'analys.atgard',
  conclude: 'analys.slutsats',
  effect: 'analys.effekt',
  share: 'analys.dela',
} as const;
