import type { Observable, Subscribable, Unsubscribable } from 'rxjs'
import { requireDefined } from '../../core/args.js'
import { sourceOf } from '../../core/Graph.js'
import { Source } from '../../dsl/Source.js'
import { BoundedPushSource, requirePushBuffer, type PushBufferOptions, type PushOverflowStrategy } from '../../operators/interop/internal/BoundedPushSource.js'

/**
 * Emits the values of an RxJS `Observable` (or any `Subscribable`). An Observable cannot be
 * slowed down, so its values go through a buffer whose bound and overflow strategy you choose:
 * **there is no unbounded default**. The Observable is subscribed when the stream starts and
 * unsubscribed on cancel, on overflow under `fail`, and when it completes or errors.
 *
 * ```
 * obs: -a-b-c-d-e-|
 * out: -a---c---e-|         bufferSize 1, 'dropHead', a slow consumer
 * ```
 * - **Emits when** a value is buffered and downstream pulls
 * - **Backpressures when** never: values that find the buffer full are handled by `overflowStrategy`
 * - **Completes when** the Observable completes and the buffer is drained
 * - **Fails when** the Observable errors and the buffer is drained; at once on overflow under `fail`
 *   (a {@link index!BufferOverflowError | BufferOverflowError})
 * - **Cancels when** downstream cancels (the subscription is unsubscribed)
 *
 * @example
 * ```ts
 * import { interval, take } from 'rxjs'
 * await fromObservable(interval(10).pipe(take(3)), { bufferSize: 16, overflowStrategy: 'fail' }).runCollect() // [0, 1, 2]
 * ```
 * **Gotchas** a synchronous Observable (`of(...)`, `from(array)`) emits everything while it is
 * being subscribed, before any element can be pulled: more values than `bufferSize` overflow.
 * Use `Source.from(array)` for data that is already there.
 *
 * @see {@link toObservable}, {@link viaFlow}
 * @category interop
 * @since 0.1.0
 */
export function fromObservable<T>(observable: Observable<T> | Subscribable<T>, options: PushBufferOptions): Source<T> {
  requireDefined('fromObservable', 'observable', observable)
  if (typeof (observable as Partial<Subscribable<T>>).subscribe !== 'function')
    throw new TypeError('fromObservable(observable): expected an Observable (an object with subscribe)')
  const { bufferSize, overflowStrategy } = requirePushBuffer('fromObservable', options)
  return new Source<T>(sourceOf<T>('fromObservable', () => new ObservableSource<T>(observable, bufferSize, overflowStrategy)).module)
}

class ObservableSource<T> extends BoundedPushSource<T> {
  private subscription: Unsubscribable | null = null
  /** detach() ran while subscribe() was still running (a synchronous Observable ended or overflowed). */
  private detached = false
  constructor(
    private readonly observable: Subscribable<T>,
    bufferSize: number,
    strategy: PushOverflowStrategy,
  ) {
    super('fromObservable', bufferSize, strategy)
  }
  protected attach(): void {
    const subscription = this.observable.subscribe({
      next: (value) => this.offer(value),
      error: (error: unknown) => this.producerFailed(error),
      complete: () => this.producerCompleted(),
    })
    if (this.detached) subscription.unsubscribe()
    else this.subscription = subscription
  }
  protected detach(): void {
    this.detached = true
    const subscription = this.subscription
    this.subscription = null
    subscription?.unsubscribe()
  }
}
