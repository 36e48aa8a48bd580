import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // clipanion ships CommonJS with a default-export shape vite must transform.
    server: { deps: { inline: ['clipanion'] } },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the CPUs: one on this 2-core
    // machine. Most tests wait on ic processes they start, so two workers
    // keep both cores busy.
    maxWorkers: 2,
  },
});
