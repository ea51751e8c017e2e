import type { OperatorFunction } from 'rxjs'
import { requireDefined } from '../../core/args.js'
import type { FlowGraph } from '../../core/Graph.js'
import type { RunOptions } from '../../core/materialize.js'
import { requirePushBuffer, type PushBufferOptions } from '../../operators/interop/internal/BoundedPushSource.js'
import { fromObservable } from './fromObservable.js'
import { toObservable } from './toObservable.js'

/**
 * Options of {@link viaFlow}: the bound and overflow strategy for the values entering the flow
 * (both required), and the run options.
 *
 * @category interop
 * @since 0.1.0
 */
export interface ViaFlowOptions extends PushBufferOptions, RunOptions {}

/**
 * An RxJS operator that runs a sluice `Flow` inside a `pipe`: each subscription subscribes to
 * the source Observable through a bounded buffer (see {@link fromObservable}: you name the bound
 * and the overflow strategy), runs the flow, and emits what it emits. Unsubscribing cancels the
 * run and unsubscribes from the source.
 *
 * ```
 * in:  -1-2-3-4-|
 * out: -2---4---|        viaFlow(Flow.create<number>().filter(isEven))
 * ```
 * - **Emits when** the flow emits
 * - **Backpressures when** never towards the source Observable: its values wait in the buffer
 * - **Completes when** the flow completes
 * - **Fails when** the flow fails, the source errors, or the buffer overflows under `fail`
 * - **Cancels when** the subscription is unsubscribed
 *
 * @example
 * ```ts
 * import { interval, take, toArray, lastValueFrom } from 'rxjs'
 * const batches = interval(1).pipe(take(10), viaFlow(Flow.create<number>().grouped(4), { bufferSize: 64, overflowStrategy: 'fail' }), toArray())
 * await lastValueFrom(batches) // [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
 * ```
 * @see {@link fromObservable}, {@link toObservable}
 * @category interop
 * @since 0.1.0
 */
export function viaFlow<In, Out>(flow: FlowGraph<In, Out, unknown>, options: ViaFlowOptions): OperatorFunction<In, Out> {
  requireDefined('viaFlow', 'flow', flow)
  const buffer = requirePushBuffer('viaFlow', options) // at build time, not at the first subscription
  return (source) => toObservable(fromObservable<In>(source, buffer).via(flow), options)
}
