// ESLint: typescript-eslint's recommended rules, the SDK boundary (botbuilder and teams-ai
// only under src/teams/), the layers (core imports no store and no capability; a capability
// reads another's records through its queries, never its collections), and a warning for
// functions over 60 lines.
import tseslint from 'typescript-eslint';

const SDKS = [
  'botbuilder',
  'botbuilder-*',
  'botbuilder/*',
  'botframework-*',
  '@microsoft/teams-ai',
  '@microsoft/teams-ai/*',
  '@microsoft/agents-*',
];

const sdks = { group: SDKS, message: 'The Teams SDKs are imported only under src/teams/ (the edge).' };
const CAPABILITIES = [
  'admin',
  'answers',
  'cases',
  'conversations',
  'help',
  'indicators',
  'language',
  'reminders',
  'reporting',
  'statistics',
];
const TESTS = ['**/*.test.ts'];
/** A layer's rule: its files import nothing matching `outside` (and no SDK), tests aside. */
const layer = (files, outside, message) => ({
  files,
  ignores: TESTS,
  rules: { 'no-restricted-imports': ['error', { patterns: [sdks, { group: [outside], message }] }] },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'reports/**', '.stryker-tmp/**', 'appPackage/build/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [sdks] }],
      'max-lines-per-function': ['warn', { max: 60, skipBlankLines: true, skipComments: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  // Core: Turn, Answer, Route, guards, audit, i18n, clock; the composition root wires it to the rest.
  layer(['src/core/*.ts'], '../*', 'core imports no store and no capability (ARCHITECTURE.md): the root wires them.'),
  layer(['src/core/*/*.ts'], '../../*', 'core imports no store and no capability (ARCHITECTURE.md): the root wires them.'),
  layer(
    CAPABILITIES.map((c) => `src/${c}/**/*.ts`),
    '../*/collections.js',
    "Another capability's records are read through its queries (queries.ts), not its collections.",
  ),
  // The edge, and the bench's bare SDK bots to measure against.
  { files: ['src/teams/**/*.ts', 'bench/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  // Tests, scripts and benches read as sequences of steps; the length limit is for src/.
  { files: ['test/**/*.ts', 'src/**/*.test.ts', 'bench/**/*.ts', 'scripts/**/*.ts'], rules: { 'max-lines-per-function': 'off' } },
);
