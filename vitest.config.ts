import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { defineVitestProject } from '@nuxt/test-utils/config'

// Three layers (README, "Two commands": npm test runs them all): pure unit tests, Nuxt component tests, and e2e
// against the built app + a real LiveKit server + headless Chromium. e2e runs one file at a time:
// each file starts its own LiveKit and app, and two cores are not enough for several at once.
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias: { '#shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' },
      },
      await defineVitestProject({
        test: { name: 'nuxt', include: ['test/nuxt/**/*.test.ts'], environment: 'nuxt' },
      }),
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          globalSetup: ['test/e2e/support/global-setup.ts'],
          // @livekit/rtc-node logs every connect at debug level unless NODE_ENV is production.
          env: { NODE_ENV: 'production' },
        },
      },
    ],
  },
})
