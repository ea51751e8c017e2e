/**
 * The stage behind `Source.fromPublisher` and `Source.asSubscriber`, and the downstream half of
 * every async boundary: a Reactive Streams `Subscriber` whose buffer asks for demand in batches.
 *
 * @module
 */
import { rules } from '../spec/rules.js'
import type { Publisher, Subscriber, Subscription } from '../spec/types.js'
import { SourceStage, type StageIntrospection } from './StageLogic.js'

/**
 * Subscribes to a Publisher (or materializes a Subscriber for one) and emits what it receives.
 * It requests `bufferSize` at first, then again as soon as half of that has been consumed, so
 * demand crosses the boundary in batches rather than one element at a time.
 *
 * @internal
 */
export class SubscriberSource<T> extends SourceStage<T> {
  private subscription: Subscription | null = null
  private buffer: T[] = []
  private readIndex = 0
  private consumed = 0
  private terminal: 'no' | 'completed' | 'failed' = 'no'
  private failure: unknown = undefined
  private wakeScheduled = false
  private readonly refill: number
  /** Requested from the publisher and not received yet. */
  private outstanding = 0
  private readonly wake = this.getAsyncCallback<void>(() => {
    this.wakeScheduled = false
    this.onSignal()
  })
  readonly subscriber: Subscriber<T>

  constructor(
    private readonly publisher: Publisher<T> | null,
    private readonly bufferSize: number,
    where: string,
  ) {
    super()
    this.refill = Math.max(1, bufferSize >> 1)
    const self = this
    this.subscriber = {
      onSubscribe(subscription: Subscription) {
        if (subscription === null || subscription === undefined) throw rules.nullSubscription(where)
        if (self.subscription !== null || self.isStopped) {
          subscription.cancel() // §2.5: one active Subscription at a time
          return
        }
        self.subscription = subscription
        self.outstanding = self.bufferSize
        subscription.request(self.bufferSize)
      },
      onNext(element: T) {
        if (element === null || element === undefined) throw rules.nullElement(where)
        if (self.terminal !== 'no' || self.isStopped) return
        self.buffer.push(element)
        self.outstanding--
        if (self.buffer.length - self.readIndex > self.bufferSize) {
          self.terminal = 'failed'
          self.failure = rules.demandExceeded(where)
          self.subscription?.cancel()
        }
        self.signal()
      },
      onError(error: unknown) {
        if (error === null || error === undefined) throw rules.nullError(where)
        if (self.terminal !== 'no') return
        self.terminal = 'failed'
        self.failure = error
        self.signal()
      },
      onComplete() {
        if (self.terminal !== 'no') return
        self.terminal = 'completed'
        self.signal()
      },
    }
    this.mat = this.subscriber
  }

  override introspect(): StageIntrospection {
    return {
      buffered: this.buffer.length - this.readIndex,
      capacity: this.bufferSize,
      requested: this.subscription === null ? 0 : this.outstanding,
      ...(this.subscription === null && !this.isStopped ? { detail: 'not subscribed yet' } : {}),
    }
  }

  override preStart(): void {
    if (this.publisher !== null) this.publisher.subscribe(this.subscriber)
  }

  /** Wakes the stage once per batch: only when downstream waits for what just arrived. */
  private signal(): void {
    if (!this.wakeScheduled && (this.isAvailable(this.out) || this.terminal !== 'no')) {
      this.wakeScheduled = true
      this.wake()
    }
  }

  private onSignal(): void {
    if (this.isAvailable(this.out)) this.onPull()
    else if (this.readIndex === this.buffer.length) this.finishIfTerminal()
  }

  onPull(): void {
    if (this.readIndex < this.buffer.length) {
      const elem = this.buffer[this.readIndex]!
      this.buffer[this.readIndex++] = undefined as T
      if (this.readIndex === this.buffer.length) {
        this.buffer.length = 0
        this.readIndex = 0
      }
      this.push(this.out, elem)
      if (this.terminal !== 'no') {
        // the last buffered element is out and the Publisher already finished: finish now, with no pull
        if (this.readIndex === this.buffer.length) this.finishIfTerminal()
      } else if (++this.consumed >= this.refill) {
        const n = this.consumed
        this.consumed = 0
        this.outstanding += n
        this.subscription?.request(n)
      }
    } else this.finishIfTerminal()
  }

  private finishIfTerminal(): void {
    if (this.terminal === 'completed') this.completeStage()
    else if (this.terminal === 'failed') this.failStage(this.failure)
  }

  override onDownstreamFinish(): void {
    this.subscription?.cancel()
    this.subscription = null
    this.completeStage()
  }

  override postStop(): void {
    this.buffer.length = 0
  }
}
