import { Duplex } from 'node:stream'
import { requireDefined, requireNonNegativeInt } from '../../core/args.js'
import { type FlowGraph, sinkOf, sourceOf } from '../../core/Graph.js'
import { materialize, type RunOptions } from '../../core/materialize.js'
import { keepLeft } from '../../core/Module.js'
import { SourceStage } from '../../core/StageLogic.js'
import { ReadableSink } from './toReadable.js'

/**
 * Options of {@link asDuplex}.
 *
 * @category interop
 * @since 0.1.0
 */
export interface AsDuplexOptions extends RunOptions {
  /** Object mode of the writable side (default `true`). */
  readonly writableObjectMode?: boolean
  /** Object mode of the readable side (default `true`). */
  readonly readableObjectMode?: boolean
  /** `highWaterMark` of the writable side (Node's default when absent). */
  readonly writableHighWaterMark?: number
  /** `highWaterMark` of the readable side (Node's default when absent). */
  readonly readableHighWaterMark?: number
}

/**
 * A Node `Duplex` that runs `flow`: what is written to it goes into the flow, what the flow
 * emits can be read from it. Use it wherever a `Transform` fits, for example inside
 * `stream.pipeline`. Both sides keep Node's flow control: the callback of a write (or of the
 * batch of buffered writes Node hands over through `_writev`) is called only when the flow has
 * taken its chunks, so Node buffers at most `writableHighWaterMark` ahead of the flow; and the
 * flow is pulled only while the readable side is below `readableHighWaterMark`.
 *
 * ```
 * write: -a-b-c-|           (end())
 * read:  -A-B-C-|           flow: map(toUpperCase)
 * ```
 * - **Emits when** Node reads and the flow emits
 * - **Backpressures when** the readable side is full (the flow is not pulled, so writes wait)
 * - **Completes when** the writable side ended and the flow completed (`push(null)`)
 * - **Fails when** the flow fails (the Duplex is destroyed with the error)
 * - **Cancels when** the Duplex is destroyed (the run is cancelled); when the flow stops taking
 *   input early (`take`), later writes are accepted and dropped, so a pipeline can finish
 *
 * @example
 * ```ts
 * import { Readable, Writable } from 'node:stream'
 * import { pipeline } from 'node:stream/promises'
 * const seen: string[] = []
 * const collect = new Writable({ objectMode: true, write(x, _e, cb) { seen.push(x); cb() } })
 * await pipeline(Readable.from(['a', 'b']), asDuplex(Flow.create<string>().map((s) => s.toUpperCase())), collect)
 * seen // ['A', 'B']
 * ```
 * @see {@link fromReadable}, {@link toReadable}, {@link toWritable}
 * @category interop
 * @since 0.1.0
 */
export function asDuplex<In, Out>(flow: FlowGraph<In, Out, unknown>, options: AsDuplexOptions = {}): Duplex {
  requireDefined('asDuplex', 'flow', flow)
  const whm = options.writableHighWaterMark
  const rhm = options.readableHighWaterMark
  if (whm !== undefined) requireNonNegativeInt('asDuplex', 'options.writableHighWaterMark', whm)
  if (rhm !== undefined) requireNonNegativeInt('asDuplex', 'options.readableHighWaterMark', rhm)
  let input: DuplexInput<In> | null = null
  let output: ReadableSink<Out> | null = null
  const duplex = new Duplex({
    writableObjectMode: options.writableObjectMode ?? true,
    readableObjectMode: options.readableObjectMode ?? true,
    ...(whm === undefined ? {} : { writableHighWaterMark: whm }),
    ...(rhm === undefined ? {} : { readableHighWaterMark: rhm }),
    write(chunk: In, _encoding, callback) {
      input!.write([chunk], callback)
    },
    // Node hands over everything it buffered at once: one hop into the run per batch, not per chunk.
    writev(chunks: { chunk: In }[], callback) {
      input!.write(
        chunks.map((c) => c.chunk),
        callback,
      )
    },
    final(callback) {
      input!.end(callback)
    },
    read() {
      output!.demand()
    },
    destroy(error, callback) {
      input!.destroyed(error)
      output!.destroyed(error)
      callback(error)
    },
  })
  const source = sourceOf<In>('asDuplex.in', () => (input = new DuplexInput<In>()))
  const sink = sinkOf<Out>('asDuplex.out', () => (output = new ReadableSink<Out>(duplex)))
  materialize(source.module.compose(flow.module, [[0, 0]], keepLeft).compose(sink.module, [[0, 0]], keepLeft), options)
  return duplex
}

type WriteCallback = (error?: Error | null) => void

/** The writable side: holds the chunks Node handed to `_write`/`_writev` until the flow pulls them. */
class DuplexInput<T> extends SourceStage<T> {
  private chunks: T[] | null = null
  private index = 0
  private callback: WriteCallback | null = null
  private ended = false
  private finalCallback: WriteCallback | null = null
  private readonly wake = this.getAsyncCallback<void>(() => {
    if (this.isAvailable(this.out)) this.onPull()
  })
  private readonly onDestroyed = this.getAsyncCallback<unknown>((error) => {
    if (error !== undefined && error !== null) this.failStage(error)
    else this.completeStage()
  })

  write(chunks: T[], callback: WriteCallback): void {
    // The flow stopped taking input (a `take` that is done): accept and drop, so writers finish.
    if (this.isStopped) return callback()
    this.chunks = chunks
    this.index = 0
    this.callback = callback
    this.wake()
  }

  end(callback: WriteCallback): void {
    this.ended = true
    if (this.isStopped) return callback()
    this.finalCallback = callback
    this.wake()
  }

  destroyed(error: unknown): void {
    this.onDestroyed(error)
  }

  onPull(): void {
    const chunks = this.chunks
    if (chunks !== null) {
      const chunk = chunks[this.index++]!
      if (this.index === chunks.length) {
        // The batch is taken: release the writer (Node may hand over the next batch right here;
        // it waits for the next pull).
        const callback = this.callback!
        this.chunks = null
        this.callback = null
        this.push(this.out, chunk)
        callback()
      } else this.push(this.out, chunk)
    } else if (this.ended) {
      this.completeStage()
      const final = this.finalCallback
      this.finalCallback = null
      final?.()
    }
  }

  override postStop(): void {
    // Release a writer still waiting on us; the flow is gone, so its chunk is dropped.
    const callback = this.callback
    this.callback = null
    this.chunks = null
    callback?.()
    const final = this.finalCallback
    this.finalCallback = null
    final?.()
  }
}
