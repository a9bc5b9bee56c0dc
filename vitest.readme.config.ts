import { defineConfig } from 'vitest/config';

// The README's own commands (npm run dev, npm start), run after the main suite: `npm start`
// rebuilds dist/, which the main suite's process tests run.
export default defineConfig({
  test: {
    include: ['test/readme/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
