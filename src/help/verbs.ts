// The help capability's card verbs (templates see them as verbs.help).
export const HELP_VERBS = { show: 'hjalp.visa' } as const;
