/**
 * A quick one-process measurement for the runtime-speed work (ADR 0006): runs ONE scenario of one
 * library in this process beside a plain loop, warm-up then 5 timed passes after gc(), and prints
 * the medians and the ratio. The real driver is `npm run bench`; this is for iterating.
 *
 *   node --expose-gc --import tsx bench/perf/run.ts S1 sluice
 *   SLUICE=/tmp/sluice-dist/index.js node --expose-gc --import tsx bench/perf/run.ts S1 sluice
 *
 * Careful with the second form: under `--import tsx` the built `.js` files go through tsx's loader
 * too, and S2p1 measured 72 ms that way against 11 ms for the same build imported by plain
 * `node` (and 18 ms for the sources under tsx). For a build's real figure, import it from a plain
 * `.mjs` script, or use the driver (`npm run bench`), which runs compiled JavaScript with no hook.
 *
 * Scenarios: S1, S2p1, S4, S5, busyS1 (S1 after a dozen other shapes ran). Library: sluice (the peers' figures are in issue 11 and the bench driver).
 */
import type * as Sluice from '../../src/index.js'

// SLUICE=/tmp/sluice-dist/index.js measures a `tsc -p tsconfig.build.json` build instead of the sources
const { Sink, Source } = (await import(process.env.SLUICE ?? '../../src/index.js')) as typeof Sluice
type Source<T, M> = Sluice.Source<T, M>

const [scenario = 'S1', library = 'sluice'] = process.argv.slice(2)
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})

type Run = () => number | Promise<number>

const N = 1_000_000
const EACH = 250_000
const arrays = Array.from({ length: 4 }, (_, s) => Array.from({ length: EACH }, (_, i) => s * EACH + i))

const loops: Record<string, Run> = {
  S1: () => {
    let acc = 0
    let last = 0
    for (let i = 0; i < N; i++) {
      const y = i * 2
      if (y % 3 === 0) {
        acc += y
        last = acc
      }
    }
    return last
  },
  S4: () => {
    let acc = 0
    for (let i = 0; i < EACH; i++) for (let s = 0; s < 4; s++) acc += arrays[s]![i]!
    return acc
  },
  S5: () => {
    let total = 0
    let group: number[] = []
    for (let i = 0; i < N; i++) {
      group.push(i)
      if (group.length === 100) {
        let s = 0
        for (const x of group) s += x
        total += s
        group = []
      }
    }
    return total
  },
  S2p1: async () => {
    let acc = 0
    for (let i = 0; i < 100_000; i++) acc += await Promise.resolve(i)
    return acc
  },
}
loops.busyS1 = loops.S1!

// Blueprints are built once and run on every pass, as bench/core/chain.bench.ts does.
const g1 = Source.range(0, N)
  .map((x) => x * 2)
  .filter((x) => x % 3 === 0)
  .scan(0, (acc, x) => acc + x)
  .toMat(Sink.last<number>(), (_l, r) => r)
const g4 = Source.mergeAll(Array.from({ length: 4 }, (_, s) => Source.range(s * EACH, EACH))).toMat(
  Sink.fold<number, number>(0, (acc, x) => acc + x),
  (_l, r) => r,
)
const g5 = Source.range(0, N)
  .grouped(100)
  .map((g) => {
    let s = 0
    for (const x of g) s += x
    return s
  })
  .toMat(Sink.fold<number, number>(0, (a, x) => a + x), (_l, r) => r)
const g2 = Source.range(0, 100_000)
  .mapAsync(1, (x) => Promise.resolve(x))
  .toMat(Sink.fold<number, number>(0, (a, x) => a + x), (_l, r) => r)
const sluice: Record<string, Run> = { S1: () => g1.run(), S4: () => g4.run(), S5: () => g5.run(), S2p1: () => g2.run() }
sluice.busyS1 = sluice.S1!

async function busy(): Promise<void> {
  const s = Source.range(0, 20_000)
  const shapes = [
    s.take(10_000),
    s.drop(100),
    s.takeWhile((x) => x < 15_000),
    s.dropWhile((x) => x < 100),
    s.mapConcat((x) => [x, x]),
    s.grouped(10).map((g) => g.length),
    s.merge(Source.range(0, 1000)),
    s.zip(Source.range(0, 20_000)).map(([a, b]) => a + b),
    s.scan(0, (a, x) => a + x),
    s.zipWithIndex().map(([a]) => a),
    s.intersperse(0),
    s.sliding(3).map((w) => w.length),
    s.filter((x) => x % 2 === 0).map((x) => x + 1),
  ]
  for (let r = 0; r < 3; r++) for (const shape of shapes) await (shape as Source<number, unknown>).runWith(Sink.ignore())
}

async function lib(): Promise<Run> {
  if (library === 'sluice') return sluice[scenario]!
  throw new Error('unknown library ' + library)
}

async function time(run: Run): Promise<number[]> {
  const t0 = performance.now()
  let check = await run()
  while (performance.now() - t0 < 200) check = await run()
  const out: number[] = []
  for (let i = 0; i < 5; i++) {
    gc()
    // CPU time of this process (the machine is shared: wall time swings with other load)
    const t = process.cpuUsage()
    const c = await run()
    const d = process.cpuUsage(t)
    out.push((d.user + d.system) / 1000)
    if (c !== check) throw new Error(`checksum ${c} != ${check}`)
  }
  return out.sort((a, b) => a - b)
}

const loopT = await time(loops[scenario]!)
if (scenario === 'busyS1') await busy()
const run = await lib()
const libT = await time(run)
const med = (a: number[]) => a[2]!
console.log(
  `${scenario} ${library}: loop ${med(loopT).toFixed(2)} ms, lib ${med(libT).toFixed(1)} ms [${libT[0]!.toFixed(1)}..${libT[4]!.toFixed(1)}], ratio ${(med(libT) / med(loopT)).toFixed(1)}x`,
)
