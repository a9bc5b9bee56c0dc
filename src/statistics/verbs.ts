// The statistics capability's card verbs (templates see them as verbs.statistics).
export const STATISTICS_VERBS = { sendFile: 'statistik.fil' } as const;

/** The files it produces on a user's accept (file routes, see teams/files.ts). */
export const STATISTICS_FILES = {
  cases: 'export.arenden',
  audit: 'export.revision',
  boardReport: 'export.arsrapport',
  delregional: 'export.delregional',
} as const;
