import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // The real-browser test needs Debian's chromium: npm run test:browser.
    // The README's commands run after the suite (vitest.readme.config.ts): npm start rebuilds dist/.
    exclude: ['test/browser/**', 'test/robust/**', 'test/readme/**', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
