// The reporting capability's card verbs (templates see them as verbs.reporting).
export const REPORTING_VERBS = {
  form: 'avvikelse.ny',
  mine: 'avvikelse.mina',
  submit: 'avvikelse.skicka',
  link: 'avvikelse.lanka',
  createNew: 'avvikelse.skapa-ny',
  show: 'avvikelse.visa',
} as const;
