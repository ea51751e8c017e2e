/**
 * The fusion law for `merge` (ADR 0010): a `merge` whose inlets are all fed by synchronous fusible
 * sources runs inside the fused stage after it (src/core/MergedSources.ts). Under any demand
 * script it emits what the unfused merge emits, in the same order, ends and fails the same way
 * (failures raised by the same input), asks every input for the same elements in the same order
 * (the iterators' `next()` calls and `iterate`'s function), never emits more than was requested,
 * and returns the iterators it did not finish.
 *
 * Two things it does not copy, both about the unfused merge's look-ahead: an input asked again
 * right after its element went downstream may be asked before or after downstream handled that
 * element (unfused, that depends on whether the push was queued), so only each input's own calls
 * and the output are compared in order, not their interleaving; and the unfused merge asks the
 * input once more after downstream ended (the cancel is still queued while it pulls), which the
 * fused merge does not: that one call may be missing. And when an input fails, the fused merge
 * fails at once, while the unfused one may still emit a few elements of the other inputs before
 * the failure, queued behind them, reaches it (and never, if the stream ends first): there the
 * fused output is a prefix of the unfused one.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Concat, failedStage, Flow, Sink, Source, type SourceGraph } from '../../src/index.js'
import { type DemandStep, demandSchedule, runScheduled } from '../../src/testkit/index.js'

type Input =
  | { readonly kind: 'array' | 'range' | 'iterable'; readonly xs: readonly number[]; readonly bad: number | null }
  | { readonly kind: 'single' | 'repeat'; readonly x: number }
  | { readonly kind: 'iterate'; readonly seed: number; readonly bad: number | null }

type Step = { readonly kind: 'map'; readonly bad: number | null } | { readonly kind: 'filter' | 'take' | 'grouped' | 'scan'; readonly n: number }

const small = fc.integer({ min: -9, max: 9 })
const input: fc.Arbitrary<Input> = fc.oneof(
  fc.record({ kind: fc.constantFrom('array' as const, 'range' as const, 'iterable' as const), xs: fc.array(small, { maxLength: 6 }), bad: fc.option(small) }),
  fc.record({ kind: fc.constantFrom('single' as const, 'repeat' as const), x: small }),
  fc.record({ kind: fc.constant('iterate' as const), seed: small, bad: fc.option(small) }),
)
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('map' as const), bad: fc.option(small) }),
  fc.record({ kind: fc.constantFrom('filter' as const, 'take' as const, 'grouped' as const, 'scan' as const), n: fc.integer({ min: 1, max: 4 }) }),
)

const boom = (what: string, x: number): Error => new Error(`${what} boom at ${x}`)

/** Input `i`; with `named` it has a name and `fuse: false`, which keeps the merge unfused (the reference). */
function source(spec: Input, i: number, named: boolean, log: string[]): SourceGraph<number, unknown> {
  let s: Source<number, unknown>
  switch (spec.kind) {
    case 'array':
      s = Source.from(spec.bad === null ? spec.xs : [...spec.xs, null as unknown as number])
      break
    case 'range':
      s = Source.range(spec.xs[0] ?? 0, spec.xs.length)
      break
    case 'iterable':
      s = Source.fromIterable({
        *[Symbol.iterator]() {
          try {
            for (const x of spec.xs) {
              log.push(`next ${i}`)
              if (x === spec.bad) throw boom(`iterator ${i}`, x)
              yield x * 10 + i
            }
            log.push(`next ${i} (done)`)
          } finally {
            log.push(`finally ${i}`)
          }
        },
      })
      break
    case 'single':
      s = Source.single(spec.x)
      break
    case 'repeat':
      s = Source.repeat(spec.x) // endless: the chain after the merge ends it with take
      break
    case 'iterate':
      s = Source.iterate(spec.seed, (x) => {
        log.push(`iterate ${i}`)
        if (x === spec.bad) throw boom(`iterate ${i}`, x)
        return x + 3
      })
      break
  }
  return named ? s.withAttributes({ name: `src${i}`, fuse: false }) : s
}

function chain(steps: readonly Step[], log: string[]): Flow<number, number, unknown> {
  let f = Flow.create<number>()
  // Every input may be endless (repeat, iterate): a take bounds the run.
  f = f.take(12)
  for (const s of steps) {
    switch (s.kind) {
      case 'map':
        f = f.map((x) => {
          log.push(`map ${x}`)
          if (x === s.bad) throw boom('map', x)
          return x + 1
        })
        break
      case 'filter':
        f = f.filter((x) => x % (s.n + 1) !== 0)
        break
      case 'take':
        f = f.take(s.n + 2)
        break
      case 'grouped':
        f = f.grouped(s.n).map((g) => g.reduce((a, b) => a + b, 0))
        break
      case 'scan':
        f = f.scan(s.n, (a, x) => (a + x) % 100)
        break
    }
  }
  return f
}

/** Input `i`'s own calls, in order. */
const callsOf = (log: readonly string[], i: number): string[] => log.filter((e) => new RegExp(`^(next|iterate|finally) ${i}\\b`).test(e))
const output = (log: readonly string[]): string[] => log.filter((e) => /^(out|map|fold) /.test(e))

/** Input `i` made the same calls fused as unfused, but for the unfused merge's last look-ahead. */
function sameCalls(fused: readonly string[], unfused: readonly string[], i: number): void {
  const f = callsOf(fused, i)
  const u = callsOf(unfused, i)
  let last = u.length - 1
  while (last >= 0 && !/^(next|iterate) /.test(u[last]!)) last--
  expect(f).toEqual(f.length === u.length ? u : u.filter((_, k) => k !== last))
}

/** The failure was raised by one of the merged inputs (not by the chain after the merge). */
const raisedByInput = (error: string | undefined): boolean => error !== undefined && / @ (fromIterable|range|single|repeat|iterate)$/.test(error)

const defaultName = (i: Input): string => (i.kind === 'array' || i.kind === 'iterable' ? 'fromIterable' : i.kind)

/** A failure as comparable text: the message and the stage it is reported as raised by, `srcN` read as input N's own name. */
function failure(error: unknown, inputs: readonly Input[]): string {
  const unname = (s: string): string => s.replace(/\bsrc(\d+)\b/g, (_, i: string) => defaultName(inputs[Number(i)]!))
  return `${unname(String(error))} @ ${unname(failedStage(error)?.stage ?? '?')}`
}

/** How the inputs are joined: the operator under test. */
type FanIn = (sources: SourceGraph<number, unknown>[]) => Source<number, unknown>
const merge: FanIn = (sources) => Source.mergeAll(sources)
const concat: FanIn = (sources) => Source.combine(sources, (n) => Concat.create<number>(n))

/** The fan-in of `inputs` (fused, or kept apart with `named`), then `steps`, under the demand of `schedule`. */
async function underDemand(fanIn: FanIn, inputs: readonly Input[], steps: readonly Step[], schedule: DemandStep[], named: boolean) {
  const log: string[] = []
  const joined = fanIn(inputs.map((spec, i) => source(spec, i, named, log)))
  const logged = chain(steps, log).via(
    Flow.create<number>()
      .map((x) => {
        log.push(`out ${x}`)
        return x
      })
      .withAttributes({ name: 'log', fuse: false }),
  )
  const run = await runScheduled(joined.via(logged), schedule)
  const error = run.outcome === 'failed' ? failure(run.error, inputs) : undefined
  return { elements: run.elements, outcome: run.outcome, error, violations: run.violations, log }
}

/** The fan-in of `inputs`, then `steps`, into a fold that throws at `bad`: its result or error, and the log. */
async function intoSink(fanIn: FanIn, inputs: readonly Input[], steps: readonly Step[], bad: number | null, named: boolean) {
  const log: string[] = []
  const result = await fanIn(inputs.map((spec, i) => source(spec, i, named, log)))
    .via(chain(steps, log))
    .runWith(
      Sink.fold<number, number[]>([], (acc, x) => {
        log.push(`fold ${x}`)
        if (x === bad) throw boom('fold', x)
        return [...acc, x]
      }),
    )
    .then(
      (value) => ({ value }),
      (e: unknown) => ({ error: failure(e, inputs) }),
    )
  return { result, log }
}

describe('the fusion law for merge', () => {
  it('a fused merge emits, ends, fails and asks its inputs exactly as the unfused merge, under any demand', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(input, { minLength: 1, maxLength: 4 }), fc.array(step, { maxLength: 3 }), demandSchedule(), async (inputs, steps, schedule) => {
        const observe = (named: boolean) => underDemand(merge, inputs, steps, schedule, named)
        const fused = await observe(false)
        const unfused = await observe(true)
        expect(fused.violations).toEqual([])
        if (raisedByInput(fused.error)) expect(unfused.elements.slice(0, fused.elements.length)).toEqual(fused.elements)
        else {
          expect([fused.outcome, fused.error]).toEqual([unfused.outcome, unfused.error])
          expect(fused.elements).toEqual(unfused.elements)
          expect(output(fused.log)).toEqual(output(unfused.log))
          inputs.forEach((_, i) => sameCalls(fused.log, unfused.log, i))
        }
      }),
      { numRuns: 300 },
    )
  })

  it('into a sink: the same result or error, and user code called in the same order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(input, { minLength: 1, maxLength: 4 }), fc.array(step, { maxLength: 3 }), fc.option(small), async (inputs, steps, bad) => {
        const observe = (named: boolean) => intoSink(merge, inputs, steps, bad, named)
        const fused = await observe(false)
        const unfused = await observe(true)
        if (!('error' in fused.result && raisedByInput(fused.result.error))) {
          expect(fused.result).toEqual(unfused.result)
          expect(output(fused.log)).toEqual(output(unfused.log))
          inputs.forEach((_, i) => sameCalls(fused.log, unfused.log, i))
        }
      }),
      { numRuns: 300 },
    )
  })

  it('serves the inputs first come, first served, as the unfused merge does', async () => {
    const out = await Source.mergeAll([Source.range(0, 5), Source.range(10, 2), Source.from([20, 21, 22, 23])]).runCollect()
    expect(out).toEqual([0, 10, 20, 1, 11, 21, 2, 22, 3, 23, 4])
  })

  it('returns the iterators it did not finish when downstream cancels', async () => {
    const returned: number[] = []
    const counting = (id: number): Iterable<number> => ({
      [Symbol.iterator]: () => {
        let i = 0
        return {
          next: () => ({ done: false, value: i++ }),
          return: () => {
            returned.push(id)
            return { done: true, value: undefined }
          },
        }
      },
    })
    const out = await Source.mergeAll([Source.fromIterable(counting(0)), Source.range(0, 2), Source.fromIterable(counting(2))])
      .take(4)
      .runCollect()
    expect(out).toEqual([0, 0, 0, 1])
    expect(returned).toEqual([0, 2])
  })

  it('a merge of endless sources still yields to the host', async () => {
    let stop = false
    const timer = setTimeout(() => {
      stop = true
    }, 20)
    const out = await Source.mergeAll([Source.repeat(1), Source.repeat(2)])
      .filter(() => stop)
      .take(1)
      .runCollect()
    clearTimeout(timer)
    expect(out.length).toBe(1)
  })

  it('leaves an eagerComplete merge unfused (which completion it sees first depends on its stages\' order)', async () => {
    const run = (named: boolean) =>
      Source.mergeAll([Source.range(0, 3), named ? Source.range(10, 1).withAttributes({ fuse: false }) : Source.range(10, 1)], { eagerComplete: true }).runCollect()
    expect(await run(false)).toEqual(await run(true))
  })
})

/**
 * The same mechanism for `concat`: its inputs are read one after the other, each only on demand,
 * and nothing is held, so there is no look-ahead to differ by: the fused concat emits, ends and
 * fails exactly as the unfused one, and each input sees exactly the same calls. Only when an
 * unfinished iterator is returned may move relative to the output: unfused, a `take` after the
 * concat cancels it while the concat is still pushing, so the cancel waits in the queue and the
 * iterator is returned after the element goes out; fused, as in any fused chain, first.
 */
describe('the fusion law for concat', () => {
  it('a fused concat emits, ends, fails and asks its inputs exactly as the unfused concat, under any demand', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(input, { minLength: 1, maxLength: 4 }), fc.array(step, { maxLength: 3 }), demandSchedule(), async (inputs, steps, schedule) => {
        const observe = (named: boolean) => underDemand(concat, inputs, steps, schedule, named)
        const fused = await observe(false)
        const unfused = await observe(true)
        expect(fused.violations).toEqual([])
        expect({ ...fused, log: output(fused.log) }).toEqual({ ...unfused, log: output(unfused.log) })
        inputs.forEach((_, i) => expect(callsOf(fused.log, i)).toEqual(callsOf(unfused.log, i)))
      }),
      { numRuns: 300 },
    )
  })

  it('into a sink: the same result or error, and user code called in the same order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(input, { minLength: 1, maxLength: 4 }), fc.array(step, { maxLength: 3 }), fc.option(small), async (inputs, steps, bad) => {
        const observe = (named: boolean) => intoSink(concat, inputs, steps, bad, named)
        const fused = await observe(false)
        const unfused = await observe(true)
        expect(fused.result).toEqual(unfused.result)
        expect(output(fused.log)).toEqual(output(unfused.log))
        inputs.forEach((_, i) => expect(callsOf(fused.log, i)).toEqual(callsOf(unfused.log, i)))
      }),
      { numRuns: 300 },
    )
  })
})
