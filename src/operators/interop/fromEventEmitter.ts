import { requireDefined, requireFunction } from '../../core/args.js'
import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { BoundedPushSource, requirePushBuffer, type PushBufferOptions } from './internal/BoundedPushSource.js'

/**
 * What {@link fromEventEmitter} needs of an emitter: Node's `EventEmitter`, or anything with
 * `on` and `off` (or `removeListener`). Structural, so this bridge does not import `node:events`.
 *
 * @category interop
 * @since 0.1.0
 */
export interface EventEmitterLike {
  on(event: string | symbol, listener: (...args: unknown[]) => void): unknown
  off?(event: string | symbol, listener: (...args: unknown[]) => void): unknown
  removeListener?(event: string | symbol, listener: (...args: unknown[]) => void): unknown
}

/**
 * Options of {@link fromEventEmitter}: the bound and overflow strategy (both required), the
 * events that end the stream, and how to turn a listener's arguments into an element.
 *
 * @category interop
 * @since 0.1.0
 */
export interface FromEventEmitterOptions<T> extends PushBufferOptions {
  /** This event completes the stream (after the buffered elements). */
  readonly completeOn?: string | symbol
  /**
   * This event fails the stream (after the buffered elements) with its first argument. Default
   * `'error'`, because an `'error'` event nobody listens to crashes a Node process; `null`
   * listens to none.
   */
  readonly failOn?: string | symbol | null
  /** Makes the element from the listener's arguments. Default: the only argument, or an array of them when there are several. */
  select?(...args: unknown[]): T
}

/**
 * Emits the occurrences of `event` on an `EventEmitter`. An emitter cannot be slowed down, so
 * the elements go through a buffer whose bound and overflow strategy you choose: **there is no
 * unbounded default**. Listeners are added when the stream starts and removed on cancel,
 * completion and failure.
 *
 * ```
 * emitter: -a-b-c-d-e-------|   (|: the completeOn event)
 * out:     -a-------c---e---|   bufferSize 1, 'dropHead', a slow consumer
 * ```
 * - **Emits when** an element is buffered and downstream pulls
 * - **Backpressures when** never: elements that find the buffer full are handled by `overflowStrategy`
 * - **Completes when** `completeOn` was emitted and the buffer is drained
 * - **Fails when** `failOn` was emitted and the buffer is drained; at once on overflow under `fail`;
 *   when an event carries no value and no `select` is given, or `select` throws
 * - **Cancels when** downstream cancels (the listeners are removed)
 *
 * @example
 * ```ts
 * import { EventEmitter } from 'node:events'
 * const emitter = new EventEmitter()
 * const done = Source.fromEventEmitter<string>(emitter, 'line', { bufferSize: 100, overflowStrategy: 'fail', completeOn: 'close' })
 *   .runCollect()
 * emitter.emit('line', 'a')
 * emitter.emit('line', 'b')
 * emitter.emit('close')
 * await done // ['a', 'b']
 * ```
 * @see {@link fromEventTarget}
 * @category interop
 * @since 0.1.0
 */
export function fromEventEmitter<T = unknown>(
  emitter: EventEmitterLike,
  event: string | symbol,
  options: FromEventEmitterOptions<T>,
): SourceGraph<T, NotUsed> {
  requireDefined('fromEventEmitter', 'emitter', emitter)
  if (typeof emitter.on !== 'function' || (typeof emitter.off !== 'function' && typeof emitter.removeListener !== 'function'))
    throw new TypeError('fromEventEmitter(emitter): expected an EventEmitter (an object with on and off or removeListener)')
  if (typeof event !== 'string' && typeof event !== 'symbol')
    throw new TypeError(`fromEventEmitter(event): expected an event name (string or symbol), got ${String(event)}`)
  const { bufferSize, overflowStrategy } = requirePushBuffer('fromEventEmitter', options)
  const select = options.select
  if (select !== undefined) requireFunction('fromEventEmitter', 'options.select', select)
  const failOn = options.failOn === undefined ? 'error' : options.failOn
  const completeOn = options.completeOn
  return sourceOf('fromEventEmitter', () => new EventEmitterSource<T>(emitter, event, bufferSize, overflowStrategy, completeOn, failOn, select))
}

class EventEmitterSource<T> extends BoundedPushSource<T> {
  private readonly onEvent = (...args: unknown[]): void => {
    // This listener runs inside the emitter's emit(), outside the stage: a throwing `select`
    // would otherwise be thrown at whoever emitted, so it ends the stream instead.
    let elem: T
    try {
      elem = this.select !== undefined ? this.select(...args) : ((args.length > 1 ? args : args[0]) as T)
    } catch (e) {
      this.producerFailed(e)
      return
    }
    if (elem === undefined || elem === null) {
      this.producerFailed(
        new TypeError(
          `fromEventEmitter: the '${String(this.event)}' event carried ${this.select === undefined ? 'no value' : `a ${String(elem)} value from select`}; stream elements must not be null or undefined${this.select === undefined ? ' (pass options.select to make one)' : ''}`,
        ),
      )
      return
    }
    this.offer(elem)
  }
  private readonly onComplete = (): void => this.producerCompleted()
  private readonly onFail = (error?: unknown): void =>
    this.producerFailed(
      error instanceof Error ? error : new Error(`fromEventEmitter: received '${String(this.failOn)}' while listening to '${String(this.event)}'`, { cause: error }),
    )
  constructor(
    private readonly emitter: EventEmitterLike,
    private readonly event: string | symbol,
    bufferSize: number,
    strategy: FromEventEmitterOptions<T>['overflowStrategy'],
    private readonly completeOn: string | symbol | undefined,
    private readonly failOn: string | symbol | null,
    private readonly select: ((...args: unknown[]) => T) | undefined,
  ) {
    super('fromEventEmitter', bufferSize, strategy)
  }
  protected attach(): void {
    this.emitter.on(this.event, this.onEvent)
    if (this.completeOn !== undefined) this.emitter.on(this.completeOn, this.onComplete)
    if (this.failOn !== null) this.emitter.on(this.failOn, this.onFail)
  }
  protected detach(): void {
    this.off(this.event, this.onEvent)
    if (this.completeOn !== undefined) this.off(this.completeOn, this.onComplete)
    if (this.failOn !== null) this.off(this.failOn, this.onFail)
  }
  private off(event: string | symbol, listener: (...args: unknown[]) => void): void {
    if (typeof this.emitter.off === 'function') this.emitter.off(event, listener)
    else this.emitter.removeListener!(event, listener)
  }
}
