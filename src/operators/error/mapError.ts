import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/**
 * Replaces an upstream failure with `f(error)`: wrap low-level errors in your own types.
 *
 * ```
 * in:  -1--2--#e
 * out: -1--2--#f(e)      mapError(f)
 * ```
 * - **Emits when** upstream emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails (with `f(error)`), or `f` throws (with what it threw)
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * class LoadError extends Error {}
 * const err = await Source.failed(new Error('ECONNRESET'))
 *   .mapError((e) => new LoadError('could not load messages', { cause: e }))
 *   .runCollect()
 *   .catch((e: unknown) => e)
 * err instanceof LoadError // true
 * ```
 * @see {@link recover}
 * @category error
 * @since 0.1.0
 */
export function mapError<T>(f: (error: unknown) => unknown): FlowGraph<T, T, NotUsed> {
  requireFunction('mapError', 'f', f)
  return flowOf('mapError', () => new MapError<T>(f))
}

class MapError<T> extends LinearStage<T, T> {
  constructor(private readonly f: (error: unknown) => unknown) {
    super()
  }
  onPush(): void {
    this.push(this.out, this.grab(this.in))
  }
  override onUpstreamFailure(error: unknown): void {
    this.failStage(this.f(error))
  }
}
