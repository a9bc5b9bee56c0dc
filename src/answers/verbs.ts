// The answer capability's card verbs (templates see them as verbs.answers).
export const ANSWER_VERBS = {
  show: 'svar.visa',
  form: 'svar.formular',
  acknowledge: 'svar.kvittera',
  post: 'svar.skriv',
  answer: 'svar.skicka',
  judge: 'svar.bedom',
  effect: 'svar.effekt',
  forward: 'svar.vidarebefordra',
  share: 'svar.dela',
  incomingPage: 'svar.inkomna',
  unitPage: 'svar.enheten',
} as const;
