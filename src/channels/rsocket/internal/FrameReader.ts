/**
 * Splits a TCP byte stream into frames: each frame is preceded by its length in 24 bits. The
 * length is checked against the maximum frame size *before* any of the frame is buffered, so an
 * oversized frame costs nothing but the error.
 *
 * @module
 */
import { RSocketFrameError } from '../RSocketFrameError.js'

/** @internal */
export class FrameReader {
  private pending: Uint8Array | null = null

  constructor(private readonly maxFrameSize: number) {}

  /** Bytes buffered towards the next frame (a test asserts it stays bounded). */
  get buffered(): number {
    return this.pending === null ? 0 : this.pending.length
  }

  /**
   * Feeds a chunk and calls `onFrame` for every complete frame in it (views into the chunk, or
   * into a copy when a frame spans chunks). Throws `RSocketFrameError` on a bad length.
   */
  push(chunk: Uint8Array, onFrame: (frame: Uint8Array) => void): void {
    let bytes = chunk
    if (this.pending !== null) {
      const joined = new Uint8Array(this.pending.length + chunk.length)
      joined.set(this.pending)
      joined.set(chunk, this.pending.length)
      bytes = joined
      this.pending = null
    }
    let at = 0
    while (bytes.length - at >= 3) {
      const size = (bytes[at]! << 16) | (bytes[at + 1]! << 8) | bytes[at + 2]!
      if (size > this.maxFrameSize) throw new RSocketFrameError(`frame of ${size} bytes exceeds the maximum frame size of ${this.maxFrameSize} bytes`)
      if (size < 6) throw new RSocketFrameError(`frame length ${size} is shorter than the 6-byte header`)
      if (bytes.length - at - 3 < size) break
      onFrame(bytes.subarray(at + 3, at + 3 + size))
      at += 3 + size
    }
    // Copy the remainder: the chunk's memory may be reused by the transport.
    if (at < bytes.length) this.pending = bytes.slice(at)
  }

  /** Throws when the stream ended inside a frame. */
  end(): void {
    if (this.pending !== null) throw new RSocketFrameError(`connection ended inside a frame (${this.pending.length} bytes of it arrived)`)
  }
}
