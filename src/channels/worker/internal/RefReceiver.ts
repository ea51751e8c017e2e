import { SourceStage } from '../../../core/StageLogic.js'
import { StreamRefPeerLostError } from '../StreamRefPeerLostError.js'
import { StreamRefProtocolError } from '../StreamRefProtocolError.js'
import { StreamRefRemoteError } from '../StreamRefRemoteError.js'
import { StreamRefSequenceError } from '../StreamRefSequenceError.js'
import { StreamRefTimeoutError } from '../StreamRefTimeoutError.js'
import { decodeRefMessage } from './protocol.js'
import type { RefSettings } from './RefSettings.js'

/**
 * The receiving side of a ref (the remote side of a `SourceRef`, the origin of a `SinkRef`):
 * grants the sender cumulative demand of at most `capacity` elements beyond what downstream has
 * taken, checks the sequence number of every batch, and emits on pull. It holds at most
 * `capacity` elements; it asks for more once half of that was taken.
 *
 * @internal
 */
export class RefReceiver<T> extends SourceStage<T> {
  private queue: T[] = []
  private head = 0
  /** Demand granted so far (cumulative). */
  private upTo = 0
  /** Elements that arrived: the sequence number expected next. */
  private received = 0
  /** Elements pushed downstream. */
  private delivered = 0
  private peerSeen = false
  /** The sender's terminal message arrived: `complete` (failure undefined) or `fail`. */
  private ended = false
  private failure: unknown = undefined
  private readonly refill: number
  private readonly onData = this.getAsyncCallback<unknown>((data) => this.arrived(data))
  private readonly onPeerClosed = this.getAsyncCallback<void>(() => {
    if (!this.ended) this.abort(new StreamRefPeerLostError(this.s.ref, this.s.kind))
  })

  constructor(
    private readonly s: RefSettings,
    private readonly capacity: number,
    mat: unknown,
  ) {
    super()
    this.refill = Math.max(1, capacity >> 1)
    this.mat = mat
  }

  override preStart(): void {
    const s = this.s
    if (s.startFailure !== undefined) return this.failStage(s.startFailure)
    s.port.listen(this.onData, this.onPeerClosed)
    if (s.origin && s.subscriptionTimeoutMs > 0) this.scheduleOnce('subscription', s.subscriptionTimeoutMs)
    if (!s.origin) {
      s.port.post({ t: 'hello', ref: s.ref })
      this.peerSeen = true
      this.armIdle()
    }
    this.grant()
  }

  /** Grants more demand once at least half the capacity is free (in the buffer or on the wire). */
  private grant(): void {
    if (this.ended) return
    if (this.capacity - (this.upTo - this.delivered) < this.refill) return
    this.upTo = this.delivered + this.capacity
    this.s.port.post({ t: 'demand', ref: this.s.ref, upTo: this.upTo })
  }

  private armIdle(): void {
    const idle = this.s.idleTimeoutMs
    if (idle <= 0 || this.ended) return
    this.scheduleOnce('idle', idle)
    if (!this.isTimerActive('keepalive')) this.scheduleAtFixedRate('keepalive', idle / 3, idle / 3)
  }

  private arrived(data: unknown): void {
    const s = this.s
    let m
    try {
      m = decodeRefMessage(data, s.ref, s.kind)
    } catch (e) {
      return this.abort(e)
    }
    if (!this.peerSeen) {
      this.peerSeen = true
      this.cancelTimer('subscription')
    }
    if (m.t === 'hello') return this.armIdle()
    if (this.ended) return this.abort(new StreamRefProtocolError(s.ref, s.kind, 'after-end', `a "${m.t}" message arrived after the stream ended`))
    this.armIdle()
    switch (m.t) {
      case 'elems': {
        if (m.seq !== this.received) return this.abort(new StreamRefSequenceError(s.ref, s.kind, this.received, m.seq))
        const n = m.items.length
        if (this.received + n > this.upTo)
          return this.abort(
            new StreamRefProtocolError(s.ref, s.kind, 'over-demand', `elements up to #${this.received + n - 1} arrived, but only ${this.upTo} were demanded`),
          )
        this.received += n
        for (let i = 0; i < n; i++) this.queue.push(m.items[i] as T)
        if (this.isAvailable(this.out)) this.onPull()
        return
      }
      case 'complete':
      case 'fail':
        if (m.count !== this.received)
          return this.abort(
            new StreamRefSequenceError(s.ref, s.kind, this.received, m.count, `the sender ended after ${m.count} element(s), but ${this.received} arrived (a message was lost)`),
          )
        this.ended = true
        this.cancelTimer('idle')
        this.cancelTimer('keepalive')
        if (m.t === 'fail') this.failure = new StreamRefRemoteError(s.ref, s.kind, m.name, m.message)
        if (this.head === this.queue.length) this.finish()
        return
      default:
        this.abort(new StreamRefProtocolError(s.ref, s.kind, 'corrupt', `a "${m.t}" message travels to the sender, but this side receives`))
    }
  }

  onPull(): void {
    if (this.head === this.queue.length) return
    const elem = this.queue[this.head]!
    this.queue[this.head++] = undefined as T
    if (this.head === this.queue.length) {
      this.queue = []
      this.head = 0
    } else if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.head)
      this.head = 0
    }
    this.delivered++
    this.push(this.out, elem)
    if (this.ended) {
      if (this.head === this.queue.length) this.finish()
    } else this.grant()
  }

  private finish(): void {
    if (this.failure === undefined) this.completeStage()
    else this.failStage(this.failure)
  }

  override onDownstreamFinish(cause: unknown): void {
    if (!this.ended) {
      this.ended = true
      this.s.port.post({ t: 'cancel', ref: this.s.ref, reason: cause === undefined ? 'cancelled' : String((cause as Error).message ?? cause) })
    }
    this.completeStage()
  }

  override onTimer(key: unknown): void {
    const s = this.s
    if (key === 'keepalive') s.port.post({ t: 'hello', ref: s.ref })
    else if (key === 'subscription') this.abort(new StreamRefTimeoutError(s.ref, s.kind, 'subscription', s.subscriptionTimeoutMs))
    else if (key === 'idle') this.abort(new StreamRefTimeoutError(s.ref, s.kind, 'idle', s.idleTimeoutMs))
  }

  /** This side found a fault: tell the sender to stop (if it is still there) and fail downstream. */
  private abort(error: unknown): void {
    if (!this.ended) {
      this.ended = true
      this.s.port.post({ t: 'cancel', ref: this.s.ref, reason: error instanceof Error ? error.message : String(error) })
    }
    this.queue = []
    this.head = 0
    this.failStage(error)
  }

  override postStop(): void {
    this.queue = []
    this.s.port.close()
  }
}
