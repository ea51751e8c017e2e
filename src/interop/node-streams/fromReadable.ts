import { finished, type Readable } from 'node:stream'
import { requireDefined } from '../../core/args.js'
import { sourceOf } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'
import { Source } from '../../dsl/Source.js'

/**
 * Emits the chunks of a Node `Readable`. While downstream has demand the Readable flows, as with
 * `pipe`: each `'data'` chunk is pushed and runs through the stream at once, and Node's loop goes
 * on to the next. A chunk that arrives without demand is held (one at most) and the Readable is
 * paused; the pull that takes the chunk resumes it. So when demand is zero nothing more is read,
 * and Node stops calling `_read` once its own buffer reaches `highWaterMark`. On cancel the
 * Readable is destroyed; its `'error'` fails the stream.
 *
 * ```
 * readable: -a-b-c-d-|
 * out:      -a-b-c-d-|
 * ```
 * - **Emits when** the Readable emits `'data'` and downstream has demand, or downstream pulls while a chunk is held
 * - **Backpressures when** downstream does not pull (the Readable is paused; its buffer fills to its `highWaterMark`)
 * - **Completes when** the Readable ends (`'end'`) and the held chunk, if any, was taken
 * - **Fails when** the Readable emits `'error'` or closes before it ended
 * - **Cancels when** downstream cancels (the Readable is destroyed)
 *
 * @example
 * ```ts
 * import { Readable } from 'node:stream'
 * await fromReadable<string>(Readable.from(['a', 'b'])).runCollect() // ['a', 'b']
 * ```
 * **Gotchas** each element is one chunk as Node emits it in `'data'` (as pushed, in byte and in
 * object mode). The source puts the Readable in flowing mode: do not also read it elsewhere
 * (`read()`, another `'data'` listener, `pipe`). A long synchronous run gives the host a turn after
 * each time slice: the source then holds the chunk in hand and pauses the Readable until it goes on.
 *
 * @see {@link toReadable}, {@link toWritable}, {@link asDuplex}
 * @category interop
 * @since 0.1.0
 */
export function fromReadable<T = Buffer>(readable: Readable): Source<T> {
  requireDefined('fromReadable', 'readable', readable)
  if (typeof (readable as Partial<Readable>).read !== 'function' || typeof (readable as Partial<Readable>).on !== 'function')
    throw new TypeError('fromReadable(readable): expected a Node Readable (an object with read and on)')
  return new Source<T>(sourceOf<T>('fromReadable', () => new ReadableSource<T>(readable)).module)
}

class ReadableSource<T> extends SourceStage<T> {
  /**
   * Chunks Node emitted that downstream has not asked for yet. The Readable is paused as soon as
   * one is held, so this holds at most the chunk being handed over (Node keeps the rest in its
   * own buffer, up to its `highWaterMark`).
   */
  private readonly held: T[] = []
  /** We paused the Readable (a chunk is held): the next pull that empties `held` resumes it. */
  private paused = false
  /** Inside our own `read()`: a `'data'` it emits only adds the chunk to `held`. */
  private reading = false
  /** Node reported the end: complete once `held` is empty. */
  private ended = false
  private readonly onFinished = this.getAsyncCallback<Error | null | undefined>((error) => {
    this.ended = true
    if (error !== null && error !== undefined) this.failStage(error)
    else if (this.held.length === 0) this.completeStage()
  })
  /**
   * Node's `'data'`, from its flow loop. While downstream has demand and no other signal of this
   * run is waiting, the chunk is pushed and the run drains at once (`Interpreter.settle`), and
   * Node's loop goes on with the next chunk, as `pipe` does. Otherwise the chunk is held, and the
   * Readable paused until a pull takes it.
   */
  private readonly onData = (chunk: T): void => {
    if (this.isStopped) return
    this.held.push(chunk)
    if (this.reading) return // our own read() in onPull: it takes the chunk
    this.interpreter.settle(this, this.deliver as (arg: unknown) => void, undefined)
    if (this.held.length > 0 && !this.paused && !this.isStopped) {
      this.paused = true
      this.readable.pause()
    }
  }
  constructor(private readonly readable: Readable) {
    super()
  }

  override preStart(): void {
    // A 'data' listener puts the Readable in flowing mode (from the next tick).
    this.readable.on('data', this.onData)
    finished(this.readable, { writable: false }, (error) => {
      if (!this.isStopped) this.onFinished(error)
      // After a cancel the Readable was destroyed by us: its premature close is expected, and
      // anything else it reports while being torn down has nowhere to go but the run's hook.
      else if (error !== null && error !== undefined && (error as { code?: unknown }).code !== 'ERR_STREAM_PREMATURE_CLOSE')
        this.interpreter.onUnhandledError(error, this.name)
    })
  }

  /** Pushes the oldest held chunk if downstream asked for one. */
  private deliver(): void {
    if (this.held.length > 0 && this.isAvailable(this.out)) this.emitHeld()
  }

  onPull(): void {
    if (this.held.length === 0 && this.readable.readableLength > 0 && !this.paused) {
      // Node has chunks buffered (it buffers what a _read pushes at once): take the next one now,
      // inside this run, instead of waiting for its flow loop to hand it over in a 'data' each.
      this.reading = true
      try {
        this.readable.read()
      } finally {
        this.reading = false
      }
    }
    if (this.held.length > 0) this.emitHeld()
    // else the next 'data' pushes (the Readable is flowing), or the end completes
  }

  private emitHeld(): void {
    this.push(this.out, this.held.shift()!)
    if (this.held.length > 0) return
    if (this.ended) this.completeStage()
    else if (this.paused) {
      this.paused = false
      this.readable.resume()
    }
  }

  override postStop(): void {
    this.readable.off('data', this.onData)
    this.held.length = 0
    // finished()'s listeners stay, as Node recommends: an 'error' during teardown must not crash.
    if (!this.ended) {
      this.ended = true
      this.readable.destroy()
    }
  }
}
