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
    // Two test files at once on two cores (vitest's default leaves one core idle). The browser
    // journeys still run one at a time (fileParallelism: false below).
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...shared,
          name: 'unit+server',
          sequence: { groupOrder: 0 },
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
        // They run after the rest, with the machine to themselves: antd's animations and Chromium
        // starve beside a busy test pool on two cores.
        test: {
          ...shared,
          name: 'browser',
          include: ['apps/web/test/e2e*.test.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
