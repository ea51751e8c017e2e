/**
 * Laws every operator must obey, stated as fast-check properties over random input and random
 * demand scripts. A failing law throws fast-check's report: the seed, the path and the shrunk
 * counterexample.
 *
 * @module
 */
import fc from 'fast-check'
import type { FlowGraph } from '../core/Graph.js'
import { Source } from '../dsl/Source.js'
import { demandSchedule } from './arbitraries.js'
import { deepEqual, show } from './internal/deepEqual.js'
import { runScheduled, type DemandStep, type ScheduledRun } from './runScheduled.js'

/** A flow, or a function that builds a fresh one for each run (for flows that hold state in the blueprint). */
export type FlowOrFactory<In, Out> = FlowGraph<In, Out, unknown> | (() => FlowGraph<In, Out, unknown>)

/**
 * Options of {@link demandInvariant} and {@link equivalentTo}.
 *
 * @category testkit
 * @since 0.1.0
 */
export interface LawOptions<In> {
  /** Generates the input the flow is run on. Keep it small (`elements(fc.integer(), { maxLength: 20 })`). */
  readonly input: fc.Arbitrary<In[]>
  /** Runs of the property (default 100). */
  readonly numRuns?: number
  /** The demand scripts (default `demandSchedule()`). */
  readonly schedule?: fc.Arbitrary<DemandStep[]>
  /** Replays a failure: the seed (and path) fast-check printed. */
  readonly seed?: number
  readonly path?: string
}

/**
 * Options of {@link equivalentTo}.
 *
 * @category testkit
 * @since 0.1.0
 */
export interface EquivalenceOptions<In, Out> extends LawOptions<In> {
  /** How two output elements compare (default: structural equality). */
  readonly equals?: (actual: Out, expected: Out) => boolean
}

function build<In, Out>(flow: FlowOrFactory<In, Out>): FlowGraph<In, Out, unknown> {
  return typeof flow === 'function' ? flow() : flow
}

function params(options: LawOptions<unknown>): fc.Parameters<unknown> {
  return {
    numRuns: options.numRuns ?? 100,
    // Put the broken rule in the report itself, next to the seed and the shrunk case.
    includeErrorInReport: true,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.path !== undefined ? { path: options.path } : {}),
  }
}

/** The checks both laws share: the protocol held, the stream ended once, and it cleaned up. */
function checkProtocol(run: ScheduledRun<unknown>, schedule: readonly DemandStep[]): void {
  const problems = [...run.violations]
  if (run.outcome === 'stalled') problems.push(`the stream never terminated (received ${run.elements.length} element(s), requested ${run.requested})`)
  if (run.outcome === 'cancelled' && !schedule.some((s) => 'cancel' in s)) problems.push('the run was cancelled without a cancel step')
  if (run.outcome !== 'stalled' && run.pendingTimers > 0) problems.push(`${run.pendingTimers} timer(s) still scheduled after the stream ended`)
  if (problems.length > 0) throw new Error(`demand invariant broken:\n  - ${problems.join('\n  - ')}`)
}

/**
 * Checks that `Source.from(input).via(flow)` keeps the demand contract under random demand
 * scripts: it never emits more than was requested, terminates exactly once (complete, fail or
 * the script's cancel), emits nothing after terminating or after cancel, stops all its stages
 * and leaves no timer behind.
 *
 * @example
 * ```ts
 * it('keeps the demand contract', () =>
 *   demandInvariant(Flow.create<number>().map((x) => x + 1), { input: elements(fc.integer()) }))
 * ```
 * @see {@link equivalentTo}, {@link runScheduled}
 * @category testkit
 * @since 0.1.0
 */
export async function demandInvariant<In, Out>(flow: FlowOrFactory<In, Out>, options: LawOptions<In>): Promise<void> {
  await fc.assert(
    fc.asyncProperty(options.input, options.schedule ?? demandSchedule(), async (input, schedule) => {
      const run = await runScheduled(Source.from(input).via(build(flow)), schedule)
      checkProtocol(run, schedule)
    }),
    params(options as LawOptions<unknown>),
  )
}

/**
 * Checks that `Source.from(input).via(flow)` emits what `model(input)` computes on an array, under
 * random demand scripts: the same elements when the stream completes, a prefix of them when the
 * script cancels. When `model` throws, the stream must not complete (its elements are then not
 * compared). The demand contract is checked on the way, as in {@link demandInvariant}.
 *
 * @example
 * ```ts
 * it('behaves like Array.filter', () =>
 *   equivalentTo(Flow.create<number>().filter((x) => x > 0), (xs) => xs.filter((x) => x > 0), {
 *     input: elements(fc.integer()),
 *   }))
 * ```
 * @see {@link demandInvariant}
 * @category testkit
 * @since 0.1.0
 */
export async function equivalentTo<In, Out>(
  flow: FlowOrFactory<In, Out>,
  model: (input: In[]) => Out[],
  options: EquivalenceOptions<In, Out>,
): Promise<void> {
  const eq = options.equals ?? deepEqual
  await fc.assert(
    fc.asyncProperty(options.input, options.schedule ?? demandSchedule(), async (input, schedule) => {
      let expected: Out[] | undefined
      let modelError: unknown = undefined
      try {
        expected = model([...input])
      } catch (e) {
        modelError = e
      }
      const run = await runScheduled(Source.from(input).via(build(flow)), schedule)
      checkProtocol(run, schedule)
      const got = run.elements
      const prefixOk = (want: readonly Out[]): boolean => got.length <= want.length && got.every((x, i) => eq(x, want[i]!))
      if (expected === undefined) {
        if (run.outcome === 'completed')
          throw new Error(`expected the stream to fail as the model threw (${show(modelError)}), but it completed with ${show(got)}`)
        return
      }
      switch (run.outcome) {
        case 'completed':
          if (got.length !== expected.length || !prefixOk(expected))
            throw new Error(`expected ${show(expected)}\n     got ${show(got)}`)
          return
        case 'cancelled':
          if (!prefixOk(expected)) throw new Error(`after cancel, expected a prefix of ${show(expected)}\n     got ${show(got)}`)
          return
        case 'failed':
          throw new Error(`expected ${show(expected)}, but the stream failed with ${show(run.error)} after ${show(got)}`)
        case 'stalled':
          return // reported by checkProtocol
      }
    }),
    params(options as LawOptions<unknown>),
  )
}
