// ESLint: typescript-eslint's recommended rules, the SDK boundary (botbuilder and teams-ai
// only under src/teams/), and a warning for functions over 60 lines.
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

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'reports/**', '.stryker-tmp/**', 'appPackage/build/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: SDKS, message: 'The Teams SDKs are imported only under src/teams/ (the edge).' }] },
      ],
      'max-lines-per-function': ['warn', { max: 60, skipBlankLines: true, skipComments: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  // The edge, and the bench's bare SDK bots to measure against.
  { files: ['src/teams/**/*.ts', 'bench/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  // Tests, scripts and benches read as sequences of steps; the length limit is for src/.
  { files: ['test/**/*.ts', 'src/**/*.test.ts', 'bench/**/*.ts', 'scripts/**/*.ts'], rules: { 'max-lines-per-function': 'off' } },
);
