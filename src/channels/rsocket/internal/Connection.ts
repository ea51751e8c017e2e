/**
 * One RSocket connection, either side: decodes frames, reassembles fragments, routes stream
 * frames to their handlers, answers and checks keepalives, and closes everything at once when
 * the connection ends — every open stream is told, with an error naming its route.
 *
 * Stream ids: the client opens odd ids, counting up. A frame for an id that was never opened is a
 * protocol error (the connection is closed). A frame for an id that was opened and has ended — a
 * PAYLOAD that crossed our CANCEL on the wire — is dropped, as the protocol requires: it is never
 * delivered.
 *
 * @module
 */
import { RSocketConnectionError } from '../RSocketConnectionError.js'
import { RSocketFrameError } from '../RSocketFrameError.js'
import { RSocketSetupError } from '../RSocketSetupError.js'
import { fragment, needsFragments, Reassembly, type CarrierFrame } from './fragment.js'
import {
  decodeFrame,
  ErrorCode,
  Flags,
  FrameType,
  frameTypeName,
  HEADER_SIZE,
  MAX_31,
  type Frame,
  type RequestChannelFrame,
  type RequestFrame,
  type RequestStreamFrame,
  type SetupFrame,
} from './frame.js'
import type { Transport } from './Transport.js'

/** What a stream needs to hear from its connection. @internal */
export interface StreamHandler {
  readonly route: string
  /** A (reassembled) frame for this stream. */
  frame(frame: Frame): void
  /** The connection ended; `error` is about the connection (wrap it with {@link errorForRoute}). */
  connectionClosed(error: unknown): void
  /** The transport can take more: resume sending. */
  drain?(): void
  /** A whole PAYLOAD with NEXT and no metadata (the hot path, without a frame object); else `frame` gets it. */
  element?(data: Uint8Array, complete: boolean): void
}

/** A request the peer opened. @internal */
export type RequestOpening = RequestFrame | RequestStreamFrame | RequestChannelFrame

/** The side that answers requests (the server). @internal */
export interface Responder {
  /** Checks a SETUP: resolves with `null` to accept it, or the reason to reject it. */
  setup(frame: SetupFrame): Promise<string | null>
  request(frame: RequestOpening, connection: Connection): void
}

/** @internal */
export interface ConnectionOptions {
  readonly role: 'client' | 'server'
  readonly fragmentSize: number
  readonly maxPayloadSize: number
  /** Client: how often to send KEEPALIVE. Server: taken from SETUP. */
  readonly keepAliveInterval: number
  readonly maxLifetime: number
  readonly responder: Responder | null
  /** Called once when the connection ended (after every stream was told). */
  readonly onClose?: (error: unknown) => void
}

/** The error one stream reports when its connection ended with `error`. @internal */
export function errorForRoute(error: unknown, route: string): Error {
  if (error instanceof RSocketSetupError) return new RSocketSetupError(error.codeName, error.reason, route, { cause: error })
  if (error instanceof RSocketFrameError) return new RSocketFrameError(error.reason, route, { cause: error })
  if (error instanceof RSocketConnectionError) return new RSocketConnectionError(error.reason, route, { cause: error })
  const message = error instanceof Error ? error.message : String(error)
  return new RSocketConnectionError(`the transport failed: ${message}`, route, { cause: error })
}

/** @internal */
export class Connection {
  private readonly streams = new Map<number, StreamHandler>()
  private readonly fragments = new Map<number, Reassembly>()
  private nextId = 1
  private highestPeerId = 0
  private state: 'setup' | 'open' | 'closed' = 'open'
  private pending: Uint8Array[] = []
  private lastReceived = Date.now()
  /** A frame arrived since the keepalive timer last looked (cheaper than reading the clock per frame). */
  private heard = false
  private timer: ReturnType<typeof setInterval> | null = null
  private closeError: unknown = null
  private resolveClosed!: () => void
  private readonly ended: Promise<void> = new Promise((resolve) => (this.resolveClosed = resolve))
  /** Resolves once the connection is closed, every stream was told and the socket is gone. */
  readonly closed: Promise<void>
  /** Frames dropped because their stream had ended (late frames after a cancel). */
  droppedFrames = 0

  constructor(
    readonly transport: Transport,
    private readonly options: ConnectionOptions,
  ) {
    if (options.role === 'server') this.state = 'setup'
    this.closed = Promise.all([this.ended, transport.closed]).then(() => undefined)
  }

  start(): void {
    this.transport.start({
      frame: (bytes) => this.receive(bytes),
      invalid: (error) => this.protocolError(error),
      drain: () => {
        for (const s of [...this.streams.values()]) s.drain?.()
      },
      close: (error) => this.close(error === undefined ? new RSocketConnectionError('the peer disconnected') : error),
    })
    if (this.options.role === 'client') this.startKeepAlive(this.options.keepAliveInterval, this.options.maxLifetime)
  }

  get isClosed(): boolean {
    return this.state === 'closed'
  }

  /** Why the connection closed, once it did. */
  get error(): unknown {
    return this.closeError
  }

  get writable(): boolean {
    return this.transport.writable
  }

  /** Number of open streams (tests check it drops to 0). */
  get openStreams(): number {
    return this.streams.size
  }

  send(frame: Frame): boolean {
    if (this.state === 'closed') return false
    return this.transport.send(frame)
  }

  /** Sends a frame that carries a payload, in fragments when it is larger than the fragment size. */
  sendPayload(frame: CarrierFrame): boolean {
    if (this.state === 'closed') return false
    if (!needsFragments(frame, this.options.fragmentSize)) return this.transport.send(frame)
    let ok = true
    for (const part of fragment(frame, this.options.fragmentSize)) ok = this.transport.send(part)
    return ok
  }

  /** Sends an element given as text (see `RSocketSerializer.encodeText`). */
  sendText(streamId: number, text: string): boolean {
    if (this.state === 'closed') return false
    // 3 bytes per UTF-16 unit bound the UTF-8 size: within it, the frame needs no fragments.
    if (this.transport.sendText !== undefined && HEADER_SIZE + text.length * 3 <= this.options.fragmentSize) return this.transport.sendText(streamId, text)
    return this.sendPayload({ type: FrameType.PAYLOAD, streamId, follows: false, complete: false, next: true, metadata: null, data: new TextEncoder().encode(text) })
  }

  /** Allocates the next stream id for a request this side opens. */
  open(handler: StreamHandler): number {
    if (this.state === 'closed') throw errorForRoute(this.closeError, handler.route)
    if (this.nextId > MAX_31) throw new RSocketConnectionError('stream ids are used up; open a new connection', handler.route)
    const id = this.nextId
    this.nextId += 2
    this.streams.set(id, handler)
    return id
  }

  /** Registers the handler of a stream the peer opened. */
  accept(id: number, handler: StreamHandler): void {
    this.streams.set(id, handler)
  }

  /** Forgets a stream that ended; later frames for it are dropped. */
  release(id: number): void {
    this.streams.delete(id)
    this.fragments.delete(id)
  }

  private receive(bytes: Uint8Array): void {
    if (this.state === 'closed') return
    this.heard = true
    // The hot path: an element for an open stream, no metadata, not a fragment.
    if (bytes.length >= HEADER_SIZE && bytes[4]! >>> 2 === FrameType.PAYLOAD && (bytes[4]! & 0x03) === 0 && (bytes[5]! & (Flags.NEXT | Flags.FOLLOWS)) === Flags.NEXT && this.fragments.size === 0 && bytes[0]! < 0x80) {
      const handler = this.streams.get(((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0)
      if (handler?.element !== undefined) return handler.element(bytes.subarray(HEADER_SIZE), (bytes[5]! & Flags.COMPLETE) !== 0)
    }
    if (this.state === 'setup' && this.pending.length > 0) {
      // Frames after SETUP wait until the setup is accepted (bounded: a peer cannot flood us).
      if (this.pending.length >= 256) return this.protocolError(new RSocketFrameError('more than 256 frames before the setup was accepted'))
      this.pending.push(bytes.slice())
      return
    }
    let frame: Frame | null
    try {
      frame = decodeFrame(bytes)
      if (frame === null) return
      const id = frame.streamId
      const reassembly = this.fragments.size === 0 ? undefined : this.fragments.get(id)
      if (reassembly !== undefined) {
        const whole = reassembly.next(frame)
        if (whole === null) return
        this.fragments.delete(id)
        frame = whole
      } else if ('follows' in frame && frame.follows) {
        if (!this.expects(frame)) return
        this.fragments.set(id, new Reassembly(frame, this.options.maxPayloadSize))
        return
      }
    } catch (e) {
      return this.protocolError(e)
    }
    this.dispatch(frame, bytes)
  }

  /** Whether a frame that starts a fragment sequence belongs to a live or new stream. */
  private expects(frame: Frame): boolean {
    if (isRequest(frame.type) || this.streams.has(frame.streamId)) return true
    this.unknownStream(frame)
    return false
  }

  private dispatch(frame: Frame, raw: Uint8Array): void {
    const id = frame.streamId
    if (id === 0) return this.connectionFrame(frame, raw)
    if (this.state === 'setup') return this.rejectSetup(ErrorCode.INVALID_SETUP, 'INVALID_SETUP', `the first frame must be SETUP, got ${frameTypeName(frame.type)}`)
    if (isRequest(frame.type)) {
      const responder = this.options.responder
      if (id % 2 === (this.options.role === 'client' ? 1 : 0) || id <= this.highestPeerId)
        return this.protocolError(new RSocketFrameError(`${frameTypeName(frame.type)} reuses or misnumbers stream id ${id}`))
      this.highestPeerId = id
      if (responder === null) {
        if (frame.type !== FrameType.REQUEST_FNF) this.send({ type: FrameType.ERROR, streamId: id, code: ErrorCode.REJECTED, message: 'this side answers no requests' })
        return
      }
      responder.request(frame as RequestOpening, this)
      return
    }
    const handler = this.streams.get(id)
    if (handler !== undefined) return handler.frame(frame)
    this.unknownStream(frame)
  }

  private unknownStream(frame: Frame): void {
    const id = frame.streamId
    const ours = id % 2 === (this.options.role === 'client' ? 1 : 0)
    if (ours ? id < this.nextId : id <= this.highestPeerId) {
      this.droppedFrames++
      return
    }
    this.protocolError(new RSocketFrameError(`${frameTypeName(frame.type)} frame for unknown stream ${id}`))
  }

  private connectionFrame(frame: Frame, raw: Uint8Array): void {
    switch (frame.type) {
      case FrameType.SETUP:
        if (this.state !== 'setup') return this.protocolError(new RSocketFrameError('a second SETUP frame'))
        this.pending.push(raw.slice()) // marks "setup under way"; replaced below
        void this.setup(frame)
        return
      case FrameType.KEEPALIVE:
        if (frame.respond) this.send({ type: FrameType.KEEPALIVE, streamId: 0, respond: false, lastReceivedPosition: 0, data: frame.data })
        return
      case FrameType.ERROR: {
        const name = codeName(frame.code)
        if (frame.code === ErrorCode.REJECTED_SETUP || frame.code === ErrorCode.INVALID_SETUP || frame.code === ErrorCode.UNSUPPORTED_SETUP)
          return this.close(new RSocketSetupError(name, frame.message))
        return this.close(new RSocketConnectionError(`the peer closed the connection: ${name}: ${frame.message}`))
      }
      case FrameType.METADATA_PUSH:
        return
      default:
        if (this.state === 'setup') return this.rejectSetup(ErrorCode.INVALID_SETUP, 'INVALID_SETUP', `the first frame must be SETUP, got ${frameTypeName(frame.type)}`)
        return this.protocolError(new RSocketFrameError(`${frameTypeName(frame.type)} frames are not supported`))
    }
  }

  private async setup(frame: SetupFrame): Promise<void> {
    const responder = this.options.responder!
    if (frame.majorVersion !== 1) return this.rejectSetup(ErrorCode.UNSUPPORTED_SETUP, 'UNSUPPORTED_SETUP', `protocol version ${frame.majorVersion}.${frame.minorVersion} (this server speaks 1.0)`)
    if (frame.resumeToken !== null) return this.rejectSetup(ErrorCode.UNSUPPORTED_SETUP, 'UNSUPPORTED_SETUP', 'resumption is not supported')
    if (frame.lease) return this.rejectSetup(ErrorCode.UNSUPPORTED_SETUP, 'UNSUPPORTED_SETUP', 'leases are not supported')
    let rejection: string | null
    try {
      rejection = await responder.setup(frame)
    } catch (e) {
      rejection = e instanceof Error ? e.message : String(e)
    }
    if (this.state === 'closed') return
    if (rejection !== null) return this.rejectSetup(ErrorCode.REJECTED_SETUP, 'REJECTED_SETUP', rejection)
    this.state = 'open'
    this.startKeepAlive(frame.keepAliveInterval, frame.maxLifetime)
    const queued = this.pending.slice(1)
    this.pending = []
    for (const bytes of queued) this.receive(bytes)
  }

  private rejectSetup(code: number, name: string, reason: string): void {
    this.send({ type: FrameType.ERROR, streamId: 0, code, message: reason })
    this.close(new RSocketSetupError(name, reason))
  }

  /** A frame broke the protocol: tell the peer, close, fail every stream. */
  protocolError(error: unknown): void {
    if (this.state === 'closed') return
    const message = error instanceof RSocketFrameError ? error.reason : error instanceof Error ? error.message : String(error)
    this.send({ type: FrameType.ERROR, streamId: 0, code: ErrorCode.CONNECTION_ERROR, message })
    this.close(error)
  }

  private startKeepAlive(interval: number, maxLifetime: number): void {
    if (interval <= 0 || maxLifetime <= 0) return
    this.timer = setInterval(() => {
      const now = Date.now()
      if (this.heard) {
        this.heard = false
        this.lastReceived = now
      }
      const silent = now - this.lastReceived
      if (silent > maxLifetime) {
        this.send({ type: FrameType.ERROR, streamId: 0, code: ErrorCode.CONNECTION_ERROR, message: 'keepalive timeout' })
        this.close(new RSocketConnectionError(`no frame from the peer for ${silent} ms (keepalive max lifetime ${maxLifetime} ms)`))
        return
      }
      if (this.options.role === 'client') this.send({ type: FrameType.KEEPALIVE, streamId: 0, respond: true, lastReceivedPosition: 0, data: new Uint8Array(0) })
    }, Math.min(interval, maxLifetime))
  }

  /** Closes the connection: every open stream is told, the timer stops, the transport closes. */
  close(error: unknown): void {
    if (this.state === 'closed') return
    this.state = 'closed'
    this.closeError = error
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
    this.pending = []
    const streams = [...this.streams.values()]
    this.streams.clear()
    this.fragments.clear()
    this.transport.end()
    for (const s of streams) s.connectionClosed(error)
    this.options.onClose?.(error)
    this.resolveClosed()
  }
}

function isRequest(type: number): boolean {
  return type === FrameType.REQUEST_RESPONSE || type === FrameType.REQUEST_FNF || type === FrameType.REQUEST_STREAM || type === FrameType.REQUEST_CHANNEL
}

const CODE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(ErrorCode).map(([k, v]) => [v, k]))

/** @internal */
export function codeName(code: number): string {
  return CODE_NAMES[code] ?? `0x${code.toString(16)}`
}
