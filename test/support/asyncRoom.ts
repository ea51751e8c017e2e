/**
 * The room law of the async operators (ADR 0012): while such a stage pushes, a pull from
 * downstream goes straight upstream only when the stage's own `onPull` would have done nothing
 * but pull, so upstream is still asked only while the stage has room. Checked with results that
 * are plain values, already-resolved Promises and Promises settled in a random order (fast-check's
 * scheduler), with and without a `take` after the stage.
 */
import fc from 'fast-check'
import { expect } from 'vitest'
import { Source } from '../../src/index.js'
import { RUNS } from './operators.js'

/** How a call answers: a plain value, a resolved Promise, or a Promise the scheduler settles later. */
export type How = 'sync' | 'resolved' | 'scheduled'

/** One generated case, as the operator's own check sees it. */
export interface RoomRun {
  readonly parallelism: number
  /** What the calls answer, in input order. */
  readonly all: readonly number[]
  readonly take: number | undefined
  /** What came out. */
  readonly out: readonly number[]
}

/**
 * Runs `stage` (built with a parallelism and the function to call per element) between a
 * generator that counts how often it is asked and a counter of what came out, and checks that
 * upstream was asked at most `parallelism` elements ahead of downstream, and, after a `take`, at
 * most `take + parallelism` times. `check` adds what the operator emits.
 */
export function asksOnlyWithRoom(
  stage: (source: Source<number>, parallelism: number, f: (i: number) => number | Promise<number>) => Source<number>,
  check: (run: RoomRun) => void,
  /** Runs, in multiples of the suite's RUNS. */
  times = 1,
  /** The stage's room when it does not depend on the parallelism (scanAsync: 0, it asks only when downstream asked, and zero answered the first pull). */
  room?: number,
): Promise<void> {
  return fc.assert(
    fc.asyncProperty(
      fc.scheduler(),
      fc.integer({ min: 1, max: 4 }),
      fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.constantFrom<How>('sync', 'resolved', 'scheduled')), { maxLength: 15 }),
      fc.option(fc.integer({ min: 0, max: 16 }), { nil: undefined }),
      async (s, parallelism, xs, take) => {
        let asked = 0
        let emitted = 0
        let worst = 0
        function* upstream(): Generator<number> {
          for (let i = 0; i < xs.length; i++) {
            worst = Math.max(worst, asked - emitted)
            asked++
            yield i
          }
        }
        const f = (i: number): number | Promise<number> => {
          const [x, how] = xs[i]!
          return how === 'sync' ? x : how === 'resolved' ? Promise.resolve(x) : s.schedule(Promise.resolve(x))
        }
        const counted = stage(Source.fromIterable(upstream()), parallelism, f).map((x) => (emitted++, x))
        const out = await s.waitFor((take === undefined ? counted : counted.take(take)).runCollect())
        const r = room ?? parallelism
        // in the stage when upstream is asked: fewer than its room (one more may be on its way down)
        expect(worst).toBeLessThanOrEqual(r)
        if (take !== undefined) expect(asked).toBeLessThanOrEqual(Math.min(xs.length, take + r))
        check({ parallelism, all: xs.map(([x]) => x), take, out })
      },
    ),
    { numRuns: RUNS * times },
  )
}
