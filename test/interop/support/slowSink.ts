import { deferred } from '../../../src/core/deferred.js'
import { sinkOf } from '../../../src/core/Graph.js'
import { SinkStage } from '../../../src/core/StageLogic.js'
import { Sink } from '../../../src/dsl/Sink.js'
import { macrotask } from '../../support/macrotask.js'

/**
 * A sink that takes one element per host turn (a `setImmediate` between pulls), keeps nothing,
 * and resolves with how many elements it saw. `onElement` runs for each (for sampling).
 */
export function slowSink<T>(onElement: (x: T, index: number) => void = () => {}): Sink<T, Promise<number>> {
  return new Sink(sinkOf<T, Promise<number>>('slowSink', () => new SlowSink<T>(onElement)).module)
}

class SlowSink<T> extends SinkStage<T> {
  private count = 0
  private readonly result = deferred<number>()
  private readonly again = this.getAsyncCallback<void>(() => this.pull(this.in))
  constructor(private readonly onElement: (x: T, index: number) => void) {
    super()
    this.mat = this.result.promise
  }
  override preStart(): void {
    this.pull(this.in)
  }
  onPush(): void {
    this.onElement(this.grab(this.in), this.count++)
    void macrotask().then(() => this.again())
  }
  override onUpstreamFinish(): void {
    this.result.resolve(this.count)
    this.completeStage()
  }
  override failStage(error: unknown): void {
    this.result.reject(error) // upstream failure, or a throw in onElement (a failed expectation)
    super.failStage(error)
  }
  override postStop(): void {
    this.result.reject(new Error('slowSink: stopped before completion'))
  }
}
