import type { BenchCase } from './BenchCase.js'
import type { ChildOutput } from './CaseResult.js'

/** Warm-up continues with more untimed passes while the warm-up so far took less than this. */
export const WARMUP_MS = 200
/** Never more warm-up passes than this, however fast a pass is. */
const MAX_WARMUP_PASSES = 10_000
/** Timed passes when a case does not say. */
export const DEFAULT_PASSES = 5
/** How often (at most) the heap pass samples the live heap while the run waits on the host. */
const HEAP_SAMPLE_MS = 5
const MiB = 1024 * 1024

type Gc = () => void

/**
 * Runs one case in this process and returns what the child reports: `setup`, a warm-up (passes
 * until {@link WARMUP_MS} have gone by, at least one), then `passes` timed passes, each after
 * `beforePass` and a full `gc()`; the checksum of every pass (warm-up included) must equal the
 * first. With `measureHeap`, one more untimed pass samples the live heap. `teardown` always runs.
 *
 * Needs `node --expose-gc`.
 *
 * @example
 * const out = await measure({ scenario: 'S0', title: 'sum', library: 'plain loop', baseline: true, run: () => 42 })
 */
export async function measure<Ctx>(benchCase: BenchCase<Ctx>): Promise<ChildOutput> {
  const gc = (globalThis as { gc?: Gc }).gc
  if (gc === undefined) throw new Error('measure(benchCase): run node with --expose-gc')
  const passes = benchCase.passes ?? DEFAULT_PASSES
  if (!Number.isInteger(passes) || passes < 1) throw new RangeError(`measure(benchCase): passes must be a positive integer, got ${passes}`)
  const context = (await benchCase.setup?.()) as Ctx
  try {
    let expected: number | undefined
    const check = (checksum: number, pass: string): void => {
      if (typeof checksum !== 'number') throw new TypeError(`${benchCase.library} ${benchCase.scenario}: run() must resolve with a number, got ${typeof checksum} (${pass})`)
      if (expected === undefined) expected = checksum
      else if (!Object.is(checksum, expected)) throw new Error(`${benchCase.library} ${benchCase.scenario}: checksum ${checksum} on ${pass}, ${expected} before`)
    }

    let warmupPasses = 0
    const warmupStart = performance.now()
    do {
      await benchCase.beforePass?.(context)
      check(await benchCase.run(context), `warm-up pass ${++warmupPasses}`)
    } while (performance.now() - warmupStart < WARMUP_MS && warmupPasses < MAX_WARMUP_PASSES)
    const warmupMs = performance.now() - warmupStart

    const timesMs: number[] = []
    for (let pass = 1; pass <= passes; pass++) {
      await benchCase.beforePass?.(context)
      gc()
      const t0 = performance.now()
      const pending = benchCase.run(context)
      // A synchronous run is timed without the microtask an `await` would add.
      const checksum = typeof pending === 'number' ? pending : await pending
      timesMs.push(performance.now() - t0)
      check(checksum, `timed pass ${pass}`)
    }

    let heapMiB: number | undefined
    if (benchCase.measureHeap === true) {
      await benchCase.beforePass?.(context)
      heapMiB = await liveHeap(gc, () => benchCase.run(context), (checksum) => check(checksum, 'heap pass'))
    }
    return { ok: true, timesMs, checksum: expected!, warmupPasses, warmupMs, ...(heapMiB === undefined ? {} : { heapMiB }) }
  } finally {
    await benchCase.teardown?.(context)
  }
}

/** The peak live heap and array buffers (after a full gc) during one run, over those before it, in MiB. */
async function liveHeap(gc: Gc, run: () => Promise<number> | number, check: (checksum: number) => void): Promise<number> {
  // Typed arrays and Buffers keep their bytes outside the JS heap: count them too.
  const live = (): number => {
    // Twice: the backing stores of array buffers that the first gc found dead are released only
    // by the next one, so after one gc `arrayBuffers` still counts the chunks a run dropped since
    // the last sample (0-6 MiB in S3, for the plain loop too), and a faster run looked bigger.
    gc()
    gc()
    const usage = process.memoryUsage()
    return usage.heapUsed + usage.arrayBuffers
  }
  const before = live()
  let peak = before
  const sample = (): void => {
    peak = Math.max(peak, live())
  }
  // A full gc takes longer as the heap grows; waiting 9x its cost keeps sampling under ~10% of the
  // pass, so a run that turns the event loop per element is not starved by back-to-back gcs.
  let timer: NodeJS.Timeout | undefined
  const schedule = (delay: number): void => {
    timer = setTimeout(() => {
      const t0 = performance.now()
      sample()
      schedule(Math.max(HEAP_SAMPLE_MS, 9 * (performance.now() - t0)))
    }, delay)
  }
  schedule(HEAP_SAMPLE_MS)
  try {
    const pending = run()
    // Sampled before the result is awaited too: what a synchronous run left alive is still referenced here.
    sample()
    check(await pending)
  } finally {
    clearTimeout(timer)
  }
  return Math.max(0, peak - before) / MiB
}
