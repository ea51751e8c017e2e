import { finished, type Readable } from 'node:stream'
import { requireDefined } from '../../core/args.js'
import { sourceOf } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'
import { Source } from '../../dsl/Source.js'

/**
 * Emits the chunks of a Node `Readable`. The Readable stays in paused mode and is read with
 * `read()` once per downstream pull, so when demand is zero nothing is read and Node stops
 * calling `_read` once its own buffer reaches `highWaterMark`. On cancel the Readable is
 * destroyed; its `'error'` fails the stream.
 *
 * ```
 * readable: -a-b-c-d-|
 * out:      -a-b-c-d-|
 * ```
 * - **Emits when** downstream pulled and `read()` returned a chunk (at once, or on the next `'readable'`)
 * - **Backpressures when** downstream does not pull (nothing is read; the Readable's buffer fills to its `highWaterMark`)
 * - **Completes when** the Readable ends (`'end'`)
 * - **Fails when** the Readable emits `'error'` or closes before it ended
 * - **Cancels when** downstream cancels (the Readable is destroyed)
 *
 * @example
 * ```ts
 * import { Readable } from 'node:stream'
 * await fromReadable<string>(Readable.from(['a', 'b'])).runCollect() // ['a', 'b']
 * ```
 * **Gotchas** in byte mode each read takes what Node has buffered: one chunk as it was pushed
 * when one is buffered (the usual case with large chunks), or several small ones coalesced into
 * one Buffer (as with `for await` over a Readable); the bytes are unchanged and in order. Object
 * mode emits one element per object.
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
  /** Downstream pulled and `read()` found nothing: the next `'readable'` should try again. */
  private waiting = false
  private ended = false
  private readonly retry = this.getAsyncCallback<void>(() => {
    if (this.waiting && this.isAvailable(this.out)) {
      this.waiting = false
      this.onPull()
    }
  })
  private readonly onFinished = this.getAsyncCallback<Error | null | undefined>((error) => {
    this.ended = true
    // 'end' comes only after read() found the buffer empty at the end: nothing is left to emit.
    if (error !== null && error !== undefined) this.failStage(error)
    else this.completeStage()
  })
  private readonly onReadable = (): void => {
    if (this.waiting) this.retry()
  }
  constructor(private readonly readable: Readable) {
    super()
  }

  override preStart(): void {
    this.readable.on('readable', this.onReadable)
    finished(this.readable, { writable: false }, (error) => {
      if (!this.isStopped) this.onFinished(error)
      // After a cancel the Readable was destroyed by us: its premature close is expected, and
      // anything else it reports while being torn down has nowhere to go but the run's hook.
      else if (error !== null && error !== undefined && (error as { code?: unknown }).code !== 'ERR_STREAM_PREMATURE_CLOSE')
        this.interpreter.onUnhandledError(error, this.name)
    })
  }

  onPull(): void {
    const readable = this.readable
    // In byte mode read() would return everything buffered, and Node reads ahead inside read()
    // before returning, so each call would copy the chunk just read ahead into a new Buffer.
    // Asking for exactly what was buffered returns the buffered chunk itself (no copy when it is
    // one chunk). Node raises highWaterMark to the size asked for, as it does for any read(n).
    const length = readable.readableObjectMode ? 0 : readable.readableLength
    const chunk = (length > 0 ? readable.read(length) : readable.read()) as T | null
    if (chunk !== null) this.push(this.out, chunk)
    else if (this.ended) this.completeStage()
    else this.waiting = true // the next 'readable' tries again
  }

  override postStop(): void {
    this.readable.off('readable', this.onReadable)
    // finished()'s listeners stay, as Node recommends: an 'error' during teardown must not crash.
    if (!this.ended) {
      this.ended = true
      this.readable.destroy()
    }
  }
}
