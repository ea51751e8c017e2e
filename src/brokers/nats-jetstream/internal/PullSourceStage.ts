/**
 * The stage of {@link jetStreamSource}: the pull loop read through a buffer of `batch` envelopes.
 *
 * @module
 * @internal
 */
import { SourceStage } from '../../../core/StageLogic.js'
import type { Subscriber, Subscription } from '../../../spec/types.js'
import type { JetStreamEnvelope } from '../JetStreamEnvelope.js'
import type { PullPublisher } from './PullPublisher.js'

/**
 * Like the boundary of `Source.fromPublisher`: it requests `batch` at first, then half of it each
 * time half was emitted, so fetches are sized by the stream's demand. Unlike it, envelopes still in
 * the buffer when the stage stops (downstream cancelled or failed) are nak'ed at once: they were
 * never processed, and another reader can have them without waiting for `ack_wait`.
 *
 * @internal
 */
export class PullSourceStage<T> extends SourceStage<JetStreamEnvelope<T>> implements Subscriber<JetStreamEnvelope<T>> {
  private subscription: Subscription | null = null
  private buffer: JetStreamEnvelope<T>[] = []
  private readIndex = 0
  private consumed = 0
  private terminal: 'no' | 'completed' | 'failed' = 'no'
  private failure: unknown = undefined
  private wakeScheduled = false
  private readonly refill: number
  private readonly wake = this.getAsyncCallback<void>(() => {
    this.wakeScheduled = false
    if (this.isAvailable(this.out)) this.onPull()
    else if (this.readIndex === this.buffer.length) this.finishIfTerminal()
  })

  constructor(
    private readonly publisher: PullPublisher<T>,
    private readonly batch: number,
  ) {
    super()
    this.refill = Math.max(1, batch >> 1)
    this.mat = publisher.control
  }

  override preStart(): void {
    this.publisher.subscribe(this)
  }

  // ---- Subscriber (called by the pull loop, outside the interpreter) ----------------------

  onSubscribe(subscription: Subscription): void {
    this.subscription = subscription
    subscription.request(this.batch)
  }

  onNext(envelope: JetStreamEnvelope<T>): void {
    if (this.isStopped) {
      void envelope.nak().catch(() => {})
      return
    }
    this.buffer.push(envelope)
    this.signal()
  }

  onError(error: unknown): void {
    if (this.terminal !== 'no') return
    this.terminal = 'failed'
    this.failure = error
    this.signal()
  }

  onComplete(): void {
    if (this.terminal !== 'no') return
    this.terminal = 'completed'
    this.signal()
  }

  private signal(): void {
    // Wake the stage only when downstream waits for what just arrived (or to finish): a pull finds the rest.
    if (!this.wakeScheduled && (this.isAvailable(this.out) || this.terminal !== 'no')) {
      this.wakeScheduled = true
      this.wake()
    }
  }

  // ---- the stage --------------------------------------------------------------------------

  onPull(): void {
    if (this.readIndex < this.buffer.length) {
      const envelope = this.buffer[this.readIndex]!
      this.buffer[this.readIndex++] = undefined as unknown as JetStreamEnvelope<T>
      if (this.readIndex === this.buffer.length) {
        this.buffer.length = 0
        this.readIndex = 0
      }
      this.push(this.out, envelope)
      if (++this.consumed >= this.refill && this.terminal === 'no') {
        const n = this.consumed
        this.consumed = 0
        this.subscription?.request(n)
      }
    } else this.finishIfTerminal()
  }

  private finishIfTerminal(): void {
    if (this.terminal === 'completed') this.completeStage()
    else if (this.terminal === 'failed') this.failStage(this.failure)
  }

  override postStop(): void {
    if (this.terminal === 'no') this.subscription?.cancel()
    this.subscription = null
    // Never emitted, so never processed: give them back now rather than after ack_wait.
    for (let i = this.readIndex; i < this.buffer.length; i++) void this.buffer[i]!.nak().catch(() => {})
    this.buffer.length = 0
    this.readIndex = 0
  }
}
