import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { RecoverWith } from './internal/RecoverWith.js'

/**
 * When upstream fails, continues with the source `f` returns for the error, as often as needed
 * (a recovery source that fails is recovered again). When `f` returns `undefined`, the failure
 * passes on.
 *
 * ```
 * in:   -1--2--#
 * f(e):        -3--4--|
 * out:  -1--2---3--4--|      recoverWith(f)
 * ```
 * - **Emits when** upstream (or the current recovery source) emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream or the current recovery source completes
 * - **Fails when** `f` returns `undefined` for a failure, or `f` throws
 * - **Cancels when** downstream cancels (the recovery source too)
 *
 * **Gotchas:** a recovery source that always fails loops forever; bound it with
 * {@link recoverWithRetries}.
 *
 * @example
 * ```ts
 * const primary = Source.failed<string>(new Error('primary down'))
 * await primary.recoverWith(() => Source.single('from replica')).runCollect() // ['from replica']
 * ```
 * @see {@link recoverWithRetries}, {@link recover}
 * @category error
 * @since 0.1.0
 */
export function recoverWith<T>(f: (error: unknown) => SourceGraph<T, unknown> | undefined): FlowGraph<T, T, NotUsed> {
  requireFunction('recoverWith', 'f', f)
  return flowOf('recoverWith', () => new RecoverWith(Infinity, f))
}
