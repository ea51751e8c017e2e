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
 * `stream.pipeline`. Both sides keep Node's flow control. The writable side takes chunks into a
 * queue of its own as long as that queue is below `writableHighWaterMark` (counted as Node counts
 * it: objects, or bytes); beyond that a write's callback waits until the flow has taken enough,
 * so Node buffers further writes and then says `false` to its writer. At most about twice
 * `writableHighWaterMark` waits ahead of the flow. The flow is pulled only while the readable side
 * is below `readableHighWaterMark`.
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
  const source = sourceOf<In>('asDuplex.in', () => (input = new DuplexInput<In>(duplex.writableHighWaterMark, duplex.writableObjectMode)))
  const sink = sinkOf<Out>('asDuplex.out', () => (output = new ReadableSink<Out>(duplex)))
  materialize(source.module.compose(flow.module, [[0, 0]], keepLeft).compose(sink.module, [[0, 0]], keepLeft), options)
  return duplex
}

type WriteCallback = (error?: Error | null) => void

/**
 * The writable side: a queue of at most `capacity` (objects, or bytes) that the flow pulls from.
 * Releasing write callbacks while the queue has room, instead of one per chunk taken, lets a
 * writer run without Node pausing it every few chunks; past `capacity` the callback waits.
 */
class DuplexInput<T> extends SourceStage<T> {
  private queue: T[] = []
  private head = 0
  private queuedSize = 0
  /** The callback of the last write when it found the queue full (Node sends no more until it is called). */
  private held: WriteCallback | null = null
  /** Downstream pulled and the queue was empty. */
  private waiting = false
  private ended = false
  private finalCallback: WriteCallback | null = null
  /** A write found the flow waiting and the queue has room: one wake-up takes all the writes Node makes meanwhile. */
  private readonly wake = this.getAsyncCallback<void>(() => this.resume())
  /**
   * A write found the flow waiting and filled the queue, so Node writes nothing more until the flow
   * takes some: deliver at once, inside Node's write (`Interpreter.settle`, as `fromReadable` does
   * for `'data'`; queued when the run is busy). Large chunks take this way: a wake-up per chunk
   * cost 64 KiB chunks three times Node's `Transform`.
   */
  private wakeNow(): void {
    this.interpreter.settle(this, this.resume as (arg: unknown) => void, undefined)
  }
  private resume(): void {
    if (this.waiting) {
      this.waiting = false
      this.onPull()
    }
  }
  private readonly onDestroyed = this.getAsyncCallback<unknown>((error) => {
    if (error !== undefined && error !== null) this.failStage(error)
    else this.completeStage()
  })

  constructor(
    private readonly capacity: number,
    private readonly objectMode: boolean,
  ) {
    super()
  }

  private sizeOf(chunk: T): number {
    return this.objectMode ? 1 : ((chunk as { length?: number }).length ?? 1)
  }

  write(chunks: T[], callback: WriteCallback): void {
    // The flow stopped taking input (a `take` that is done): accept and drop, so writers finish.
    if (this.isStopped) return callback()
    for (const chunk of chunks) {
      this.queue.push(chunk)
      this.queuedSize += this.sizeOf(chunk)
    }
    if (this.queuedSize < this.capacity) {
      if (this.waiting) this.wake()
      callback()
    } else {
      this.held = callback
      if (this.waiting) this.wakeNow()
    }
  }

  end(callback: WriteCallback): void {
    this.ended = true
    if (this.isStopped) return callback()
    this.finalCallback = callback
    if (this.waiting) this.wake()
  }

  destroyed(error: unknown): void {
    this.onDestroyed(error)
  }

  onPull(): void {
    if (this.head < this.queue.length) {
      const chunk = this.queue[this.head]!
      this.queue[this.head++] = undefined as T
      if (this.head === this.queue.length) {
        this.queue.length = 0
        this.head = 0
      }
      this.queuedSize -= this.sizeOf(chunk)
      this.push(this.out, chunk)
      const held = this.held
      // Node may hand over the next chunks right inside this callback; they wait for the next pull.
      if (held !== null && this.queuedSize < this.capacity) {
        this.held = null
        held()
      }
    } else if (this.ended) {
      this.completeStage()
      const final = this.finalCallback
      this.finalCallback = null
      final?.()
    } else this.waiting = true
  }

  override postStop(): void {
    // Release a writer still waiting on us; the flow is gone, so what it wrote is dropped.
    const held = this.held
    this.held = null
    this.queue = []
    held?.()
    const final = this.finalCallback
    this.finalCallback = null
    final?.()
  }
}
