/**
 * The fusion law for every fusible operator and source (ADR 0006): a chain of `scan`, `take`,
 * `drop`, `takeWhile`, `dropWhile`, `zipWithIndex`, `limit`, `grouped`, `sliding`, `mapConcat`,
 * `intersperse`, `statefulMap`, `map`, `filter`, `filterMap` — with the synchronous source in front
 * of it — runs as one stage (src/core/FusedStage.ts), and under any demand script it emits what
 * the unfused chain emits, ends the same way, fails with the same error raised by the same
 * operator, and pulls its upstream at the same moments.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failedStage, Flow, Source, type FlowGraph, type SourceGraph } from '../../src/index.js'
import { demandSchedule, runScheduled, type DemandStep } from '../../src/testkit/index.js'

type Op =
  | { readonly kind: 'map'; readonly k: number; readonly bad: number | null }
  | { readonly kind: 'filter'; readonly m: number }
  | { readonly kind: 'filterMap'; readonly m: number }
  | { readonly kind: 'scan'; readonly zero: number }
  | { readonly kind: 'take'; readonly n: number }
  | { readonly kind: 'drop'; readonly n: number }
  | { readonly kind: 'takeWhile'; readonly below: number; readonly inclusive: boolean }
  | { readonly kind: 'dropWhile'; readonly below: number }
  | { readonly kind: 'zipWithIndex' }
  | { readonly kind: 'limit'; readonly n: number }
  | { readonly kind: 'grouped'; readonly n: number }
  | { readonly kind: 'sliding'; readonly n: number; readonly step: number }
  | { readonly kind: 'mapConcat'; readonly m: number }
  | { readonly kind: 'intersperse'; readonly start: number | null; readonly end: number | null }
  | { readonly kind: 'statefulMap' }

const small = fc.integer({ min: -20, max: 20 })
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('map' as const), k: fc.integer({ min: -3, max: 3 }), bad: fc.option(small) }),
  fc.record({ kind: fc.constant('filter' as const), m: fc.integer({ min: 2, max: 4 }) }),
  fc.record({ kind: fc.constant('filterMap' as const), m: fc.integer({ min: 2, max: 4 }) }),
  fc.record({ kind: fc.constant('scan' as const), zero: small }),
  fc.record({ kind: fc.constant('take' as const), n: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ kind: fc.constant('drop' as const), n: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ kind: fc.constant('takeWhile' as const), below: small, inclusive: fc.boolean() }),
  fc.record({ kind: fc.constant('dropWhile' as const), below: small }),
  fc.record({ kind: fc.constant('zipWithIndex' as const) }),
  fc.record({ kind: fc.constant('limit' as const), n: fc.integer({ min: 0, max: 12 }) }),
  fc.record({ kind: fc.constant('grouped' as const), n: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('sliding' as const), n: fc.integer({ min: 1, max: 3 }), step: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('mapConcat' as const), m: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('intersperse' as const), start: fc.option(small), end: fc.option(small) }),
  fc.record({ kind: fc.constant('statefulMap' as const) }),
)

const boom = (x: number): Error => new Error(`boom at ${x}`)
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0)

/** One operator as a flow of numbers (operators with other output types end in a fusible map). */
function step(o: Op): Flow<number, number, unknown> {
  const f = Flow.create<number>()
  switch (o.kind) {
    case 'map':
      return f.map((x) => {
        if (x === o.bad) throw boom(x)
        return x * 2 + o.k
      })
    case 'filter':
      return f.filter((x) => x % o.m !== 0)
    case 'filterMap':
      return f.filterMap((x) => (x % o.m === 0 ? undefined : x - 1))
    case 'scan':
      return f.scan(o.zero, (acc, x) => (acc + x) % 1000)
    case 'take':
      return f.take(o.n)
    case 'drop':
      return f.drop(o.n)
    case 'takeWhile':
      return f.takeWhile((x) => x > o.below, { inclusive: o.inclusive })
    case 'dropWhile':
      return f.dropWhile((x) => x > o.below)
    case 'zipWithIndex':
      return f.zipWithIndex().map(([x, i]) => x * 10 + i)
    case 'limit':
      return f.limit(o.n)
    case 'grouped':
      return f.grouped(o.n).map(sum)
    case 'sliding':
      return f.sliding(o.n, o.step).map(sum)
    case 'mapConcat':
      return f.mapConcat((x) => Array.from({ length: Math.abs(x) % (o.m + 1) }, (_, i) => x + i))
    case 'intersperse':
      return f.intersperse(0, { ...(o.start !== null ? { start: o.start } : {}), ...(o.end !== null ? { end: o.end } : {}) })
    case 'statefulMap':
      return f.statefulMap(
        () => 0,
        (s, x) => [s + 1, s % 2 === 0 ? x + s : undefined],
      )
  }
}

/**
 * The chain; with `named`, every stage gets a name (an attribute), which keeps it out of fusion:
 * the reference runs unfused. `log` records every element that leaves the chain, interleaved
 * with the source's pulls.
 */
function build(ops: readonly Op[], named: boolean, log: string[]): FlowGraph<number, number, unknown> {
  let flow = Flow.create<number>()
  ops.forEach((o, i) => {
    const s = step(o)
    flow = flow.via(named ? s.withAttributes({ name: `op${i}`, fuse: false }) : s)
  })
  return flow.via(
    Flow.create<number>()
      .map((x) => {
        log.push(`out ${x}`)
        return x
      })
      .withAttributes({ name: 'log', fuse: false }),
  )
}

type SourceKind = 'array' | 'range' | 'iterable' | 'single' | 'repeat'

function source(kind: SourceKind, xs: readonly number[], named: boolean, log: string[]): SourceGraph<number, unknown> {
  const name = (s: Source<number, unknown>): SourceGraph<number, unknown> => (named ? s.withAttributes({ name: 'src', fuse: false }) : s)
  switch (kind) {
    case 'array':
      return name(Source.from(xs))
    case 'range':
      return name(Source.range(xs[0] ?? 0, xs.length))
    case 'single':
      return name(Source.single(xs[0] ?? 7))
    case 'repeat':
      // endless: bounded by a take at the head of the chain
      return name(Source.repeat(xs[0] ?? 3))
    case 'iterable':
      return name(
        Source.fromIterable({
          *[Symbol.iterator]() {
            for (const x of xs) {
              log.push('pull')
              yield x
            }
            log.push('pull (done)')
          },
        }),
      )
  }
}

/** A failure as comparable text: message, and the kind of operator it is reported as raised by. */
function failure(error: unknown, ops: readonly Op[]): string {
  const unname = (s: string): string => s.replace(/\bop(\d+)\b/g, (_, i: string) => ops[Number(i)]!.kind).replace(/\bsrc\b/g, 'source')
  const stage = failedStage(error)?.stage ?? '?'
  return `${unname(String(error))} @ ${unname(stage).replace(/^(range|fromIterable|single|repeat)$/, 'source')}`
}

async function observe(kind: SourceKind, xs: readonly number[], ops: readonly Op[], named: boolean, schedule: readonly DemandStep[]) {
  const log: string[] = []
  const chain = kind === 'repeat' ? [{ kind: 'take', n: 8 } as const, ...ops] : ops
  const run = await runScheduled(Source.fromGraph(source(kind, xs, named, log)).via(build(chain, named, log)), schedule)
  return {
    elements: run.elements,
    outcome: run.outcome,
    error: run.outcome === 'failed' ? failure(run.error, chain) : undefined,
    violations: run.violations,
    log,
  }
}

describe('the fusion law for every fusible operator and source', () => {
  it('a fused chain emits, ends, fails and pulls exactly as the unfused chain, under any demand', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<SourceKind>('array', 'range', 'iterable', 'single', 'repeat'),
        fc.array(small, { maxLength: 12 }),
        fc.array(op, { minLength: 1, maxLength: 5 }),
        demandSchedule(),
        async (kind, xs, ops, schedule) => {
          const fused = await observe(kind, xs, ops, false, schedule)
          const unfused = await observe(kind, xs, ops, true, schedule)
          expect(fused.violations).toEqual([])
          expect(fused).toEqual(unfused)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('names the source when a fused array source holds null', async () => {
    const err = await Source.from([1, null as unknown as number])
      .map((x) => x + 1)
      .runCollect()
      .catch((e: unknown) => e)
    expect((err as Error).message).toMatch(/^fromIterable\.out: push/)
    expect(failedStage(err)?.stage).toBe('fromIterable')
  })

  it('reports a throwing iterator as raised by the source and does not call its return()', async () => {
    let returned = false
    const iterable: Iterable<number> = {
      [Symbol.iterator]: () => ({
        next: () => {
          throw new Error('broken iterator')
        },
        return: () => {
          returned = true
          return { done: true, value: undefined }
        },
      }),
    }
    const err = await Source.fromIterable(iterable)
      .map((x) => x)
      .runCollect()
      .catch((e: unknown) => e)
    expect((err as Error).message).toBe('broken iterator')
    expect(failedStage(err)?.stage).toBe('fromIterable')
    expect(returned).toBe(false)
  })

  it('returns the source iterator and a mapConcat iterator when take ends the chain', async () => {
    const returned: string[] = []
    const counting = (name: string, n: number): Iterable<number> => ({
      [Symbol.iterator]: () => {
        let i = 0
        return {
          next: () => (i < n ? { done: false, value: i++ } : { done: true, value: undefined }),
          return: () => {
            returned.push(name)
            return { done: true, value: undefined }
          },
        }
      },
    })
    const out = await Source.fromIterable(counting('source', 100))
      .mapConcat(() => counting('inner', 5))
      .take(3)
      .runCollect()
    expect(out).toEqual([0, 1, 2])
    expect(returned.sort()).toEqual(['inner', 'source'])
  })

  it('a fused chain that drops a long run of elements still yields to the host', async () => {
    let stop = false
    const timer = setTimeout(() => {
      stop = true
    }, 20)
    const started = Date.now()
    const out = await Source.repeat(1)
      .filter(() => stop)
      .take(1)
      .runCollect()
    clearTimeout(timer)
    expect(out).toEqual([1])
    expect(Date.now() - started).toBeLessThan(2_000)
  })
})
