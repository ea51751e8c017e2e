/**
 * The WebSocket transport (the `ws` package): one frame per binary message, no length prefix.
 * `ws` has no 'drain' event, so the outgoing buffer is watched through the socket underneath:
 * `bufferedAmount` past the high-water mark stops the senders, and the underlying socket's
 * 'drain' resumes them.
 *
 * @module
 */
import type { Socket } from 'node:net'
import type { WebSocket } from 'ws'
import { RSocketFrameError } from '../RSocketFrameError.js'
import { encodeFrame, type Frame } from './frame.js'
import type { Transport, TransportEvents } from './Transport.js'

const HIGH_WATER = 64 * 1024

/** @internal */
export class WebSocketTransport implements Transport {
  private events: TransportEvents | null = null
  private full = false
  private isClosed = false
  readonly description: string
  readonly closed: Promise<void>

  constructor(
    private readonly ws: WebSocket,
    private readonly maxFrameSize: number,
    description: string,
  ) {
    this.closed = new Promise((resolve) => {
      if (ws.readyState === ws.CLOSED) resolve()
      else ws.once('close', () => resolve())
    })
    this.description = description
  }

  private get socket(): Socket | undefined {
    return (this.ws as unknown as { _socket?: Socket })._socket
  }

  get writable(): boolean {
    return !this.full && !this.isClosed
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount + (this.socket?.writableLength ?? 0)
  }

  start(events: TransportEvents): void {
    this.events = events
    this.ws.binaryType = 'nodebuffer'
    this.ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (this.isClosed) return
      if (!isBinary) return events.invalid(new RSocketFrameError('a text WebSocket message (RSocket frames are binary)'))
      if (data.length > this.maxFrameSize) return events.invalid(new RSocketFrameError(`frame of ${data.length} bytes exceeds the maximum frame size of ${this.maxFrameSize} bytes`))
      events.frame(data)
    })
    this.socket?.on('drain', this.onDrain)
    this.ws.on('error', (e) => this.fail(e))
    this.ws.on('close', () => this.fail(undefined))
  }

  private readonly onDrain = (): void => {
    if (!this.full || this.bufferedAmount > HIGH_WATER) return
    this.full = false
    this.events?.drain()
  }

  send(frame: Frame): boolean {
    if (this.isClosed) return false
    this.ws.send(encodeFrame(frame), { binary: true })
    if (this.bufferedAmount > HIGH_WATER) this.full = true
    return !this.full
  }

  end(): void {
    if (this.isClosed) return
    this.ws.close(1000)
    // Give the closing handshake a moment, then make sure the socket is gone.
    this.socket?.setTimeout(1000, () => this.ws.terminate())
  }

  destroy(): void {
    this.ws.terminate()
    this.fail(undefined)
  }

  private fail(error: unknown): void {
    if (this.isClosed) return
    // ws enforces its maxPayload itself (set a little above ours); report it as what it is.
    if ((error as { code?: string } | undefined)?.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')
      error = new RSocketFrameError(`frame exceeds the maximum frame size of ${this.maxFrameSize} bytes`, undefined, { cause: error })
    this.isClosed = true
    this.socket?.off('drain', this.onDrain)
    this.events?.close(error)
  }
}
