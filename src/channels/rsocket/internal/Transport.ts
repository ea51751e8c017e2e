/**
 * What a connection needs from a transport: send a frame, learn when the peer reads slowly and
 * when it caught up, receive frames, close. TCP adds a length prefix; WebSocket sends one frame
 * per binary message.
 *
 * @module
 */
import type { Frame } from './frame.js'

/** @internal */
export interface TransportEvents {
  frame(bytes: Uint8Array): void
  /** The byte stream cannot be split into frames (a bad length, an oversized frame); nothing more is read. */
  invalid(error: unknown): void
  /** The peer caught up: sending may resume. */
  drain(): void
  /** The transport closed; `error` when it failed (a decode error, a reset). */
  close(error: unknown): void
}

/** @internal */
export interface Transport {
  /** Sends one frame; false when the outgoing buffer is full (stop producing until `drain`). */
  send(frame: Frame): boolean
  /** Sends an element's PAYLOAD (NEXT, no metadata) from text, encoded as UTF-8 into the frame itself. */
  sendText?(streamId: number, text: string): boolean
  /** False while the outgoing buffer is full. */
  readonly writable: boolean
  /** Starts delivering events (called once, after the connection set its handlers). */
  start(events: TransportEvents): void
  /** Flushes what was sent, then closes. */
  end(): void
  /** Closes at once. */
  destroy(): void
  /** Resolves once the underlying socket is closed. */
  readonly closed: Promise<void>
  /** Bytes waiting to be written (tests assert it stays bounded). */
  readonly bufferedAmount: number
  /** A short name for errors: `'tcp 127.0.0.1:7000'`. */
  readonly description: string
}
