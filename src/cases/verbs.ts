// The case capability's card verbs (templates see them as verbs.cases).
export const CASE_VERBS = {
  list: 'arende.lista',
  show: 'arende.visa',
  openPrivately: 'arende.oppna-privat',
  form: 'arende.formular',
  triage: 'arende.triage',
  step: 'arende.steg',
  measure: 'arende.atgard',
  grade: 'arende.prioritera',
  close: 'arende.avsluta',
  postpone: 'paminnelse.skjut',
  light: 'leverantor.farg',
  handover: 'arende.overlamna',
} as const;

/** The files case handling produces on a user's accept (the final report). */
export const CASE_FILES = { finalReport: 'export.slutrapport' } as const;
