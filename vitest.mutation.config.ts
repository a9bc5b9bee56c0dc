// The tests mutation testing runs (npm run test:mutation): the unit tests beside the code and
// the store's conformance suites, all in-process and fast; the protocol tests run in npm test.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/store.test.ts'],
    pool: 'threads',
    testTimeout: 20_000,
  },
});
