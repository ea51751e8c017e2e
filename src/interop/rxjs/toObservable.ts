import { Observable, type Subscriber } from 'rxjs'
import { requireDefined } from '../../core/args.js'
import { sinkOf, type SourceGraph } from '../../core/Graph.js'
import { materialize, type RunOptions } from '../../core/materialize.js'
import { keepRight } from '../../core/Module.js'
import { SinkStage } from '../../core/StageLogic.js'

/**
 * A cold RxJS `Observable` of the elements of `source`: each `subscribe` runs the source anew,
 * and `unsubscribe` cancels that run. An Observer cannot signal demand, so the run is pulled as
 * fast as the Observer takes the values (one at a time, synchronously); when the subscriber
 * closes during `next` (a `take` downstream) the run is cancelled before the next pull.
 *
 * ```
 * source:      -a-b-c-d-...
 * subscriber:  -a-b-c!           (!: unsubscribe; the run is cancelled)
 * ```
 * - **Emits when** upstream pushes (the run pulls again right after each `next`)
 * - **Backpressures when** never: an Observer cannot push back
 * - **Completes when** upstream completes (`complete()`)
 * - **Fails when** upstream fails (`error(e)`)
 * - **Cancels when** the subscription is unsubscribed
 *
 * @example
 * ```ts
 * import { firstValueFrom, toArray } from 'rxjs'
 * await firstValueFrom(toObservable(Source.range(1, 3)).pipe(toArray())) // [1, 2, 3]
 * ```
 * @see {@link fromObservable}, {@link viaFlow}
 * @category interop
 * @since 0.1.0
 */
export function toObservable<T>(source: SourceGraph<T, unknown>, options: RunOptions = {}): Observable<T> {
  requireDefined('toObservable', 'source', source)
  return new Observable<T>((subscriber) => {
    let stage: ObserverSink<T> | null = null
    const sink = sinkOf<T>('toObservable', () => (stage = new ObserverSink<T>(subscriber)))
    materialize(source.module.compose(sink.module, [[0, 0]], keepRight), options)
    return () => stage!.unsubscribed()
  })
}

class ObserverSink<T> extends SinkStage<T> {
  private readonly onUnsubscribe = this.getAsyncCallback<void>(() => this.cancelStage(undefined))
  constructor(private readonly subscriber: Subscriber<T>) {
    super()
  }
  unsubscribed(): void {
    this.onUnsubscribe()
  }
  override preStart(): void {
    this.pull(this.in)
  }
  onPush(): void {
    const subscriber = this.subscriber
    subscriber.next(this.grab(this.in))
    if (subscriber.closed) this.cancelStage(undefined)
    else this.pull(this.in)
  }
  override onUpstreamFinish(): void {
    this.subscriber.complete()
    this.completeStage()
  }
  override onUpstreamFailure(error: unknown): void {
    this.subscriber.error(error)
    this.failStage(error)
  }
}
