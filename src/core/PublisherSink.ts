/**
 * The stage behind `Sink.asPublisher()` and the upstream half of every async boundary: it turns
 * the elements of a run into a Reactive Streams `Publisher` for one Subscriber.
 *
 * @module
 */
import { addDemand, isValidRequest, rules } from '../spec/rules.js'
import type { Publisher, Subscriber, Subscription } from '../spec/types.js'
import { SinkStage, type StageIntrospection } from './StageLogic.js'

const noopSubscription: Subscription = { request() {}, cancel() {} }

/**
 * A sink that offers its elements to one {@link Subscriber}, exactly as fast as it requests them.
 * Signals to the Subscriber are serial and never re-entrant (requests made inside `onNext` are
 * handled after it returns, §3.3).
 *
 * @internal
 */
export class PublisherSink<T> extends SinkStage<T> {
  private subscriber: Subscriber<T> | null = null
  private demand = 0
  private subscribed = false
  private readonly publisher: Publisher<T>
  private readonly onSubscribeCb = this.getAsyncCallback<Subscriber<T>>((s) => this.attach(s))
  private readonly onRequestCb = this.getAsyncCallback<number>((n) => this.addRequest(n))
  private readonly onCancelCb = this.getAsyncCallback<void>(() => this.detach())
  private finished: 'no' | 'completed' | 'failed' = 'no'
  private failure: unknown = undefined

  constructor() {
    super()
    const self = this
    // The subscription methods may be called from anywhere; they only queue work for the stage.
    const subscription: Subscription = {
      request(n: number) {
        if (self.subscriber !== null) self.onRequestCb(n)
      },
      cancel() {
        if (self.subscriber !== null) self.onCancelCb()
      },
    }
    this.publisher = {
      subscribe(subscriber: Subscriber<T>) {
        if (subscriber === null || subscriber === undefined) throw rules.nullSubscriber('asPublisher')
        if (self.subscribed) {
          subscriber.onSubscribe(noopSubscription)
          subscriber.onError(rules.singleSubscriber('asPublisher'))
          return
        }
        self.subscribed = true
        self.subscription = subscription
        if (self.isStopped) self.lateSubscriber(subscriber)
        else self.onSubscribeCb(subscriber)
      },
    }
    this.mat = this.publisher
    // Stay alive after upstream finishes until a Subscriber has been told.
    this.setKeepGoing(true)
  }

  private subscription: Subscription = noopSubscription

  override introspect(): StageIntrospection {
    return { requested: this.demand, ...(this.subscriber === null ? { detail: 'no subscriber yet' } : {}) }
  }

  private attach(s: Subscriber<T>): void {
    this.subscriber = s
    s.onSubscribe(this.subscription)
    if (this.finished !== 'no') this.signalTerminal()
  }

  /** A Subscriber arrived after the stage stopped: tell it how the stream ended. */
  private lateSubscriber(s: Subscriber<T>): void {
    s.onSubscribe(noopSubscription)
    if (this.finished === 'failed') s.onError(this.failure)
    else s.onComplete()
  }

  private addRequest(n: number): void {
    const s = this.subscriber
    if (s === null) return
    if (!isValidRequest(n)) {
      this.subscriber = null
      s.onError(rules.nonPositiveRequest(n))
      this.cancelStage(undefined)
      this.setKeepGoing(false)
      return
    }
    this.demand = addDemand(this.demand, n)
    if (this.finished === 'no' && !this.hasBeenPulled(this.in) && !this.isClosed(this.in)) this.pull(this.in)
  }

  private detach(): void {
    this.subscriber = null
    this.cancel(this.in)
    this.setKeepGoing(false)
  }

  onPush(): void {
    const elem = this.grab(this.in)
    const s = this.subscriber
    if (s === null) return
    this.demand--
    try {
      s.onNext(elem)
    } catch (e) {
      // §2.13: a Subscriber that throws is treated as cancelled; the error has nowhere to go but the run's hook
      this.subscriber = null
      this.interpreter.onUnhandledError(e, this.name)
      this.cancelStage(e)
      this.setKeepGoing(false)
      return
    }
    if (this.demand > 0 && this.subscriber !== null && !this.isClosed(this.in)) this.pull(this.in)
  }

  override onUpstreamFinish(): void {
    this.finished = 'completed'
    if (this.subscriber !== null) this.signalTerminal()
  }

  override onUpstreamFailure(error: unknown): void {
    this.finished = 'failed'
    this.failure = error
    if (this.subscriber !== null) this.signalTerminal()
  }

  private signalTerminal(): void {
    const s = this.subscriber!
    this.subscriber = null
    if (this.finished === 'failed') s.onError(this.failure)
    else s.onComplete()
    this.setKeepGoing(false)
  }
}
