// The indicator capability's card verbs (templates see them as verbs.indicators).
export const INDICATOR_VERBS = {
  show: 'indikator.visa',
  follow: 'indikator.folj',
  save: 'indikator.spara',
  target: 'indikator.mal',
  targetForm: 'indikator.malformular',
  choose: 'indikatorer.valj',
  chooseSave: 'indikatorer.spara-val',
  all: 'indikatorer.alla',
  page: 'indikatorer.sida',
} as const;
