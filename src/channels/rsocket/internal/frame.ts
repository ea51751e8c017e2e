/**
 * The RSocket 1.0 frame codec: the frame types sluice speaks, `encodeFrame` and `decodeFrame`.
 * A frame here is what follows the TCP length prefix (or fills one WebSocket message): a 6-byte
 * header (stream id, 6 bits of type, 10 bits of flags) and a type-specific body. All fields are
 * big endian. Decoding never trusts a length field: every read is checked against the bytes
 * present, and a violation is an `RSocketFrameError` that says which field was wrong.
 *
 * @module
 */
import { RSocketFrameError } from '../RSocketFrameError.js'

/** Frame type codes (6 bits). @internal */
export const FrameType = {
  SETUP: 0x01,
  LEASE: 0x02,
  KEEPALIVE: 0x03,
  REQUEST_RESPONSE: 0x04,
  REQUEST_FNF: 0x05,
  REQUEST_STREAM: 0x06,
  REQUEST_CHANNEL: 0x07,
  REQUEST_N: 0x08,
  CANCEL: 0x09,
  PAYLOAD: 0x0a,
  ERROR: 0x0b,
  METADATA_PUSH: 0x0c,
} as const

/** Flag bits (low 10 bits of the type-and-flags field). @internal */
export const Flags = {
  IGNORE: 0x200,
  METADATA: 0x100,
  FOLLOWS: 0x80,
  COMPLETE: 0x40,
  NEXT: 0x20,
  /** SETUP: the client asks for resumption. */
  RESUME: 0x80,
  /** SETUP: the client honours LEASE. */
  LEASE: 0x40,
  /** KEEPALIVE: the receiver must answer. */
  RESPOND: 0x80,
} as const

/** Error codes of the ERROR frame. @internal */
export const ErrorCode = {
  INVALID_SETUP: 0x001,
  UNSUPPORTED_SETUP: 0x002,
  REJECTED_SETUP: 0x003,
  REJECTED_RESUME: 0x004,
  CONNECTION_ERROR: 0x101,
  CONNECTION_CLOSE: 0x102,
  APPLICATION_ERROR: 0x201,
  REJECTED: 0x202,
  CANCELED: 0x203,
  INVALID: 0x204,
} as const

/** The largest stream id and request-n (31 bits). @internal */
export const MAX_31 = 0x7fffffff
/** The largest length a 24-bit length field can carry. @internal */
export const MAX_24 = 0xffffff
/** The size of the frame header. @internal */
export const HEADER_SIZE = 6

/** @internal */
export interface SetupFrame {
  readonly type: typeof FrameType.SETUP
  readonly streamId: 0
  readonly majorVersion: number
  readonly minorVersion: number
  readonly keepAliveInterval: number
  readonly maxLifetime: number
  readonly resumeToken: Uint8Array | null
  readonly lease: boolean
  readonly metadataMimeType: string
  readonly dataMimeType: string
  readonly metadata: Uint8Array | null
  readonly data: Uint8Array
}
/** @internal */
export interface LeaseFrame {
  readonly type: typeof FrameType.LEASE
  readonly streamId: 0
  readonly ttl: number
  readonly requests: number
  readonly metadata: Uint8Array | null
}
/** @internal */
export interface KeepAliveFrame {
  readonly type: typeof FrameType.KEEPALIVE
  readonly streamId: 0
  readonly respond: boolean
  /** 63 bits on the wire; kept as a number (sluice does not resume, so it is informational). */
  readonly lastReceivedPosition: number
  readonly data: Uint8Array
}
/** @internal */
export interface RequestFrame {
  readonly type: typeof FrameType.REQUEST_RESPONSE | typeof FrameType.REQUEST_FNF
  readonly streamId: number
  readonly follows: boolean
  readonly metadata: Uint8Array | null
  readonly data: Uint8Array
}
/** @internal */
export interface RequestStreamFrame {
  readonly type: typeof FrameType.REQUEST_STREAM
  readonly streamId: number
  readonly follows: boolean
  readonly requestN: number
  readonly metadata: Uint8Array | null
  readonly data: Uint8Array
}
/** @internal */
export interface RequestChannelFrame {
  readonly type: typeof FrameType.REQUEST_CHANNEL
  readonly streamId: number
  readonly follows: boolean
  readonly complete: boolean
  readonly requestN: number
  readonly metadata: Uint8Array | null
  readonly data: Uint8Array
}
/** @internal */
export interface RequestNFrame {
  readonly type: typeof FrameType.REQUEST_N
  readonly streamId: number
  readonly requestN: number
}
/** @internal */
export interface CancelFrame {
  readonly type: typeof FrameType.CANCEL
  readonly streamId: number
}
/** @internal */
export interface PayloadFrame {
  readonly type: typeof FrameType.PAYLOAD
  readonly streamId: number
  readonly follows: boolean
  readonly complete: boolean
  readonly next: boolean
  readonly metadata: Uint8Array | null
  readonly data: Uint8Array
}
/** @internal */
export interface ErrorFrame {
  readonly type: typeof FrameType.ERROR
  readonly streamId: number
  readonly code: number
  readonly message: string
}
/** @internal */
export interface MetadataPushFrame {
  readonly type: typeof FrameType.METADATA_PUSH
  readonly streamId: 0
  readonly metadata: Uint8Array
}

/** Every frame sluice reads or writes. @internal */
export type Frame =
  | SetupFrame
  | LeaseFrame
  | KeepAliveFrame
  | RequestFrame
  | RequestStreamFrame
  | RequestChannelFrame
  | RequestNFrame
  | CancelFrame
  | PayloadFrame
  | ErrorFrame
  | MetadataPushFrame

const NAMES: Record<number, string> = Object.fromEntries(Object.entries(FrameType).map(([k, v]) => [v, k]))

/** `'REQUEST_N'` for 0x08; `'0x2a'` for a code sluice does not know. @internal */
export function frameTypeName(type: number): string {
  return NAMES[type] ?? `0x${type.toString(16)}`
}

const utf8 = new TextEncoder()
const utf8Decoder = new TextDecoder()
const EMPTY = new Uint8Array(0)

function ascii(field: string, s: string): Uint8Array {
  const bytes = utf8.encode(s)
  if (bytes.length > 255 || bytes.length !== s.length) throw new RangeError(`encodeFrame(${field}): expected at most 255 ASCII characters, got ${JSON.stringify(s)}`)
  return bytes
}

function metadataSize(metadata: Uint8Array | null): number {
  if (metadata === null) return 0
  if (metadata.length > MAX_24) throw new RangeError(`encodeFrame(metadata): at most ${MAX_24} bytes, got ${metadata.length}`)
  return 3 + metadata.length
}

function bodySize(frame: Frame): number {
  switch (frame.type) {
    case FrameType.SETUP:
      return (
        12 +
        (frame.resumeToken === null ? 0 : 2 + frame.resumeToken.length) +
        2 +
        frame.metadataMimeType.length +
        frame.dataMimeType.length +
        metadataSize(frame.metadata) +
        frame.data.length
      )
    case FrameType.LEASE:
      return 8 + (frame.metadata === null ? 0 : frame.metadata.length)
    case FrameType.KEEPALIVE:
      return 8 + frame.data.length
    case FrameType.REQUEST_RESPONSE:
    case FrameType.REQUEST_FNF:
    case FrameType.PAYLOAD:
      return metadataSize(frame.metadata) + frame.data.length
    case FrameType.REQUEST_STREAM:
    case FrameType.REQUEST_CHANNEL:
      return 4 + metadataSize(frame.metadata) + frame.data.length
    case FrameType.REQUEST_N:
      return 4
    case FrameType.CANCEL:
      return 0
    case FrameType.ERROR:
      return 4 + utf8.encode(frame.message).length
    case FrameType.METADATA_PUSH:
      return frame.metadata.length
  }
}

function flagsOf(frame: Frame): number {
  switch (frame.type) {
    case FrameType.SETUP:
      return (frame.metadata === null ? 0 : Flags.METADATA) | (frame.resumeToken === null ? 0 : Flags.RESUME) | (frame.lease ? Flags.LEASE : 0)
    case FrameType.LEASE:
      return frame.metadata === null ? 0 : Flags.METADATA
    case FrameType.KEEPALIVE:
      return frame.respond ? Flags.RESPOND : 0
    case FrameType.REQUEST_RESPONSE:
    case FrameType.REQUEST_FNF:
    case FrameType.REQUEST_STREAM:
      return (frame.metadata === null ? 0 : Flags.METADATA) | (frame.follows ? Flags.FOLLOWS : 0)
    case FrameType.REQUEST_CHANNEL:
      return (frame.metadata === null ? 0 : Flags.METADATA) | (frame.follows ? Flags.FOLLOWS : 0) | (frame.complete ? Flags.COMPLETE : 0)
    case FrameType.PAYLOAD:
      return (
        (frame.metadata === null ? 0 : Flags.METADATA) |
        (frame.follows ? Flags.FOLLOWS : 0) |
        (frame.complete ? Flags.COMPLETE : 0) |
        (frame.next ? Flags.NEXT : 0)
      )
    case FrameType.METADATA_PUSH:
      return Flags.METADATA
    default:
      return 0
  }
}

/**
 * Encodes one frame. With `lengthPrefix` the 24-bit frame length (the TCP framing) is written in
 * front, in the same buffer, so a frame costs one allocation and one socket write.
 *
 * @internal
 */
export function encodeFrame(frame: Frame, lengthPrefix = false): Uint8Array {
  const size = HEADER_SIZE + bodySize(frame)
  if (lengthPrefix && size > MAX_24) throw new RangeError(`encodeFrame(frame): a TCP frame is at most ${MAX_24} bytes, this one is ${size}`)
  const at0 = lengthPrefix ? 3 : 0
  const bytes = alloc(at0 + size)
  if (lengthPrefix) putU24(bytes, 0, size)
  putU32(bytes, at0, frame.streamId)
  const typeAndFlags = (frame.type << 10) | flagsOf(frame)
  bytes[at0 + 4] = typeAndFlags >>> 8
  bytes[at0 + 5] = typeAndFlags & 0xff
  let at = at0 + HEADER_SIZE
  switch (frame.type) {
    case FrameType.SETUP: {
      putU16(bytes, at, frame.majorVersion)
      putU16(bytes, at + 2, frame.minorVersion)
      putU32(bytes, at + 4, frame.keepAliveInterval)
      putU32(bytes, at + 8, frame.maxLifetime)
      at += 12
      if (frame.resumeToken !== null) {
        putU16(bytes, at, frame.resumeToken.length)
        bytes.set(frame.resumeToken, at + 2)
        at += 2 + frame.resumeToken.length
      }
      at = putMime(bytes, at, 'metadataMimeType', frame.metadataMimeType)
      at = putMime(bytes, at, 'dataMimeType', frame.dataMimeType)
      at = putMetadata(bytes, at, frame.metadata)
      bytes.set(frame.data, at)
      break
    }
    case FrameType.LEASE:
      putU32(bytes, at, frame.ttl)
      putU32(bytes, at + 4, frame.requests)
      if (frame.metadata !== null) bytes.set(frame.metadata, at + 8)
      break
    case FrameType.KEEPALIVE:
      putU32(bytes, at, Math.floor(frame.lastReceivedPosition / 0x100000000))
      putU32(bytes, at + 4, frame.lastReceivedPosition >>> 0)
      bytes.set(frame.data, at + 8)
      break
    case FrameType.REQUEST_STREAM:
    case FrameType.REQUEST_CHANNEL:
      putU32(bytes, at, frame.requestN)
      at = putMetadata(bytes, at + 4, frame.metadata)
      bytes.set(frame.data, at)
      break
    case FrameType.REQUEST_RESPONSE:
    case FrameType.REQUEST_FNF:
    case FrameType.PAYLOAD:
      at = putMetadata(bytes, at, frame.metadata)
      copy(bytes, at, frame.data)
      break
    case FrameType.REQUEST_N:
      putU32(bytes, at, frame.requestN)
      break
    case FrameType.CANCEL:
      break
    case FrameType.ERROR:
      putU32(bytes, at, frame.code)
      bytes.set(utf8.encode(frame.message), at + 4)
      break
    case FrameType.METADATA_PUSH:
      bytes.set(frame.metadata, at)
      break
  }
  return bytes
}

// In Node a frame is a Buffer from the shared pool: sockets take it as is (a plain Uint8Array
// would be wrapped in a new Buffer on every write). Every byte is written below, so the
// unzeroed memory of allocUnsafe never leaks.
const NodeBuffer = (globalThis as { Buffer?: { allocUnsafe(n: number): Uint8Array } }).Buffer
const alloc = NodeBuffer !== undefined ? (n: number): Uint8Array => NodeBuffer.allocUnsafe(n) : (n: number): Uint8Array => new Uint8Array(n)

function putU16(bytes: Uint8Array, at: number, v: number): void {
  bytes[at] = v >>> 8
  bytes[at + 1] = v & 0xff
}
function putU24(bytes: Uint8Array, at: number, v: number): void {
  bytes[at] = v >>> 16
  bytes[at + 1] = (v >>> 8) & 0xff
  bytes[at + 2] = v & 0xff
}
function putU32(bytes: Uint8Array, at: number, v: number): void {
  bytes[at] = v >>> 24
  bytes[at + 1] = (v >>> 16) & 0xff
  bytes[at + 2] = (v >>> 8) & 0xff
  bytes[at + 3] = v & 0xff
}
function putMetadata(bytes: Uint8Array, at: number, metadata: Uint8Array | null): number {
  if (metadata === null) return at
  putU24(bytes, at, metadata.length)
  bytes.set(metadata, at + 3)
  return at + 3 + metadata.length
}
function putMime(bytes: Uint8Array, at: number, field: string, mime: string): number {
  const b = ascii(field, mime)
  bytes[at] = b.length
  bytes.set(b, at + 1)
  return at + 1 + b.length
}
/** `TypedArray.set` costs more than a loop for the few bytes of a small element. */
function copy(bytes: Uint8Array, at: number, data: Uint8Array): void {
  const n = data.length
  if (n > 64) return bytes.set(data, at)
  for (let i = 0; i < n; i++) bytes[at + i] = data[i]!
}

/** A bounds-checked reader over one frame's bytes. */
class Reader {
  at = HEADER_SIZE
  readonly view: DataView
  constructor(
    readonly bytes: Uint8Array,
    readonly what: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }
  need(n: number, field: string): void {
    if (this.bytes.length - this.at < n)
      throw new RSocketFrameError(`${this.what}: truncated ${field} (needs ${n} bytes at offset ${this.at}, frame has ${this.bytes.length})`)
  }
  u8(field: string): number {
    this.need(1, field)
    return this.bytes[this.at++]!
  }
  u16(field: string): number {
    this.need(2, field)
    const v = this.view.getUint16(this.at)
    this.at += 2
    return v
  }
  u24(field: string): number {
    this.need(3, field)
    const v = (this.bytes[this.at]! << 16) | (this.bytes[this.at + 1]! << 8) | this.bytes[this.at + 2]!
    this.at += 3
    return v
  }
  u31(field: string): number {
    this.need(4, field)
    const v = this.view.getUint32(this.at)
    if (v > MAX_31) throw new RSocketFrameError(`${this.what}: ${field} has its reserved high bit set (0x${v.toString(16)})`)
    this.at += 4
    return v
  }
  u32(field: string): number {
    this.need(4, field)
    const v = this.view.getUint32(this.at)
    this.at += 4
    return v
  }
  take(n: number, field: string): Uint8Array {
    this.need(n, field)
    const out = this.bytes.subarray(this.at, this.at + n)
    this.at += n
    return out
  }
  rest(): Uint8Array {
    const out = this.bytes.subarray(this.at)
    this.at = this.bytes.length
    return out
  }
  metadata(flags: number): Uint8Array | null {
    if ((flags & Flags.METADATA) === 0) return null
    return this.take(this.u24('metadata length'), 'metadata')
  }
  positiveN(field: string): number {
    const n = this.u31(field)
    if (n === 0) throw new RSocketFrameError(`${this.what}: ${field} must be > 0, got 0`)
    return n
  }
}

/**
 * Decodes one frame (without the TCP length prefix). Returns `null` for a frame the receiver may
 * ignore (an unknown type with the IGNORE flag); throws `RSocketFrameError` for anything corrupt,
 * truncated or breaking a protocol rule. The payload views share the input's memory.
 *
 * @internal
 */
export function decodeFrame(bytes: Uint8Array): Frame | null {
  if (bytes.length < HEADER_SIZE) throw new RSocketFrameError(`truncated header (${bytes.length} of ${HEADER_SIZE} bytes)`)
  const rawId = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0
  if (rawId > MAX_31) throw new RSocketFrameError(`stream id has its reserved high bit set (0x${rawId.toString(16)})`)
  const typeAndFlags = (bytes[4]! << 8) | bytes[5]!
  const type = typeAndFlags >>> 10
  const flags = typeAndFlags & 0x3ff
  // The hot path: an element (PAYLOAD without metadata) needs no field reader.
  if (type === FrameType.PAYLOAD && (flags & (Flags.METADATA | Flags.FOLLOWS)) === 0 && (flags & (Flags.NEXT | Flags.COMPLETE)) !== 0 && rawId !== 0)
    return { type, streamId: rawId, follows: false, complete: (flags & Flags.COMPLETE) !== 0, next: (flags & Flags.NEXT) !== 0, metadata: null, data: bytes.subarray(HEADER_SIZE) }
  const name = frameTypeName(type)
  const r = new Reader(bytes, `${name} frame on stream ${rawId}`)
  const connectionLevel = type === FrameType.SETUP || type === FrameType.LEASE || type === FrameType.KEEPALIVE || type === FrameType.METADATA_PUSH
  if (connectionLevel && rawId !== 0) throw new RSocketFrameError(`${name} frame must use stream 0, got stream ${rawId}`)
  if (!connectionLevel && type !== FrameType.ERROR && rawId === 0 && NAMES[type] !== undefined)
    throw new RSocketFrameError(`${name} frame must not use stream 0`)
  const streamId = rawId
  const follows = (flags & Flags.FOLLOWS) !== 0
  switch (type) {
    case FrameType.SETUP: {
      const majorVersion = r.u16('major version')
      const minorVersion = r.u16('minor version')
      const keepAliveInterval = r.u31('keepalive interval')
      const maxLifetime = r.u31('max lifetime')
      const resumeToken = (flags & Flags.RESUME) !== 0 ? r.take(r.u16('resume token length'), 'resume token').slice() : null
      const metadataMimeType = mime(r, 'metadata mime type')
      const dataMimeType = mime(r, 'data mime type')
      const metadata = r.metadata(flags)
      return {
        type,
        streamId: 0,
        majorVersion,
        minorVersion,
        keepAliveInterval,
        maxLifetime,
        resumeToken,
        lease: (flags & Flags.LEASE) !== 0,
        metadataMimeType,
        dataMimeType,
        metadata,
        data: r.rest(),
      }
    }
    case FrameType.LEASE: {
      const ttl = r.u31('time-to-live')
      const requests = r.u31('number of requests')
      return { type, streamId: 0, ttl, requests, metadata: (flags & Flags.METADATA) !== 0 ? r.rest() : null }
    }
    case FrameType.KEEPALIVE: {
      const hi = r.u31('last received position')
      const lo = r.u32('last received position')
      return { type, streamId: 0, respond: (flags & Flags.RESPOND) !== 0, lastReceivedPosition: hi * 0x100000000 + lo, data: r.rest() }
    }
    case FrameType.REQUEST_RESPONSE:
    case FrameType.REQUEST_FNF: {
      const metadata = r.metadata(flags)
      return { type, streamId, follows, metadata, data: r.rest() }
    }
    case FrameType.REQUEST_STREAM: {
      const requestN = r.positiveN('initial request n')
      const metadata = r.metadata(flags)
      return { type, streamId, follows, requestN, metadata, data: r.rest() }
    }
    case FrameType.REQUEST_CHANNEL: {
      const requestN = r.positiveN('initial request n')
      const metadata = r.metadata(flags)
      return { type, streamId, follows, complete: (flags & Flags.COMPLETE) !== 0, requestN, metadata, data: r.rest() }
    }
    case FrameType.REQUEST_N:
      return { type, streamId, requestN: r.positiveN('request n') }
    case FrameType.CANCEL:
      return { type, streamId }
    case FrameType.PAYLOAD: {
      const complete = (flags & Flags.COMPLETE) !== 0
      const next = (flags & Flags.NEXT) !== 0
      if (!complete && !next && !follows) throw new RSocketFrameError(`PAYLOAD frame on stream ${streamId} has neither NEXT nor COMPLETE set`)
      const metadata = r.metadata(flags)
      return { type, streamId, follows, complete, next, metadata, data: r.rest() }
    }
    case FrameType.ERROR: {
      const code = r.u32('error code')
      if (code === 0 || code === 0xffffffff) throw new RSocketFrameError(`ERROR frame on stream ${streamId} uses the reserved error code 0x${code.toString(16)}`)
      return { type, streamId, code, message: utf8Decoder.decode(r.rest()) }
    }
    case FrameType.METADATA_PUSH:
      if ((flags & Flags.METADATA) === 0) throw new RSocketFrameError('METADATA_PUSH frame without the METADATA flag')
      return { type, streamId: 0, metadata: r.rest() }
    default:
      if ((flags & Flags.IGNORE) !== 0) return null
      throw new RSocketFrameError(`unknown frame type ${name} on stream ${streamId} without the IGNORE flag`)
  }
}

function mime(r: Reader, field: string): string {
  const bytes = r.take(r.u8(`${field} length`), field)
  for (const b of bytes) if (b > 0x7f) throw new RSocketFrameError(`${r.what}: ${field} is not ASCII`)
  return String.fromCharCode(...bytes)
}

/** A zero-length payload part. @internal */
export const EMPTY_BYTES: Uint8Array = EMPTY
