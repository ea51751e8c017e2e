/**
 * The pull loop: a Reactive Streams Publisher whose outstanding demand is the size of each fetch.
 *
 * @module
 * @internal
 */
import { DeliverPolicy, jetstream, type Consumer, type ConsumerMessages, type JsMsg, type OrderedConsumerOptions } from '@nats-io/jetstream'
import { deferred } from '../../../core/deferred.js'
import { registerMetricSource } from '../../../observability/metricSources.js'
import { addDemand, isValidRequest, rules } from '../../../spec/rules.js'
import type { Publisher, Subscriber, Subscription } from '../../../spec/types.js'
import { JetStreamDecodeError } from '../JetStreamDecodeError.js'
import type { JetStreamEnvelope } from '../JetStreamEnvelope.js'
import type { JetStreamSourceControl, JetStreamSourceStats } from '../JetStreamSourceControl.js'
import { NatsConnectionError } from '../NatsConnectionError.js'
import { AckFlusher } from './AckFlusher.js'
import { connectionError, describeServers, holdConnection, notFoundError, releaseConnection, type HeldConnection, type NatsConnectionLike } from './connection.js'
import { Envelope, type AckOwner } from './Envelope.js'
import { pullMetrics } from './pullMetrics.js'

/** Everything one pull loop needs, checked by the factory. @internal */
export interface PullSpec<T> {
  readonly operation: string
  readonly connection: NatsConnectionLike
  readonly stream: string
  readonly consumer: string
  /** Read through an ordered (ephemeral, unacknowledged) consumer instead of the durable `consumer`. */
  readonly ordered: OrderedSpec | undefined
  /** Upper bound of one fetch, whatever the demand. */
  readonly maxBatch: number
  readonly expiresMs: number
  readonly decode: ((data: Uint8Array, message: JsMsg) => T) | undefined
  readonly onDecodeError: 'fail' | 'term'
  readonly maxRetries: number
  readonly minBackoffMs: number
  readonly maxBackoffMs: number
  readonly closeTimeoutMs: number
}

/** What an ordered read starts from and filters on. @internal */
export interface OrderedSpec {
  readonly filterSubjects: readonly string[] | undefined
  readonly startSequence: number | undefined
}

/**
 * A Publisher for one subscription: each `subscribe` of a run gets its own pull loop. The loop
 * fetches `min(demand, maxBatch, max_ack_pending - unsettled)` messages, never more, so the server
 * never sends what was not requested; and it runs one fetch at a time.
 *
 * @internal
 */
export class PullPublisher<T> implements Publisher<JetStreamEnvelope<T>> {
  private subscription: PullSubscription<T> | null = null
  private readonly stoppedSignal = deferred<void>()
  private shutdownRequested = false
  readonly control: JetStreamSourceControl

  constructor(private readonly spec: PullSpec<T>) {
    this.control = {
      shutdown: () => {
        this.shutdownRequested = true
        this.subscription?.shutdown()
      },
      stopped: this.stoppedSignal.promise,
      stats: () => this.subscription?.stats() ?? { fetches: 0, requested: 0, delivered: 0, unsettled: 0, retries: 0 },
    }
  }

  subscribe(subscriber: Subscriber<JetStreamEnvelope<T>>): void {
    if (subscriber === null || subscriber === undefined) throw rules.nullSubscriber(this.spec.operation)
    if (this.subscription !== null) {
      // One pull loop per materialization: a second subscriber is refused (§1.9 allows it).
      subscriber.onSubscribe({ request() {}, cancel() {} })
      subscriber.onError(new Error(`${this.spec.operation}: this run's source accepts one subscriber`))
      return
    }
    const subscription = new PullSubscription(this.spec, subscriber, () => this.stoppedSignal.resolve())
    this.subscription = subscription
    void this.stoppedSignal.promise.then(registerMetricSource(pullMetrics(this.spec.stream, this.spec.consumer, () => subscription.stats())))
    subscriber.onSubscribe(subscription)
    if (this.shutdownRequested) subscription.shutdown()
    void subscription.run()
  }
}

const NO_ROOM = Number.POSITIVE_INFINITY

class PullSubscription<T> implements Subscription, AckOwner {
  readonly stream: string
  readonly consumer: string
  private demand = 0
  /** cancel() or shutdown(): the loop ends after the current fetch. */
  private stopping = false
  /** shutdown(): end with onComplete; cancel(): end silently. */
  private cancelled = false
  private held: HeldConnection | null = null
  private flusher: AckFlusher | null = null
  private fetching: ConsumerMessages | null = null
  private wakeUp: (() => void) | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  private failures = 0
  private maxAckPending = NO_ROOM
  /** Durable consumers track unsettled messages; an ordered consumer has no acknowledgements. */
  private tracking = true
  private ackWaitMs = 30_000
  /** Delivered, not yet settled: stream sequence -> when delivered (or last `working()`). */
  private readonly unsettled = new Map<number, number>()
  private fetches = 0
  private requested = 0
  private delivered = 0
  private retries = 0

  constructor(
    private readonly spec: PullSpec<T>,
    private readonly subscriber: Subscriber<JetStreamEnvelope<T>>,
    private readonly onStopped: () => void,
  ) {
    this.stream = spec.stream
    this.consumer = spec.consumer
  }

  request(n: number): void {
    if (this.stopping) return
    if (!isValidRequest(n)) {
      this.cancel()
      this.subscriber.onError(rules.nonPositiveRequest(n))
      return
    }
    this.demand = addDemand(this.demand, n)
    this.wake()
  }

  cancel(): void {
    if (this.stopping && this.cancelled) return
    this.cancelled = true
    this.stop()
  }

  shutdown(): void {
    this.stop()
  }

  private stop(): void {
    this.stopping = true
    const fetching = this.fetching
    if (fetching !== null) fetching.stop()
    this.wake()
  }

  stats(): JetStreamSourceStats {
    return { fetches: this.fetches, requested: this.requested, delivered: this.delivered, unsettled: this.unsettled.size, retries: this.retries }
  }

  // ---- AckOwner ---------------------------------------------------------------------------

  settled(streamSequence: number): void {
    if (this.unsettled.delete(streamSequence) && this.wakeUp !== null) this.wake()
  }

  touched(streamSequence: number): void {
    if (this.unsettled.delete(streamSequence)) this.unsettled.set(streamSequence, Date.now())
  }

  confirm(): Promise<void> {
    const flusher = this.flusher
    if (flusher === null) return Promise.resolve()
    return flusher.confirm().catch((error: unknown) => {
      throw this.closedError(error)
    })
  }

  closedError(cause: unknown): Error {
    return new NatsConnectionError(this.spec.operation, 'closed', describeServers(this.spec.connection), cause)
  }

  // ---- the loop ---------------------------------------------------------------------------

  async run(): Promise<void> {
    let failure: unknown = undefined
    try {
      this.held = await holdConnection(this.spec.operation, this.spec.connection)
      this.flusher = new AckFlusher(this.held.nc)
      const consumer = await this.lookUp()
      while (consumer !== null && !this.stopping) {
        const room = this.maxAckPending - this.unsettled.size
        const n = Math.min(this.demand, this.spec.maxBatch, room)
        if (n >= 1) await this.fetchOnce(consumer, n)
        else if (this.demand > 0 && room <= 0) await this.waitForRoom()
        else await this.sleep(-1)
      }
    } catch (error) {
      failure = error
    }
    this.fetching = null
    if (!this.cancelled) {
      if (failure !== undefined) this.subscriber.onError(failure)
      else this.subscriber.onComplete()
    }
    this.stopping = true
    await this.release()
  }

  /** The consumer and its limits; null when stopped while looking. */
  private async lookUp(): Promise<Consumer | null> {
    const nc = this.held!.nc
    const js = jetstream(nc)
    while (!this.stopping) {
      try {
        const ordered = this.spec.ordered
        if (ordered !== undefined) {
          this.tracking = false
          const opts: Partial<OrderedConsumerOptions> = {}
          const filters = ordered.filterSubjects
          // One subject goes as `filter_subject`, which nats-server 2.9 understands; several need 2.10.
          if (filters !== undefined) opts.filter_subjects = filters.length === 1 ? filters[0]! : [...filters]
          if (ordered.startSequence !== undefined) {
            opts.deliver_policy = DeliverPolicy.StartSequence
            opts.opt_start_seq = ordered.startSequence
          }
          return await js.consumers.get(this.spec.stream, opts)
        }
        const consumer = await js.consumers.get(this.spec.stream, this.spec.consumer)
        const config = (await consumer.info(true)).config
        const max = config.max_ack_pending ?? -1
        this.maxAckPending = max > 0 ? max : NO_ROOM
        if (config.ack_wait !== undefined && config.ack_wait > 0) this.ackWaitMs = Math.ceil(config.ack_wait / 1e6)
        return consumer
      } catch (error) {
        await this.retryOrThrow(error)
      }
    }
    return null
  }

  private async fetchOnce(consumer: Consumer, n: number): Promise<void> {
    let decodeFailure: JetStreamDecodeError | undefined = undefined
    try {
      const messages = await consumer.fetch({ max_messages: n, expires: this.spec.expiresMs })
      this.fetching = messages
      this.fetches++
      this.requested += n
      if (this.stopping) messages.stop()
      for await (const message of messages) {
        if (this.stopping || decodeFailure !== undefined) {
          // Arrived after cancel/shutdown or a decode failure: give it back at once.
          message.nak()
          continue
        }
        this.failures = 0
        decodeFailure = this.deliver(message)
        if (decodeFailure !== undefined) messages.stop()
      }
    } catch (error) {
      if (this.stopping) return
      await this.retryOrThrow(error)
    } finally {
      this.fetching = null
    }
    if (decodeFailure !== undefined) throw decodeFailure
  }

  private deliver(message: JsMsg): JetStreamDecodeError | undefined {
    let payload: T
    const decode = this.spec.decode
    if (decode === undefined) payload = message.data as T
    else {
      try {
        payload = decode(message.data, message)
      } catch (error) {
        if (this.spec.onDecodeError === 'term') {
          message.term(`cannot decode: ${error instanceof Error ? error.message : String(error)}`)
          return undefined
        }
        // Left unsettled: redelivered after ack_wait, never acknowledged unprocessed.
        return new JetStreamDecodeError(this.spec.operation, message.subject, message.seq, error)
      }
    }
    this.demand--
    if (this.tracking) {
      const seq = message.seq
      this.unsettled.delete(seq)
      this.unsettled.set(seq, Date.now())
    }
    this.delivered++
    this.subscriber.onNext(new Envelope(message, payload, this))
    return undefined
  }

  /** Typed errors end the stream; others are retried with backoff, up to `maxRetries` in a row. */
  private async retryOrThrow(error: unknown): Promise<void> {
    const servers = describeServers(this.spec.connection)
    const typed = connectionError(this.spec.operation, servers, error) ?? notFoundError(this.spec.operation, this.spec.stream, this.spec.consumer, error)
    if (typed !== undefined) throw typed
    // The client refused the request itself: retrying changes nothing.
    const name = error instanceof Error ? error.name : ''
    if (name === 'InvalidArgumentError' || name === 'InvalidOperationError') throw error
    if (this.failures >= this.spec.maxRetries) throw error
    const delay = Math.min(this.spec.maxBackoffMs, this.spec.minBackoffMs * 2 ** Math.min(this.failures, 30))
    this.failures++
    this.retries++
    await this.sleep(delay)
  }

  /** Every slot of `max_ack_pending` holds an unsettled message: wait for a settlement or for the oldest to expire. */
  private async waitForRoom(): Promise<void> {
    const oldest = this.unsettled.values().next()
    const wait = oldest.done === true ? 0 : oldest.value + this.ackWaitMs - Date.now()
    if (wait > 0) {
      await this.sleep(wait)
      return
    }
    // The server redelivers expired messages (to any consumer process), so their slots are free
    // for a fetch again; a redelivery re-enters them here.
    const horizon = Date.now() - this.ackWaitMs
    for (const [seq, at] of this.unsettled) {
      if (at > horizon) break
      this.unsettled.delete(seq)
    }
  }

  /** Waits for a wake-up (request, settlement, stop), or `ms` when it is not negative. */
  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wakeUp = resolve
      if (ms >= 0) this.timer = setTimeout(() => this.wake(), ms)
    })
  }

  private wake(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer)
      this.timer = null
    }
    const wakeUp = this.wakeUp
    if (wakeUp === null) return
    this.wakeUp = null
    wakeUp()
  }

  /** An owned connection closes once emitted messages are settled (or after `closeTimeoutMs`). */
  private async release(): Promise<void> {
    const held = this.held
    try {
      if (held !== null && held.owned && !held.nc.isClosed()) {
        const deadline = Date.now() + this.spec.closeTimeoutMs
        while (this.unsettled.size > 0 && Date.now() < deadline) await this.sleep(deadline - Date.now())
        await this.confirm().catch(() => {})
      }
      await releaseConnection(held)
    } finally {
      this.wake()
      this.onStopped()
    }
  }
}
