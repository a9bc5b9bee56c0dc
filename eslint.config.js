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
  ...[
    ['src/core/*.ts', '../*'],
    ['src/core/*/*.ts', '../../*'],
  ].map(([files, outside]) => ({
    files: [files],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            sdks,
            { group: [outside], message: 'core imports no store and no capability (ARCHITECTURE.md): the root wires them.' },
          ],
        },
      ],
    },
  })),
  {
    files: CAPABILITIES.map((c) => `src/${c}/**/*.ts`),
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            sdks,
            {
              group: ['../*/collections.js'],
              message: "Another capability's records are read through its queries (queries.ts), not its collections.",
            },
          ],
        },
      ],
    },
  },
  // The edge, and the bench's bare SDK bots to measure against.
  { files: ['src/teams/**/*.ts', 'bench/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  // Tests, scripts and benches read as sequences of steps; the length limit is for src/.
  { files: ['test/**/*.ts', 'src/**/*.test.ts', 'bench/**/*.ts', 'scripts/**/*.ts'], rules: { 'max-lines-per-function': 'off' } },
);
