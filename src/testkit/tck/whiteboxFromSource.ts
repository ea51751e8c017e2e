/**
 * Turns a sluice Source that materializes a Subscriber into a whitebox Subscriber for the TCK.
 *
 * @module
 */
import { sinkOf, type SourceGraph } from '../../core/Graph.js'
import { SinkStage } from '../../core/StageLogic.js'
import { Keep } from '../../dsl/Keep.js'
import { Source } from '../../dsl/Source.js'
import type { Subscriber } from '../../spec/types.js'
import type { SubscriberPuppet, WhiteboxProbe } from './WhiteboxProbe.js'

/**
 * Makes `createSubscriber` for {@link verifySubscriberWhitebox} from a Source that materializes
 * a Subscriber (`Source.asSubscriber()`): each call runs the Source into a sink that reports
 * every element, completion and failure to the probe and requests or cancels when the puppet says.
 *
 * @example
 * ```ts
 * const checks = verifySubscriberWhitebox({ createSubscriber: whiteboxFromSource(Source.asSubscriber<number>()) })
 * ```
 * @category testkit
 * @since 0.1.0
 */
export function whiteboxFromSource<T>(source: SourceGraph<T, Subscriber<T>>): (probe: WhiteboxProbe<T>) => Subscriber<T> {
  return (probe) => {
    let sink: PuppetSink<T> | null = null
    const inner = Source.fromGraph(source)
      .toMat(
        sinkOf<T, void>('whitebox', () => (sink = new PuppetSink<T>(probe))),
        Keep.left,
      )
      .run()
    const stage = sink as unknown as PuppetSink<T>
    return {
      onSubscribe(subscription) {
        inner.onSubscribe(subscription)
        probe.registerOnSubscribe(stage.puppet)
      },
      onNext: (x) => inner.onNext(x),
      onError: (e) => inner.onError(e),
      onComplete: () => inner.onComplete(),
    }
  }
}

class PuppetSink<T> extends SinkStage<T> {
  private demand = 0
  private readonly requestCb = this.getAsyncCallback<number>((n) => {
    this.demand += n
    if (!this.hasBeenPulled(this.in) && !this.isClosed(this.in)) this.pull(this.in)
  })
  private readonly cancelCb = this.getAsyncCallback<void>(() => this.cancel(this.in))
  readonly puppet: SubscriberPuppet = {
    triggerRequest: (n) => this.requestCb(n),
    signalCancel: () => this.cancelCb(),
  }
  constructor(private readonly probe: WhiteboxProbe<T>) {
    super()
  }
  onPush(): void {
    this.probe.registerOnNext(this.grab(this.in))
    if (--this.demand > 0) this.pull(this.in)
  }
  override onUpstreamFinish(): void {
    this.probe.registerOnComplete()
    this.completeStage()
  }
  override onUpstreamFailure(error: unknown): void {
    this.probe.registerOnError(error)
    this.failStage(error)
  }
}
