/**
 * The sending half of a stream: subscribes to a local Publisher and writes its elements as
 * PAYLOAD frames. It asks the Publisher for elements only within the credit the peer granted with
 * REQUEST_N, in batches, and only while the transport can take more — when the peer stops
 * reading, the socket's buffer fills, `writable` turns false and nothing more is requested until
 * it drains. So a slow reader slows the producer; nothing piles up in memory but one batch.
 *
 * @module
 */
import type { Subscriber, Subscription } from '../../../spec/types.js'
import type { RSocketSerializer } from '../RSocketSerializer.js'
import type { Connection } from './Connection.js'
import { ErrorCode, FrameType } from './frame.js'

/** @internal */
export interface OutboundHooks {
  /** The first element, when the stream's opening frame must carry it (request-channel). */
  first?(data: Uint8Array | null, complete: boolean): void
  /** The local Publisher completed (COMPLETE was sent). */
  completed(): void
  /** The local Publisher failed (ERROR was sent), or an element could not be encoded. */
  failed(error: unknown): void
}

/** @internal */
export class Outbound implements Subscriber<unknown> {
  private subscription: Subscription | null = null
  private credit: number
  private requested = 0
  private done = false
  private opened: boolean
  /** Elements written so far (tests count them). */
  sent = 0

  constructor(
    private readonly connection: Connection,
    private streamId: number,
    private readonly serializer: RSocketSerializer,
    private readonly batch: number,
    private readonly hooks: OutboundHooks,
    initialCredit: number,
  ) {
    this.credit = initialCredit
    this.opened = hooks.first === undefined
  }

  /** Sets the stream id once the opening frame gave it one (request-channel on the client). */
  setStreamId(id: number): void {
    this.streamId = id
  }

  onSubscribe(subscription: Subscription): void {
    if (this.done || this.subscription !== null) return subscription.cancel()
    this.subscription = subscription
    this.pump()
  }

  /** The peer sent REQUEST_N. */
  grant(n: number): void {
    if (this.done) return
    this.credit = Math.min(Number.MAX_SAFE_INTEGER, this.credit + n)
    this.pump()
  }

  /** Requests more from the Publisher when credit allows and the transport is writable. */
  pump(): void {
    const s = this.subscription
    if (s === null || this.done || !this.connection.writable) return
    const target = Math.min(this.credit, this.batch)
    // Ask again only when at most half of the last batch is still on its way: batches, not drips.
    if (target > this.requested && this.requested * 2 <= target) {
      const n = target - this.requested
      this.requested = target
      s.request(n)
    }
  }

  onNext(element: unknown): void {
    if (this.done) return
    this.requested--
    this.credit--
    let data: Uint8Array | string
    try {
      data = this.opened && this.serializer.encodeText !== undefined ? this.serializer.encodeText(element) : this.serializer.encode(element)
    } catch (e) {
      this.cancel()
      if (this.opened)
        this.connection.send({ type: FrameType.ERROR, streamId: this.streamId, code: ErrorCode.APPLICATION_ERROR, message: `cannot encode an element: ${describe(e)}` })
      this.hooks.failed(e)
      return
    }
    this.sent++
    if (typeof data === 'string') this.connection.sendText(this.streamId, data)
    else if (!this.opened) {
      this.opened = true
      this.hooks.first!(data, false)
    } else {
      this.connection.sendPayload({ type: FrameType.PAYLOAD, streamId: this.streamId, follows: false, complete: false, next: true, metadata: null, data })
    }
    this.pump()
  }

  onComplete(): void {
    if (this.done) return
    this.done = true
    if (!this.opened) {
      this.opened = true
      this.hooks.first!(null, true)
    } else {
      this.connection.send({ type: FrameType.PAYLOAD, streamId: this.streamId, follows: false, complete: true, next: false, metadata: null, data: new Uint8Array(0) })
    }
    this.hooks.completed()
  }

  onError(error: unknown): void {
    if (this.done) return
    this.done = true
    if (this.opened) this.connection.send({ type: FrameType.ERROR, streamId: this.streamId, code: ErrorCode.APPLICATION_ERROR, message: describe(error) })
    this.hooks.failed(error)
  }

  /** The peer cancelled, or the stream ended otherwise: stop the Publisher. */
  cancel(): void {
    if (this.done) return
    this.done = true
    this.subscription?.cancel()
  }

  get isDone(): boolean {
    return this.done
  }
}

/** `"Name: message"` for an Error, `String(x)` otherwise: what an ERROR frame carries. @internal */
export function describe(error: unknown): string {
  if (error instanceof Error) return error.name === 'Error' ? error.message : `${error.name}: ${error.message}`
  return String(error)
}
