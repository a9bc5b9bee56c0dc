// npm run test:mutation: StrykerJS over the safety rules (issue 19). Each mutant is a small
// plausible bug; a test must fail for it. Surviving mutants are listed in the README with why
// they are equivalent or accepted.
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  coverageAnalysis: 'perTest',
  concurrency: 2,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation.json' },
  thresholds: { high: 90, low: 85, break: 85 },
  mutate: [
    'src/core/screen.ts',
    'src/core/guards.ts',
    'src/core/scope.ts',
    'src/cases/rules/*.ts',
    '!src/cases/rules/*.test.ts',
    'src/cases/retention.ts',
    'src/reminders/plan.ts',
    'src/reminders/service.ts',
    'src/reporting/service.ts',
    'src/store/contract.ts',
    'src/store/lowdb/groupCommit.ts',
    'src/teams/edge.ts',
    'src/indicators/csv.ts',
    'src/indicators/kolada.ts',
    // Issue 30.6: the answer loop's sides, the exports' cell escaping and scope, the file consent's host check.
    'src/answers/rules.ts',
    'src/statistics/export.ts',
    'src/statistics/scope.ts',
    'src/teams/files.ts',
    'src/reporting/form.ts',
    // Issue 31.2: forwarding a misaddressed report, and the provider register's reading.
    'src/answers/forward.ts',
    'src/admin/registerCsv.ts',
    // Issue 35.2: who takes part in a joint cause analysis, its clusters and steps; the lärdom's rule.
    'src/analyses/rules.ts',
    'src/answers/lessons.ts',
  ],
};
