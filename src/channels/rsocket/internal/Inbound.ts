/**
 * The receiving half of a stream, as a Reactive Streams Subscription for one local Subscriber:
 * `request(n)` becomes REQUEST_N on the wire (or the opening frame's initial n), elements arrive
 * as PAYLOAD frames. A peer that sends more than was requested breaks the protocol; the stream
 * fails rather than buffer.
 *
 * @module
 */
import { rules } from '../../../spec/rules.js'
import type { Subscriber, Subscription } from '../../../spec/types.js'
import { RSocketFrameError } from '../RSocketFrameError.js'
import type { RSocketSerializer } from '../RSocketSerializer.js'
import { MAX_31 } from './frame.js'

/** @internal */
export interface InboundHooks {
  /** Demand to send to the peer (REQUEST_N, or the initial n of the opening frame). */
  request(n: number): void
  /** The local Subscriber cancelled. */
  cancel(): void
}

/** @internal */
export class Inbound implements Subscription {
  private subscriber: Subscriber<unknown> | null = null
  private outstanding = 0
  private done = false
  private preloaded: unknown[] = []
  private completeAfterPreloaded = false
  /** Elements delivered so far. */
  received = 0

  constructor(
    readonly route: string,
    private readonly serializer: RSocketSerializer,
    private readonly hooks: InboundHooks,
  ) {}

  /** Attaches the Subscriber (once). */
  attach(subscriber: Subscriber<unknown>): void {
    this.subscriber = subscriber
    subscriber.onSubscribe(this)
  }

  /** An element that came with the opening frame: delivered before any REQUEST_N is sent. */
  preload(data: Uint8Array): void {
    this.preloaded.push(this.serializer.decode(data))
  }

  request(n: number): void {
    if (this.done) return
    if (!(n > 0) || (!Number.isInteger(n) && n !== Infinity)) {
      this.cancel()
      this.subscriber?.onError(rules.nonPositiveRequest(n))
      return
    }
    let want = n
    while (want > 0 && this.preloaded.length > 0) {
      want--
      this.received++
      this.subscriber?.onNext(this.preloaded.shift())
      if (this.done) return
    }
    if (this.completeAfterPreloaded && this.preloaded.length === 0) return this.complete()
    // RSocket counts demand in 31 bits; beyond that the peer treats it as unbounded anyway.
    want = Math.min(want, MAX_31 - this.outstanding)
    if (want <= 0) return
    this.outstanding += want
    this.hooks.request(want)
  }

  cancel(): void {
    if (this.done) return
    this.done = true
    this.preloaded = []
    this.hooks.cancel()
  }

  /** A PAYLOAD with NEXT. Returns an error when the peer sent more than was requested. */
  next(data: Uint8Array): Error | null {
    if (this.done) return null
    if (this.outstanding === 0) return new RSocketFrameError('the peer sent more elements than were requested (REQUEST_N)', this.route)
    this.outstanding--
    let element: unknown
    try {
      element = this.serializer.decode(data)
    } catch (e) {
      return new RSocketFrameError(`cannot decode an element: ${e instanceof Error ? e.message : String(e)}`, this.route, { cause: e })
    }
    this.received++
    this.subscriber?.onNext(element)
    return null
  }

  complete(): void {
    if (this.done) return
    // Elements that came with the opening frame are delivered before the completion.
    if (this.preloaded.length > 0) {
      this.completeAfterPreloaded = true
      return
    }
    this.done = true
    this.subscriber?.onComplete()
  }

  error(error: unknown): void {
    if (this.done) return
    this.done = true
    this.subscriber?.onError(error)
  }

  get isDone(): boolean {
    return this.done
  }
}
