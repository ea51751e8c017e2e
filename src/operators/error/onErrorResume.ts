import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { RecoverWith } from './internal/RecoverWith.js'

/**
 * When upstream fails, continues with the source `f` returns for the error, once (Pekko's and
 * Reactor's `onErrorResume`): a failure of that source passes on. When `f` returns `undefined`,
 * the original failure passes on. Same as `recoverWithRetries(1, f)`.
 *
 * ```
 * in:   -1--2--#
 * f(e):        -3--4--|
 * out:  -1--2---3--4--|      onErrorResume(f)
 * ```
 * - **Emits when** upstream (or the fallback source) emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream or the fallback source completes
 * - **Fails when** the fallback source fails, `f` returns `undefined`, or `f` throws
 * - **Cancels when** downstream cancels (the fallback source too)
 *
 * @example
 * ```ts
 * const flaky = Source.from([1, 2, 3]).map((x) => { if (x === 3) throw new Error('offline'); return x })
 * const out = await flaky.onErrorResume(() => Source.from([0])).runCollect()
 * out // [1, 2, 0]
 * ```
 * @see {@link recoverWithRetries}, {@link recover}, {@link onErrorComplete}
 * @category error
 * @since 0.2.0
 */
export function onErrorResume<T>(f: (error: unknown) => SourceGraph<T, unknown> | undefined): FlowGraph<T, T, NotUsed> {
  requireFunction('onErrorResume', 'f', f)
  return flowOf('onErrorResume', () => new RecoverWith(1, f))
}
