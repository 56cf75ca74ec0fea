import { defineConfig } from 'vitest/config';

const shared = {
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: 'forks' as const,
  env: { NODE_ENV: 'test' },
};

export default defineConfig({
  test: {
    reporters: ['default', './vitest.summary.ts'],
    globalSetup: ['./vitest.global-setup.ts'],
    projects: [
      {
        test: {
          ...shared,
          name: 'unit+server',
          include: [
            'packages/*/test/**/*.test.ts',
            'apps/server/test/**/*.test.ts',
            'apps/web/test/unit/**/*.test.ts',
            'bench/test/**/*.test.ts',
          ],
        },
      },
      {
        // Browser journeys: one file at a time, each with its own server and Chromium.
        test: { ...shared, name: 'browser', include: ['apps/web/test/e2e*.test.ts'], fileParallelism: false },
      },
    ],
  },
});
