/**
 * The hot-path scenarios through sluice with observability on: the stall detector watching every
 * running stream (looking every 100 ms), metrics collected every 100 ms (so mapAsync times every
 * call) into a recorder that drops them, and build sites captured. Compared with the plain
 * `sluice` case of the same run, it shows what observability costs a running stream (issue 14
 * asks for S1 off and on). The per-connection counters it reads are always there, so the
 * `sluice` case already pays for them.
 */
import type { BenchCase } from '../../harness/BenchCase.js'
import { captureBuildSites, collectMetrics, detectStalls, Sink, Source } from '../../../src/index.js'
import { add, resolved, S1, S2_P1, S4 } from './scenarios.js'

const library = 'sluice observed'

function observe(): void {
  captureBuildSites(true)
  detectStalls({ thresholdMs: 10_000, checkEveryMs: 100, onStall: () => {} })
  const drop = (): void => {}
  collectMetrics({ recorder: { counter: drop, gauge: drop, histogram: drop }, intervalMs: 100 })
}

const s1 = () =>
  Source.range(0, S1.n)
    .map((x) => x * 2)
    .filter((x) => x % 3 === 0)
    .scan(0, (acc, x) => acc + x)
    .toMat(Sink.last<number>(), (_l, r) => r)

const s2 = () => Source.range(0, S2_P1.n).mapAsync(1, resolved).toMat(Sink.fold<number, number>(0, add), (_l, r) => r)

const s4 = () =>
  Source.mergeAll(Array.from({ length: S4.sources }, (_, s) => Source.range(s * S4.each, S4.each))).toMat(Sink.fold<number, number>(0, add), (_l, r) => r)

export const cases: BenchCase[] = [
  // The blueprint is built inside the pass, so that capturing build sites is timed too.
  { ...S1, library, setup: observe, run: () => s1().run() },
  { ...S2_P1, library, setup: observe, run: () => s2().run() },
  { ...S4, library, setup: observe, run: () => s4().run() },
]
