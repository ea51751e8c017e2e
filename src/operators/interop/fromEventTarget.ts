import { requireDefined } from '../../core/args.js'
import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { BoundedPushSource, requirePushBuffer, type PushBufferOptions } from './internal/BoundedPushSource.js'

/**
 * Options of {@link fromEventTarget}: the bound and overflow strategy (both required), and
 * optionally the event types that end the stream.
 *
 * @category interop
 * @since 0.1.0
 */
export interface FromEventTargetOptions extends PushBufferOptions {
  /** An event of this type completes the stream (after the buffered events). */
  readonly completeOn?: string
  /**
   * An event of this type fails the stream (after the buffered events), with the event's
   * `error` when it carries an `Error` (as `ErrorEvent` does), otherwise with an `Error` whose
   * `cause` is the event.
   */
  readonly failOn?: string
}

/**
 * Emits the events of type `type` dispatched on a DOM `EventTarget` (a `WebSocket`, an
 * `AbortSignal`, a `BroadcastChannel`, any `EventTarget`). Events cannot be slowed down, so they
 * go through a buffer whose bound and overflow strategy you choose: **there is no unbounded
 * default**. Listeners are added when the stream starts and removed on cancel, completion and
 * failure.
 *
 * ```
 * target: -a-b-c-d-------x|     (x: the completeOn event)
 * out:    -a---b---c---d-|      bufferSize 4: nothing dropped
 * ```
 * - **Emits when** an event is buffered and downstream pulls
 * - **Backpressures when** never: events that find the buffer full are handled by `overflowStrategy`
 * - **Completes when** a `completeOn` event arrived and the buffer is drained
 * - **Fails when** a `failOn` event arrived and the buffer is drained, or at once on overflow under `fail`
 * - **Cancels when** downstream cancels (the listeners are removed)
 *
 * @example
 * ```ts
 * const target = new EventTarget()
 * const done = Source.fromEventTarget(target, 'tick', { bufferSize: 16, overflowStrategy: 'dropHead', completeOn: 'end' })
 *   .map((e) => e.type)
 *   .runCollect()
 * target.dispatchEvent(new Event('tick'))
 * target.dispatchEvent(new Event('end'))
 * await done // ['tick']
 * ```
 * **Gotchas** the element is the `Event` object itself; `map` it to what you need.
 *
 * @see {@link fromEventEmitter}
 * @category interop
 * @since 0.1.0
 */
export function fromEventTarget<E extends Event = Event>(
  target: EventTarget,
  type: string,
  options: FromEventTargetOptions,
): SourceGraph<E, NotUsed> {
  requireDefined('fromEventTarget', 'target', target)
  if (typeof (target as Partial<EventTarget>).addEventListener !== 'function')
    throw new TypeError('fromEventTarget(target): expected an EventTarget (an object with addEventListener)')
  if (typeof type !== 'string') throw new TypeError(`fromEventTarget(type): expected an event type string, got ${String(type)}`)
  const { bufferSize, overflowStrategy } = requirePushBuffer('fromEventTarget', options)
  const completeOn = options.completeOn
  const failOn = options.failOn
  return sourceOf('fromEventTarget', () => new EventTargetSource<E>(target, type, bufferSize, overflowStrategy, completeOn, failOn))
}

class EventTargetSource<E extends Event> extends BoundedPushSource<E> {
  private readonly onEvent = (event: Event): void => this.offer(event as E)
  private readonly onComplete = (): void => this.producerCompleted()
  private readonly onFail = (event: Event): void => this.producerFailed(eventFailure(this.type, event))
  constructor(
    private readonly target: EventTarget,
    private readonly type: string,
    bufferSize: number,
    strategy: FromEventTargetOptions['overflowStrategy'],
    private readonly completeOn: string | undefined,
    private readonly failOn: string | undefined,
  ) {
    super('fromEventTarget', bufferSize, strategy)
  }
  protected attach(): void {
    this.target.addEventListener(this.type, this.onEvent)
    if (this.completeOn !== undefined) this.target.addEventListener(this.completeOn, this.onComplete)
    if (this.failOn !== undefined) this.target.addEventListener(this.failOn, this.onFail)
  }
  protected detach(): void {
    this.target.removeEventListener(this.type, this.onEvent)
    if (this.completeOn !== undefined) this.target.removeEventListener(this.completeOn, this.onComplete)
    if (this.failOn !== undefined) this.target.removeEventListener(this.failOn, this.onFail)
  }
}

function eventFailure(type: string, event: Event): unknown {
  const error = (event as { error?: unknown }).error
  if (error instanceof Error) return error
  return new Error(`fromEventTarget: received a '${event.type}' event while listening to '${type}'`, { cause: event })
}
