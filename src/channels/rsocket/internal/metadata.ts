/**
 * Composite metadata (`message/x.rsocket.composite-metadata.v0`) and the two extensions sluice
 * uses inside it: routing (`message/x.rsocket.routing.v0`, the route of a request) and
 * authentication (`message/x.rsocket.authentication.v0`, the bearer token of the setup).
 *
 * @module
 */
import { RSocketFrameError } from '../RSocketFrameError.js'

/** @internal */
export const COMPOSITE_METADATA = 'message/x.rsocket.composite-metadata.v0'
/** @internal */
export const ROUTING = 'message/x.rsocket.routing.v0'
/** @internal */
export const AUTHENTICATION = 'message/x.rsocket.authentication.v0'

// The well-known mime ids of the extension registry that sluice reads and writes.
const WELL_KNOWN: Record<number, string> = { 0x7c: AUTHENTICATION, 0x7e: ROUTING, 0x05: 'application/json' }
const WELL_KNOWN_ID: Record<string, number> = Object.fromEntries(Object.entries(WELL_KNOWN).map(([k, v]) => [v, Number(k)]))
const BEARER = 0x01

const utf8 = new TextEncoder()
const utf8Decoder = new TextDecoder('utf-8', { fatal: true })

/** One entry of composite metadata. @internal */
export interface MetadataEntry {
  readonly mimeType: string
  readonly content: Uint8Array
}

/** @internal */
export function encodeCompositeMetadata(entries: readonly MetadataEntry[]): Uint8Array {
  const chunks: Uint8Array[] = []
  let size = 0
  for (const e of entries) {
    const id = WELL_KNOWN_ID[e.mimeType]
    const head = id !== undefined ? Uint8Array.of(0x80 | id) : Uint8Array.of(e.mimeType.length - 1, ...utf8.encode(e.mimeType))
    if (id === undefined && (e.mimeType.length === 0 || e.mimeType.length > 128)) throw new RangeError(`encodeCompositeMetadata(mimeType): expected 1 to 128 ASCII characters, got ${JSON.stringify(e.mimeType)}`)
    const len = e.content.length
    chunks.push(head, Uint8Array.of(len >>> 16, (len >>> 8) & 0xff, len & 0xff), e.content)
    size += head.length + 3 + len
  }
  const out = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}

/** Decodes composite metadata; throws `RSocketFrameError` when it is malformed. @internal */
export function decodeCompositeMetadata(bytes: Uint8Array): MetadataEntry[] {
  const out: MetadataEntry[] = []
  let at = 0
  while (at < bytes.length) {
    const first = bytes[at++]!
    let mimeType: string
    if ((first & 0x80) !== 0) {
      mimeType = WELL_KNOWN[first & 0x7f] ?? `well-known:0x${(first & 0x7f).toString(16)}`
    } else {
      const len = first + 1
      if (bytes.length - at < len) throw new RSocketFrameError('composite metadata: truncated mime type')
      mimeType = String.fromCharCode(...bytes.subarray(at, at + len))
      at += len
    }
    if (bytes.length - at < 3) throw new RSocketFrameError(`composite metadata: truncated length of the ${mimeType} entry`)
    const len = (bytes[at]! << 16) | (bytes[at + 1]! << 8) | bytes[at + 2]!
    at += 3
    if (bytes.length - at < len) throw new RSocketFrameError(`composite metadata: the ${mimeType} entry declares ${len} bytes, ${bytes.length - at} remain`)
    out.push({ mimeType, content: bytes.subarray(at, at + len) })
    at += len
  }
  return out
}

/** Routing metadata: one or more tags, each a length byte and UTF-8. @internal */
export function encodeRoute(route: string): Uint8Array {
  const bytes = utf8.encode(route)
  if (bytes.length === 0 || bytes.length > 255) throw new RangeError(`route: expected 1 to 255 bytes of UTF-8, got ${JSON.stringify(route)}`)
  const out = new Uint8Array(1 + bytes.length)
  out[0] = bytes.length
  out.set(bytes, 1)
  return out
}

/** @internal */
export function decodeRoutes(bytes: Uint8Array): string[] {
  const tags: string[] = []
  let at = 0
  while (at < bytes.length) {
    const len = bytes[at++]!
    if (bytes.length - at < len) throw new RSocketFrameError('routing metadata: truncated tag')
    tags.push(decodeUtf8(bytes.subarray(at, at + len), 'routing metadata'))
    at += len
  }
  return tags
}

/** Composite metadata holding just the route. @internal */
export function routeMetadata(route: string): Uint8Array {
  return encodeCompositeMetadata([{ mimeType: ROUTING, content: encodeRoute(route) }])
}

/** The first route tag of a request's metadata, or `undefined` when it has none. @internal */
export function routeOf(metadata: Uint8Array | null, metadataMimeType: string): string | undefined {
  if (metadata === null || metadata.length === 0) return undefined
  if (metadataMimeType === ROUTING) return decodeRoutes(metadata)[0]
  for (const e of decodeCompositeMetadata(metadata)) if (e.mimeType === ROUTING) return decodeRoutes(e.content)[0]
  return undefined
}

/** Bearer-token authentication content. @internal */
export function encodeBearer(token: string): Uint8Array {
  const bytes = utf8.encode(token)
  const out = new Uint8Array(1 + bytes.length)
  out[0] = 0x80 | BEARER
  out.set(bytes, 1)
  return out
}

/** The bearer token in setup metadata, or `undefined` when there is none. @internal */
export function bearerOf(metadata: Uint8Array | null, metadataMimeType: string): string | undefined {
  if (metadata === null || metadata.length === 0 || metadataMimeType !== COMPOSITE_METADATA) return undefined
  for (const e of decodeCompositeMetadata(metadata)) {
    if (e.mimeType !== AUTHENTICATION || e.content.length === 0) continue
    if (e.content[0] !== (0x80 | BEARER)) continue
    return decodeUtf8(e.content.subarray(1), 'bearer token')
  }
  return undefined
}

function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return utf8Decoder.decode(bytes)
  } catch {
    throw new RSocketFrameError(`${what} is not valid UTF-8`)
  }
}
