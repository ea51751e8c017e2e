/**
 * The fusion law for sinks (ADR 0006): `fold`, `last`, `lastOption`, `ignore`, `forEach` and
 * `collect` fuse with the chain in front of them (and with its source: then the whole run is one
 * loop with no port). The materialized Promise settles exactly as the unfused run's does — same
 * value, or same error raised by the same operator — and user code sees the same calls in the
 * same order.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AbruptTerminationError, type Attributes, EmptyStreamError, failedStage, Flow, Sink, Source, type SinkGraph } from '../../src/index.js'

type SinkKind = 'fold' | 'last' | 'lastOption' | 'ignore' | 'forEach' | 'collect'
type SourceKind = 'array' | 'range' | 'iterable' | 'unfused'

function sink(kind: SinkKind, bad: number | null, log: string[]): SinkGraph<number, Promise<unknown>> {
  switch (kind) {
    case 'fold':
      return Sink.fold<number, number>(0, (acc, x) => {
        if (x === bad) throw new Error(`fold boom at ${x}`)
        return acc * 3 + x
      })
    case 'last':
      return Sink.last<number>()
    case 'lastOption':
      return Sink.lastOption<number>()
    case 'ignore':
      return Sink.ignore()
    case 'forEach':
      return Sink.forEach<number>((x) => {
        log.push(`each ${x}`)
        if (x === bad) throw new Error(`forEach boom at ${x}`)
      })
    case 'collect':
      return Sink.collect<number>()
  }
}

async function observe(src: SourceKind, xs: readonly number[], chain: readonly ('map' | 'filter' | 'scan' | 'take' | 'grouped')[], kind: SinkKind, bad: number | null, named: boolean) {
  const log: string[] = []
  const nm = <G extends { withAttributes(a: Attributes): G }>(g: G, name: string): G => (named ? g.withAttributes({ name, fuse: false }) : g)
  let source: Source<number, unknown>
  if (src === 'array') source = nm(Source.from(xs), 'src')
  else if (src === 'range') source = nm(Source.range(xs[0] ?? 0, xs.length), 'src')
  else if (src === 'iterable')
    source = nm(
      Source.fromIterable({
        *[Symbol.iterator]() {
          for (const x of xs) {
            log.push(`pull ${x}`)
            yield x
          }
        },
      }),
      'src',
    )
  // a source with attributes never fuses: the chain and the sink fuse without it
  else source = Source.from(xs).withAttributes({ name: 'src', fuse: false })
  chain.forEach((c, i) => {
    const f = Flow.create<number>()
    const step =
      c === 'map'
        ? f.map((x) => {
            if (x === bad) throw new Error(`map boom at ${x}`)
            return x + 1
          })
        : c === 'filter'
          ? f.filter((x) => x % 2 === 0)
          : c === 'scan'
            ? f.scan(1, (a, x) => (a + x) % 97)
            : c === 'take'
              ? f.take(3)
              : f.grouped(2).map((g) => g.length * 10 + g[0]!)
    source = source.via(nm(step, `op${i}`))
  })
  const s = sink(kind, bad, log)
  const [left, result] = source.toMat(named ? Sink.fromGraph(s).withAttributes({ name: 'sink', fuse: false }) : s, (l, r) => [l, r] as const).run()
  const outcome = await result.then(
    (value) => ({ value }),
    (e: unknown) => ({
      error: String(e),
      type: e instanceof EmptyStreamError ? 'empty' : e instanceof AbruptTerminationError ? 'abrupt' : 'other',
      stage: (failedStage(e)?.stage ?? '-').replace(/^op\d+$/, 'op').replace(/^(map|filter|scan|take|grouped)$/, 'op').replace(/^(sink|fold|forEach|last|lastOption|ignore|collect)$/, 'sink'),
    }),
  )
  return { left, outcome, log }
}

describe('the fusion law for sinks', () => {
  it('a fused chain into a sink settles and calls user code exactly as the unfused one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<SourceKind>('array', 'range', 'iterable', 'unfused'),
        fc.array(fc.integer({ min: -9, max: 9 }), { maxLength: 10 }),
        fc.array(fc.constantFrom('map' as const, 'filter' as const, 'scan' as const, 'take' as const, 'grouped' as const), { maxLength: 3 }),
        fc.constantFrom<SinkKind>('fold', 'last', 'lastOption', 'ignore', 'forEach', 'collect'),
        fc.option(fc.integer({ min: -9, max: 9 })),
        async (src, xs, chain, kind, bad) => {
          const fused = await observe(src, xs, chain, kind, bad, false)
          const unfused = await observe(src, xs, chain, kind, bad, true)
          expect(fused).toEqual(unfused)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('a fused fold whose numeric accumulator turns into something else settles as the unfused one', async () => {
    const f = (acc: number | string, x: number): number | string => (typeof acc === 'number' && acc + x > 5 ? `big ${acc + x}` : `${acc}`.length + x)
    const fused = await Source.range(0, 7).runWith(Sink.fold<number, number | string>(0, f))
    const unfused = await Source.range(0, 7).runWith(Sink.fold<number, number | string>(0, f).withAttributes({ fuse: false }))
    expect(fused).toEqual(unfused)
    expect(fused).toBe(12) // a number again after two strings: both paths ran
  })

  it('runs a fused source-to-sink loop without starving a timer', async () => {
    // The run ends only once the timer has fired: a loop that never yields never ends (a fixed
    // length would stop proving anything once the loop got faster than its time slice).
    let ticks = 0
    const timer = setInterval(() => ticks++, 1)
    const count = await Source.repeat(1)
      .map((x) => x % 7)
      .takeWhile(() => ticks < 3)
      .runFold(0, (a, x) => a + x)
    clearInterval(timer)
    expect(count).toBeGreaterThan(0)
    expect(ticks).toBeGreaterThanOrEqual(3)
  })

  it('a fused run that drops every element still yields to the host and ends', async () => {
    let stop = false
    setTimeout(() => {
      stop = true
    }, 20)
    const n = await Source.repeat(1)
      .filter(() => stop)
      .take(5)
      .runFold(0, (a, x) => a + x)
    expect(n).toBe(5)
  })

  it('keeps the source materialized value NotUsed when the whole run is fused', () => {
    const [left, right] = Source.range(0, 3).toMat(Sink.ignore(), (l, r) => [l, r] as const).run()
    expect(left).toBeUndefined()
    expect(right).toBeInstanceOf(Promise)
    return right
  })
})
