import { deferred } from '../../../core/deferred.js'
import { AbruptTerminationError } from '../../../core/errors.js'
import { SinkStage } from '../../../core/StageLogic.js'
import { StreamRefPeerLostError } from '../StreamRefPeerLostError.js'
import { StreamRefProtocolError } from '../StreamRefProtocolError.js'
import { StreamRefTimeoutError } from '../StreamRefTimeoutError.js'
import { decodeRefMessage, describeFailure } from './protocol.js'
import type { RefSettings } from './RefSettings.js'

/** The most elements one `elems` message carries. */
const MAX_BATCH = 1024

const resolved = Promise.resolve()

/**
 * The sending side of a ref (the origin of a `SourceRef`, the remote side of a `SinkRef`): pulls
 * upstream only while the receiver's cumulative demand allows, and sends elements in batches.
 * It never holds more than one batch, and a batch never exceeds the demand, so a receiver that
 * stops asking stops the sender without any buffer growing.
 *
 * @internal
 */
export class RefSender<T> extends SinkStage<T> {
  /** Elements the receiver allowed so far (cumulative: element #n may be sent when n < upTo). */
  private upTo = 0
  /** Elements taken from upstream so far: the sequence number of the next one. */
  private sent = 0
  private batch: T[] = []
  private batchSeq = 0
  private flushQueued = false
  private peerSeen = false
  /** A terminal message went out or came in: nothing more is sent. */
  private ended = false
  private readonly done = deferred<void>()
  private readonly onData = this.getAsyncCallback<unknown>((data) => this.received(data))
  private readonly onPeerClosed = this.getAsyncCallback<void>(() => {
    if (!this.ended) this.abort(new StreamRefPeerLostError(this.s.ref, this.s.kind))
  })
  /** Posts the batch collected during this turn: a synchronous upstream fills it first. */
  private readonly flushSoon = (): void => {
    this.flushQueued = false
    this.flush()
  }

  constructor(
    private readonly s: RefSettings,
    mat: unknown,
  ) {
    super()
    if (mat !== undefined) {
      // The origin materializes the handle; nobody can look at this Promise, so it must not count as an unhandled rejection.
      this.mat = mat
      this.done.promise.catch(() => {})
    } else this.mat = this.done.promise
  }

  override preStart(): void {
    const s = this.s
    if (s.startFailure !== undefined) {
      this.done.reject(s.startFailure)
      return this.failStage(s.startFailure)
    }
    s.port.listen(this.onData, this.onPeerClosed)
    if (s.origin && s.subscriptionTimeoutMs > 0) this.scheduleOnce('subscription', s.subscriptionTimeoutMs)
    if (!s.origin) {
      s.port.post({ t: 'hello', ref: s.ref })
      this.peerSeen = true
      this.armIdle()
    }
  }

  private armIdle(): void {
    const idle = this.s.idleTimeoutMs
    if (idle <= 0) return
    this.scheduleOnce('idle', idle)
    if (!this.isTimerActive('keepalive')) this.scheduleAtFixedRate('keepalive', idle / 3, idle / 3)
  }

  private received(data: unknown): void {
    if (this.ended) return // a message in flight when we ended: nothing to do with it
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
    this.armIdle()
    switch (m.t) {
      case 'hello':
        return
      case 'demand':
        if (m.upTo > this.upTo) {
          this.upTo = m.upTo
          this.pullIfAllowed()
        }
        return
      case 'cancel':
        this.ended = true
        this.done.resolve()
        this.cancelStage(undefined)
        return
      default:
        this.abort(new StreamRefProtocolError(s.ref, s.kind, 'corrupt', `a "${m.t}" message travels to the receiver, but this side sends`))
    }
  }

  private pullIfAllowed(): void {
    if (this.sent < this.upTo && !this.hasBeenPulled(this.in) && !this.isClosed(this.in)) this.pull(this.in)
  }

  onPush(): void {
    const batch = this.batch
    if (batch.length === 0) this.batchSeq = this.sent
    batch.push(this.grab(this.in))
    this.sent++
    if (batch.length >= MAX_BATCH) this.flush()
    else if (!this.flushQueued) {
      this.flushQueued = true
      void resolved.then(this.flushSoon)
    }
    this.pullIfAllowed()
  }

  private flush(): void {
    if (this.batch.length === 0 || this.ended) return
    this.s.port.post({ t: 'elems', ref: this.s.ref, seq: this.batchSeq, items: this.batch })
    this.batch = []
  }

  override onUpstreamFinish(): void {
    this.flush()
    this.ended = true
    this.s.port.post({ t: 'complete', ref: this.s.ref, count: this.sent })
    this.done.resolve()
    this.completeStage()
  }

  override onUpstreamFailure(error: unknown): void {
    this.flush()
    this.ended = true
    this.s.port.post({ t: 'fail', ref: this.s.ref, count: this.sent, ...describeFailure(error) })
    this.done.reject(error)
    this.failStage(error)
  }

  override onTimer(key: unknown): void {
    const s = this.s
    if (key === 'keepalive') s.port.post({ t: 'hello', ref: s.ref })
    else if (key === 'subscription') this.abort(new StreamRefTimeoutError(s.ref, s.kind, 'subscription', s.subscriptionTimeoutMs))
    else if (key === 'idle') this.abort(new StreamRefTimeoutError(s.ref, s.kind, 'idle', s.idleTimeoutMs))
  }

  /** This side found a fault: tell the peer (if it is still there), cancel upstream with the error. */
  private abort(error: unknown): void {
    if (!this.ended) {
      this.ended = true
      this.s.port.post({ t: 'fail', ref: this.s.ref, count: this.sent, ...describeFailure(error) })
    }
    this.batch = []
    this.done.reject(error)
    this.failStage(error)
  }

  override postStop(): void {
    this.batch = []
    this.s.port.close()
    // settles only if nothing above did (a Promise settles once)
    this.done.reject(new AbruptTerminationError(`${this.s.kind}(${this.s.ref}): the stream stopped without completing, failing or cancelling`))
  }
}
