/**
 * Helpers for the tests of the fan-in, fan-out and channel families (issue 5): inputs that record
 * how they were pulled and cancelled and answer on a virtual clock, random inputs for fast-check,
 * and multiset / timing-free checks. Built on the stage API, like the testkit.
 */
import fc from 'fast-check'
import { expect } from 'vitest'
import { sourceOf } from '../../src/core/Graph.js'
import { SourceStage } from '../../src/core/StageLogic.js'
import { Source } from '../../src/index.js'
import { demandSchedule, elements, runScheduled, type ScheduledRun } from '../../src/testkit/index.js'
import { macrotask } from './macrotask.js'

/** Property runs: small, so the whole suite stays fast. */
export const RUNS = 60

/** What an {@link input} saw from downstream. */
export interface InputStats {
  pulls: number
  pushes: number
  /** Most pulls outstanding at once (a stage may pull only once before the push: 1). */
  maxOutstanding: number
  cancelled: boolean
  cancelCause: unknown
  stopped: boolean
  /** Pushes that went beyond the pulls (never, when downstream respects the protocol). */
  violations: string[]
}

/** How an input behaves: its elements, the virtual delay before each answer, how it ends. */
export interface InputSpec<T> {
  readonly elements: readonly T[]
  /** Delay (virtual ms) before answering pull k; missing or 0: at once. */
  readonly delays?: readonly number[]
  /** How it ends after its elements (default `'complete'`); `'never'`: it stays open. */
  readonly end?: 'complete' | 'fail' | 'never'
  /** The error of a failing end. */
  readonly error?: unknown
}

/** The error a failing {@link input} ends with, unless the spec names one. */
export class InputFailure extends Error {
  override readonly name = 'InputFailure'
}

class InputSource<T> extends SourceStage<T> {
  private i = 0
  constructor(
    private readonly spec: InputSpec<T>,
    private readonly stats: InputStats,
  ) {
    super()
  }
  override preStart(): void {
    if (this.spec.elements.length === 0) this.finish()
  }
  onPull(): void {
    this.stats.pulls++
    this.stats.maxOutstanding = Math.max(this.stats.maxOutstanding, this.stats.pulls - this.stats.pushes)
    const delay = this.spec.delays?.[this.i] ?? 0
    if (delay > 0) this.scheduleOnce('next', delay)
    else this.onTimer()
  }
  override onTimer(): void {
    if (this.i >= this.spec.elements.length) return
    this.stats.pushes++
    if (this.stats.pushes > this.stats.pulls) this.stats.violations.push(`push ${this.stats.pushes} beyond ${this.stats.pulls} pull(s)`)
    this.push(this.out, this.spec.elements[this.i++]!)
    if (this.i === this.spec.elements.length) this.finish()
  }
  private finish(): void {
    const end = this.spec.end ?? 'complete'
    if (end === 'complete') this.completeStage()
    else if (end === 'fail') this.failStage(this.spec.error ?? new InputFailure('input failed'))
  }
  override onDownstreamFinish(cause: unknown): void {
    this.stats.cancelled = true
    this.stats.cancelCause = cause
    this.completeStage()
  }
  override postStop(): void {
    this.stats.stopped = true
  }
}

/** A source following `spec` that records what downstream did to it in the returned stats. */
export function input<T>(spec: InputSpec<T> | readonly T[]): { source: Source<T>; stats: InputStats } {
  const s: InputSpec<T> = Array.isArray(spec) ? { elements: spec as readonly T[] } : (spec as InputSpec<T>)
  const stats: InputStats = { pulls: 0, pushes: 0, maxOutstanding: 0, cancelled: false, cancelCause: undefined, stopped: false, violations: [] }
  return { source: new Source<T>(sourceOf<T>('input', () => new InputSource<T>(s, stats)).module), stats }
}

/** Random input specs: small lists of `arb`, random delays (0 most often), completing. */
export function inputSpecs<T>(arb: fc.Arbitrary<T>, maxLength = 12): fc.Arbitrary<InputSpec<T>> {
  return elements(arb, { maxLength }).chain((xs) =>
    fc.record({
      elements: fc.constant(xs),
      delays: fc.array(fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 20 }), weight: 1 }), {
        minLength: xs.length,
        maxLength: xs.length,
      }),
    }),
  )
}

/** Small integers, tagged by the input they came from when needed. */
export const smallInts = fc.integer({ min: -50, max: 50 })

/** Sorted copies, for multiset comparison. */
export function sorted<T>(xs: readonly T[]): T[] {
  return [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

/** Every input was pulled at most once at a time and pushed no more than pulled, and it stopped. */
export function expectInputsRespected(stats: readonly InputStats[], options: { stopped?: boolean } = {}): void {
  for (const s of stats) {
    expect(s.violations).toEqual([])
    expect(s.maxOutstanding).toBeLessThanOrEqual(1)
    expect(s.pushes).toBeLessThanOrEqual(s.pulls)
    if (options.stopped !== false) expect(s.stopped).toBe(true)
  }
}

/** True when `sub` is a subsequence of `xs` (order kept, gaps allowed). */
export function isSubsequence<T>(sub: readonly T[], xs: readonly T[]): boolean {
  let j = 0
  for (const x of xs) if (j < sub.length && x === sub[j]) j++
  return j === sub.length
}

/** Lets Promise reactions and the interpreters' microtask wake-ups run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await macrotask()
}

/**
 * The demand property for a fan-in of two inputs: under random inputs (random answer delays) and
 * random demand scripts, the output keeps the demand contract, terminates, stops every stage and
 * leaves no timer behind; each input is pulled at most once at a time and stopped at the end.
 * `check` adds the model comparison.
 */
export async function twoInputLaw<A, B, O>(
  build: (a: Source<A>, b: Source<B>) => Source<O>,
  arbA: fc.Arbitrary<A>,
  arbB: fc.Arbitrary<B>,
  check: (run: ScheduledRun<O>, a: InputSpec<A>, b: InputSpec<B>) => void = () => {},
  options: { readonly numRuns?: number } = {},
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(inputSpecs(arbA), inputSpecs(arbB), demandSchedule(), async (specA, specB, schedule) => {
      const a = input(specA)
      const b = input(specB)
      const run = await runScheduled(build(a.source, b.source), schedule)
      expect(run.violations).toEqual([])
      expect(run.outcome).not.toBe('stalled')
      expect(run.pendingTimers).toBe(0)
      expectInputsRespected([a.stats, b.stats])
      check(run, specA, specB)
    }),
    { numRuns: options.numRuns ?? RUNS },
  )
}

/** Elements of a completed run must equal `expected`; of a cancelled run, be a prefix of it. */
export function expectPrefixModel<T>(run: ScheduledRun<T>, expected: readonly T[]): void {
  if (run.outcome === 'completed') expect(run.elements).toEqual(expected)
  else if (run.outcome === 'cancelled') expect(run.elements).toEqual(expected.slice(0, run.elements.length))
  else throw new Error(`expected the stream to complete or be cancelled, but it ${run.outcome} (${String(run.error)})`)
}

/** The elements a sink probe has received so far. */
export function nexts<T>(probe: { readonly received: readonly { readonly kind: string; readonly value?: T }[] }): T[] {
  return probe.received.filter((s) => s.kind === 'next').map((s) => s.value as T)
}
