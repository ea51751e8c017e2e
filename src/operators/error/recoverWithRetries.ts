import { requireCount, requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { RecoverWith } from './internal/RecoverWith.js'

/**
 * When upstream fails, continues with the source `f` returns for the error; if that source fails
 * as well, `f` is asked again, at most `attempts` times in all. When `f` returns `undefined`, or
 * the attempts are used up, the failure passes on.
 *
 * ```
 * in:   -1--2--#
 * f(e):        -3--#
 * f(e):            -4--|
 * out:  -1--2---3---4--|      recoverWithRetries(2, f)
 * ```
 * - **Emits when** upstream (or the current recovery source) emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream or the current recovery source completes
 * - **Fails when** the last failure finds no attempt left, `f` returns `undefined`, or `f` throws
 * - **Cancels when** downstream cancels (the recovery source too)
 *
 * `attempts` is a non-negative integer or `Infinity`; with 0 this passes every failure on.
 *
 * @example
 * ```ts
 * const cached = Source.from(['cached-1', 'cached-2'])
 * const out = await Source.failed<string>(new Error('offline'))
 *   .recoverWithRetries(1, () => cached)
 *   .runCollect()
 * out // ['cached-1', 'cached-2']
 * ```
 * @see {@link recoverWith}, {@link recover}
 * @category error
 * @since 0.1.0
 */
export function recoverWithRetries<T>(
  attempts: number,
  f: (error: unknown) => SourceGraph<T, unknown> | undefined,
): FlowGraph<T, T, NotUsed> {
  requireCount('recoverWithRetries', 'attempts', attempts)
  requireFunction('recoverWithRetries', 'f', f)
  return flowOf('recoverWithRetries', () => new RecoverWith(attempts, f))
}
