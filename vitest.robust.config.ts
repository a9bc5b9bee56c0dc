import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['test/robust/**/*.test.ts'], testTimeout: 900_000, hookTimeout: 60_000, pool: 'forks' },
});
