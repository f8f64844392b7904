import { defineConfig } from 'vitest/config';

// Browser journeys: `npx vitest run --config test/e2e/vitest.e2e.config.ts` (npm test runs it last).
// One PostgreSQL per run (test/global-setup.ts), the web app built once (web-setup.ts), files one after
// the other (each starts the app and a headless Chromium; two cores do not run several at once well).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts', 'test/e2e/web-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
  },
});
