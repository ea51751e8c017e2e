import { Readable } from 'node:stream'
import { requireNonNegativeInt } from '../../core/args.js'
import { sinkOf, type SourceGraph } from '../../core/Graph.js'
import { materialize, type RunOptions } from '../../core/materialize.js'
import { keepRight } from '../../core/Module.js'
import { SinkStage } from '../../core/StageLogic.js'

/**
 * Options of {@link toReadable}.
 *
 * @category interop
 * @since 0.1.0
 */
export interface ToReadableOptions extends RunOptions {
  /** Object mode (default `true`); set `false` for a stream of Buffers or strings. */
  readonly objectMode?: boolean
  /** The Readable's `highWaterMark` (objects in object mode, bytes otherwise; Node's default when absent). */
  readonly highWaterMark?: number
}

/**
 * A Node `Readable` of the elements of `source`. Node drives the run: each `_read` pulls
 * upstream, and the run keeps pulling while `push()` returns `true` (the Readable's buffer is
 * below `highWaterMark`). Destroying the Readable cancels the run; a failure of the run destroys
 * the Readable with the error.
 *
 * ```
 * source:   -a-b-c-|
 * readable: -a-b-c-|      ('end' after the last chunk)
 * ```
 * - **Emits when** Node calls `_read` and upstream pushes
 * - **Backpressures when** `push()` returned `false`, until the next `_read`
 * - **Completes when** upstream completes (`push(null)`)
 * - **Fails when** upstream fails (the Readable is destroyed with the error)
 * - **Cancels when** the Readable is destroyed
 *
 * @example
 * ```ts
 * const lines: string[] = []
 * for await (const x of toReadable(Source.range(1, 3).map(String))) lines.push(x)
 * lines // ['1', '2', '3']
 * ```
 * @see {@link fromReadable}, {@link toWritable}, {@link asDuplex}
 * @category interop
 * @since 0.1.0
 */
export function toReadable<T>(source: SourceGraph<T, unknown>, options: ToReadableOptions = {}): Readable {
  const highWaterMark =
    options.highWaterMark === undefined ? undefined : requireNonNegativeInt('toReadable', 'options.highWaterMark', options.highWaterMark)
  let stage: ReadableSink<T> | null = null
  const readable = new Readable({
    objectMode: options.objectMode ?? true,
    ...(highWaterMark === undefined ? {} : { highWaterMark }),
    read() {
      stage!.demand()
    },
    destroy(error, callback) {
      stage!.destroyed(error)
      callback(error)
    },
  })
  const sink = sinkOf<T>('toReadable', () => (stage = new ReadableSink<T>(readable)))
  materialize(source.module.compose(sink.module, [[0, 0]], keepRight), options)
  return readable
}

/**
 * The sink half of {@link toReadable} and {@link asDuplex}: pushes into a Readable as fast as
 * its buffer allows.
 *
 * @internal
 */
export class ReadableSink<T> extends SinkStage<T> {
  private gone = false
  private readonly onDemand = this.getAsyncCallback<void>(() => {
    if (!this.hasBeenPulled(this.in) && !this.isClosed(this.in)) this.pull(this.in)
  })
  private readonly onDestroyed = this.getAsyncCallback<unknown>((error) => this.cancelStage(error))
  constructor(private readonly readable: Readable) {
    super()
  }
  /** Node's `_read`. */
  demand(): void {
    this.onDemand()
  }
  /** Node's `_destroy`: no more pushes, and the run is cancelled. */
  destroyed(error: unknown): void {
    this.gone = true
    this.onDestroyed(error ?? undefined)
  }
  onPush(): void {
    const elem = this.grab(this.in)
    if (this.gone) return
    if (this.readable.push(elem)) this.pull(this.in)
  }
  override onUpstreamFinish(): void {
    if (!this.gone) this.readable.push(null)
    this.completeStage()
  }
  override onUpstreamFailure(error: unknown): void {
    if (!this.gone) {
      this.gone = true
      this.readable.destroy(error instanceof Error ? error : new Error(String(error), { cause: error }))
    }
    this.failStage(error)
  }
}
