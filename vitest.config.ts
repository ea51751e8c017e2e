import { existsSync } from 'node:fs'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'

/**
 * Chromium from Debian's `chromium` package (`.ci/run` installs it); nothing downloads a browser.
 * CHROMIUM_PATH overrides the path. Without a browser the browser project is left out locally;
 * in CI (`CI=true`) it is always in, so a missing browser fails the run.
 */
const chromium = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p))
const inCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false' && process.env.CI !== '0'
if (chromium === undefined && !inCi) console.warn('browser tests skipped: no chromium found (apt-get install chromium, or set CHROMIUM_PATH)')

/**
 * The browser suite: one or two test files of every operator family, the web-stream bridges,
 * the testkit (probes, virtual time) and the TCK, run in headless Chromium against the same
 * sources, to prove the core layers (sluice, sluice/operators, sluice/testkit, sluice/interop
 * without Node streams) run in a browser.
 */
const browserSuite = [
  'test/operators/source/range.test.ts',
  'test/operators/source/fromAsyncIterable.test.ts',
  'test/operators/sink/fold.test.ts',
  'test/operators/sink/asPublisher.test.ts',
  'test/operators/simple/map.test.ts',
  'test/operators/simple/take.test.ts',
  'test/operators/simple/grouped.test.ts',
  'test/operators/async/mapAsync.test.ts',
  'test/operators/time/throttle.test.ts',
  'test/operators/time/groupedWithin.test.ts',
  'test/operators/buffer/buffer.test.ts',
  'test/operators/fan-in/merge.test.ts',
  'test/operators/fan-in/zip.test.ts',
  'test/operators/fan-out/broadcast.test.ts',
  'test/operators/substream/flatMapMerge.test.ts',
  'test/operators/substream/groupBy.test.ts',
  'test/operators/error/recoverWithRetries.test.ts',
  'test/operators/lifecycle/KillSwitches.test.ts',
  'test/observability/snapshot.test.ts',
  'test/operators/restart/restartSource.test.ts',
  'test/channels/sourceQueue.test.ts',
  'test/interop/web-streams/*.test.ts',
  'test/testkit/probes.test.ts',
  'test/testkit/runVirtual.test.ts',
  'test/testkit/tck.test.ts',
]

/**
 * Test files that need a module registry of their own: the example runners (test/support/
 * tsdocExamples.ts, printedExamples.ts) write examples into a folder per file and spy on
 * console.log, which files sharing one module cache would trample; the metrics tests switch on
 * the process-wide timing of mapAsync calls and read every running stream of their process.
 */
const isolated = [
  'test/docs/*.examples.test.ts',
  'test/observability/metrics*.test.ts',
  'test/**/tsdoc.examples.test.ts',
  'test/**/docs.test.ts',
  'test/channels/worker/examples.test.ts',
  'test/operators/familyDocs.test.ts',
]

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: isolated,
          // type tests (expectTypeOf) in test/types; errors in src are `npm run typecheck`'s business
          typecheck: { enabled: true, include: ['test/types/**/*.test-d.ts'], ignoreSourceErrors: true },
          pool: 'forks',
          // Test files share their worker's module cache instead of importing every family of
          // operators anew: most of the suite's time was spent importing (see issue 15).
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: 'node-isolated', include: isolated, pool: 'forks' },
      },
      ...(chromium !== undefined || inCi
        ? [
            {
              extends: true,
              test: {
                name: 'browser',
                include: browserSuite,
                // the bounded-memory tests measure Node's heap (process.memoryUsage, forced GC): Node only
                testNamePattern: /^(?!.*(keeps memory bounded|500 MB)).*$/,
                browser: {
                  enabled: true,
                  headless: true,
                  provider: playwright({ launchOptions: { executablePath: chromium ?? '/usr/bin/chromium', args: ['--no-sandbox'] } }),
                  instances: [{ browser: 'chromium' as const }],
                  screenshotFailures: false,
                },
              },
            },
          ]
        : []),
    ],
  },
})
