import { defineConfig } from 'vitest/config';

/**
 * Three suites: unit (use cases over in-memory adapters, the portal's components), integration (against a real
 * local stack that the suite starts on free ports and stops), infra (CDK Template assertions and cdk-nag).
 * The browser suite runs with Playwright (playwright.config.ts).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          // Component tests switch themselves to jsdom with a file comment; everything else runs in Node.
          environment: 'node',
          setupFiles: ['test/unit/web/setup.ts'],
          env: { POWERTOOLS_LOG_LEVEL: 'WARN' },
          // Component tests type into forms; on 2 busy cores (CI runs the three suites together) 5 s is too tight.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          // One stack, many files: files run one after another so that timings stay honest on 2 cores.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
