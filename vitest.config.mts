import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // clipanion ships CommonJS with a default-export shape vite must transform.
    server: { deps: { inline: ['clipanion'] } },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
