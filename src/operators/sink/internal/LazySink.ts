import { deferred } from '../../../core/deferred.js'
import { keepRight } from '../../../core/Module.js'
import { materialize } from '../../../core/materialize.js'
import type { SinkGraph } from '../../../core/Graph.js'
import { SinkStage } from '../../../core/StageLogic.js'
import { isThenable } from '../../async/internal/thenable.js'
import { SubSourceOutlet } from '../../substream/internal/SubSourceOutlet.js'
import { NeverMaterializedError } from '../NeverMaterializedError.js'

/**
 * The stage behind `lazySink`, `lazyFutureSink` and `futureSink`: waits for the first element,
 * then asks `create` for the sink (or a Promise of it), runs that sink inside this interpreter
 * fed by a substream outlet, and resolves the materialized Promise with the sink's value. The
 * first element is held until the inner sink pulls it.
 *
 * @internal
 */
export class LazySink<T, M> extends SinkStage<T> {
  private readonly result = deferred<M>()
  private input: SubSourceOutlet<T> | null = null
  private pending: T | undefined = undefined
  private holding = false
  private readonly onSink = this.getAsyncCallback<SinkGraph<T, M>>((sink) => this.start(sink))
  private readonly onSinkFailed = this.getAsyncCallback<unknown>((error) => this.failStage(error))
  constructor(private readonly create: () => SinkGraph<T, M> | PromiseLike<SinkGraph<T, M>>) {
    super()
    this.mat = this.result.promise
  }
  override preStart(): void {
    this.pull(this.in)
  }
  onPush(): void {
    const elem = this.grab(this.in)
    if (this.input !== null) {
      if (this.input.isAvailable()) this.input.push(elem)
      else this.hold(elem)
      return
    }
    this.hold(elem)
    const sink = this.create()
    if (isThenable(sink)) sink.then(this.onSink, this.onSinkFailed)
    else this.start(sink)
  }
  override onUpstreamFinish(): void {
    if (this.input === null && !this.holding) {
      this.result.reject(new NeverMaterializedError(`${this.name}: the stream completed before the first element, so the sink was never created`))
      return this.completeStage()
    }
    if (this.holding) return this.setKeepGoing(true) // hand the held element to the inner sink first
    this.input!.complete()
    this.completeStage()
  }
  override onUpstreamFailure(error: unknown): void {
    this.input?.fail(error)
    this.failStage(error)
  }
  override failStage(error: unknown): void {
    this.result.reject(error) // no effect once resolved
    super.failStage(error)
    this.setKeepGoing(false)
  }
  override postStop(): void {
    this.result.reject(new NeverMaterializedError(`${this.name}: the stream stopped before the sink was created`))
  }

  private hold(elem: T): void {
    this.pending = elem
    this.holding = true
  }

  private start(sink: SinkGraph<T, M>): void {
    if (sink === null || typeof sink !== 'object' || sink.module === undefined)
      throw new TypeError(`${this.name}: expected a Sink from the factory, got ${String(sink)}`)
    const input: SubSourceOutlet<T> = new SubSourceOutlet<T>(this, 'in', {
      onPull: () => this.innerPulled(),
      onDownstreamFinish: (cause) => {
        this.setKeepGoing(false)
        this.cancelStage(cause)
      },
    })
    this.input = input
    this.result.resolve(materialize(input.source().module.compose(sink.module, [[0, 0]], keepRight), {}, this.interpreter) as M)
  }

  private innerPulled(): void {
    if (this.holding) {
      const elem = this.pending as T
      this.pending = undefined
      this.holding = false
      this.input!.push(elem)
      if (this.isClosed(this.in)) {
        this.input!.complete()
        this.setKeepGoing(false)
        this.completeStage()
      }
    } else if (!this.isClosed(this.in) && !this.hasBeenPulled(this.in)) this.pull(this.in)
  }
}
