/**
 * The TCP transport (Node `net`): frames with a 24-bit length prefix. Writes made in one tick are
 * corked and leave in one `writev`, so a burst of small frames costs one system call, not one per
 * frame. `socket.write` returning false (the peer stopped reading and the kernel buffer is full)
 * is what makes the senders above stop producing.
 *
 * @module
 */
import net from 'node:net'
import { encodeFrame, Flags, FrameType, type Frame } from './frame.js'
import { FrameReader } from './FrameReader.js'
import type { Transport, TransportEvents } from './Transport.js'

/** @internal */
export class TcpTransport implements Transport {
  private events: TransportEvents | null = null
  private corked = false
  private full = false
  private isClosed = false
  private poisoned = false
  private ending = false
  private readonly reader: FrameReader
  readonly description: string
  readonly closed: Promise<void>

  constructor(
    private readonly socket: net.Socket,
    maxFrameSize: number,
  ) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()))
    this.reader = new FrameReader(maxFrameSize)
    this.description = `tcp ${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`
    socket.setNoDelay(true)
    socket.pause()
  }

  get writable(): boolean {
    return !this.full && !this.isClosed
  }

  get bufferedAmount(): number {
    return this.socket.writableLength
  }

  start(events: TransportEvents): void {
    this.events = events
    const socket = this.socket
    socket.on('data', (chunk: Buffer) => {
      if (this.isClosed || this.poisoned) return
      try {
        this.reader.push(chunk, events.frame)
      } catch (e) {
        this.poisoned = true
        events.invalid(e)
      }
    })
    socket.on('drain', () => {
      if (!this.full) return
      this.full = false
      events.drain()
    })
    socket.on('end', () => {
      if (!this.poisoned) {
        try {
          this.reader.end()
        } catch (e) {
          this.poisoned = true
          events.invalid(e)
          return
        }
      }
      this.end()
    })
    // A reset is the peer going away (it closed while our bytes were in flight): a disconnect.
    socket.on('error', (e: NodeJS.ErrnoException) => this.fail(e.code === 'ECONNRESET' || e.code === 'EPIPE' ? undefined : e))
    socket.on('close', () => this.fail(undefined))
    socket.resume()
  }

  send(frame: Frame): boolean {
    if (this.isClosed) return false
    if (!this.corked) {
      this.corked = true
      this.socket.cork()
      process.nextTick(this.uncork)
    }
    if (!this.socket.write(encodeFrame(frame, true))) this.full = true
    return !this.full
  }

  sendText(streamId: number, text: string): boolean {
    if (this.isClosed) return false
    if (!this.corked) {
      this.corked = true
      this.socket.cork()
      process.nextTick(this.uncork)
    }
    const n = Buffer.byteLength(text)
    const frame = Buffer.allocUnsafe(9 + n)
    const size = 6 + n
    frame[0] = size >>> 16
    frame[1] = (size >>> 8) & 0xff
    frame[2] = size & 0xff
    frame.writeUInt32BE(streamId, 3)
    frame.writeUInt16BE((FrameType.PAYLOAD << 10) | Flags.NEXT, 7)
    frame.write(text, 9, 'utf8')
    if (!this.socket.write(frame)) this.full = true
    return !this.full
  }

  private readonly uncork = (): void => {
    this.corked = false
    this.socket.uncork()
  }

  end(): void {
    if (this.isClosed || this.ending) return
    this.ending = true
    // Once what was written has left, close: a peer that never answers the FIN holds nothing.
    this.socket.end(() => this.socket.destroy())
  }

  destroy(): void {
    this.socket.destroy()
    this.fail(undefined)
  }

  private fail(error: unknown): void {
    if (this.isClosed) return
    this.isClosed = true
    this.socket.destroy()
    this.events?.close(error)
  }
}

/** Connects to `host:port`; resolves once connected. @internal */
export function connectTcp(host: string, port: number, maxFrameSize: number): Promise<TcpTransport> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port })
    const onError = (e: Error): void => reject(e)
    socket.once('error', onError)
    socket.once('connect', () => {
      socket.off('error', onError)
      resolve(new TcpTransport(socket, maxFrameSize))
    })
  })
}
