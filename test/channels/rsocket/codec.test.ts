import * as rsocketJs from 'rsocket-core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RSocketFrameError } from '../../../src/channels/rsocket/RSocketFrameError.js'
import { decodeFrame, encodeFrame, FrameType, MAX_31, type Frame } from '../../../src/channels/rsocket/internal/frame.js'
import { FrameReader } from '../../../src/channels/rsocket/internal/FrameReader.js'
import { fragment, Reassembly, type CarrierFrame } from '../../../src/channels/rsocket/internal/fragment.js'
import {
  bearerOf,
  COMPOSITE_METADATA,
  decodeCompositeMetadata,
  encodeBearer,
  encodeCompositeMetadata,
  routeMetadata,
  routeOf,
  AUTHENTICATION,
  ROUTING,
  encodeRoute,
} from '../../../src/channels/rsocket/internal/metadata.js'

const bytes = (max = 64): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength: max })
const streamId = fc.integer({ min: 1, max: MAX_31 })
const requestN = fc.integer({ min: 1, max: MAX_31 })
const metadata = fc.option(bytes(), { nil: null })
const asciiMime = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz/.-+0123456789'), maxLength: 40 })

const frameArb: fc.Arbitrary<Frame> = fc.oneof(
  fc.record({
    type: fc.constant(FrameType.SETUP),
    streamId: fc.constant(0 as const),
    majorVersion: fc.integer({ min: 0, max: 0xffff }),
    minorVersion: fc.integer({ min: 0, max: 0xffff }),
    keepAliveInterval: fc.integer({ min: 0, max: MAX_31 }),
    maxLifetime: fc.integer({ min: 0, max: MAX_31 }),
    resumeToken: fc.option(bytes(16), { nil: null }),
    lease: fc.boolean(),
    metadataMimeType: asciiMime,
    dataMimeType: asciiMime,
    metadata,
    data: bytes(),
  }),
  fc.record({ type: fc.constant(FrameType.LEASE), streamId: fc.constant(0 as const), ttl: fc.integer({ min: 0, max: MAX_31 }), requests: fc.integer({ min: 0, max: MAX_31 }), metadata }),
  fc.record({
    type: fc.constant(FrameType.KEEPALIVE),
    streamId: fc.constant(0 as const),
    respond: fc.boolean(),
    lastReceivedPosition: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    data: bytes(),
  }),
  fc.record({ type: fc.constantFrom(FrameType.REQUEST_RESPONSE, FrameType.REQUEST_FNF), streamId, follows: fc.boolean(), metadata, data: bytes() }),
  fc.record({ type: fc.constant(FrameType.REQUEST_STREAM), streamId, follows: fc.boolean(), requestN, metadata, data: bytes() }),
  fc.record({ type: fc.constant(FrameType.REQUEST_CHANNEL), streamId, follows: fc.boolean(), complete: fc.boolean(), requestN, metadata, data: bytes() }),
  fc.record({ type: fc.constant(FrameType.REQUEST_N), streamId, requestN }),
  fc.record({ type: fc.constant(FrameType.CANCEL), streamId }),
  fc
    .record({ type: fc.constant(FrameType.PAYLOAD), streamId, follows: fc.boolean(), complete: fc.boolean(), next: fc.boolean(), metadata, data: bytes() })
    .filter((f) => f.follows || f.complete || f.next),
  fc.record({
    type: fc.constant(FrameType.ERROR),
    streamId: fc.integer({ min: 0, max: MAX_31 }),
    code: fc.integer({ min: 1, max: 0xfffffffe }),
    message: fc.string({ maxLength: 40 }).map((s) => s.replace(/[\uD800-\uDFFF]/g, '?')),
  }),
  fc.record({ type: fc.constant(FrameType.METADATA_PUSH), streamId: fc.constant(0 as const), metadata: bytes() }),
)

/** Decoded payload parts are views; compare contents. */
const plain = (f: unknown): unknown => {
  if (f instanceof Uint8Array) return { bytes: [...f] }
  if (f === null || typeof f !== 'object') return f
  return Object.fromEntries(Object.entries(f).map(([k, v]) => [k, plain(v)]))
}

function decodesOrRejects(input: Uint8Array): void {
  try {
    decodeFrame(input)
  } catch (e) {
    if (!(e instanceof RSocketFrameError)) throw e
    expect(e.message).toMatch(/^rsocket frame: /)
  }
}

describe('rsocket frame codec', () => {
  it('round-trips every valid frame, with and without the TCP length prefix', () => {
    fc.assert(
      fc.property(frameArb, (frame) => {
        expect(plain(decodeFrame(encodeFrame(frame)))).toEqual(plain(frame))
        const prefixed = encodeFrame(frame, true)
        expect((prefixed[0]! << 16) | (prefixed[1]! << 8) | prefixed[2]!).toBe(prefixed.length - 3)
        expect(plain(decodeFrame(prefixed.subarray(3)))).toEqual(plain(frame))
      }),
      { numRuns: 2000 },
    )
  })

  it('random bytes decode to a frame, are ignored, or fail with RSocketFrameError (nothing else)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), (input) => decodesOrRejects(input)), { numRuns: 5000 })
  })

  it('random bytes behind a valid header of every type decode or fail with RSocketFrameError', () => {
    const header = fc.tuple(fc.integer({ min: 0, max: MAX_31 }), fc.integer({ min: 0, max: 0x3f }), fc.integer({ min: 0, max: 0x3ff }), fc.uint8Array({ maxLength: 40 }))
    fc.assert(
      fc.property(header, ([id, type, flags, body]) => {
        const input = new Uint8Array(6 + body.length)
        new DataView(input.buffer).setUint32(0, id)
        new DataView(input.buffer).setUint16(4, (type << 10) | flags)
        input.set(body, 6)
        decodesOrRejects(input)
      }),
      { numRuns: 5000 },
    )
  })

  it('a truncated valid frame fails with RSocketFrameError or decodes to a shorter payload', () => {
    fc.assert(
      fc.property(frameArb, fc.nat(), (frame, cut) => {
        const whole = encodeFrame(frame)
        const part = whole.subarray(0, cut % whole.length)
        decodesOrRejects(part)
        if (part.length < 6) expect(() => decodeFrame(part)).toThrow(/truncated header/)
      }),
      { numRuns: 3000 },
    )
  })

  it('names the field that is wrong', () => {
    expect(() => decodeFrame(Uint8Array.of(0, 0, 0, 1, 0x20))).toThrow('rsocket frame: truncated header (5 of 6 bytes)')
    expect(() => decodeFrame(encodeFrame({ type: FrameType.REQUEST_N, streamId: 1, requestN: 1 }).map((b, i) => (i >= 6 ? 0 : b)))).toThrow(
      'rsocket frame: REQUEST_N frame on stream 1: request n must be > 0, got 0',
    )
    const cancelOn0 = encodeFrame({ type: FrameType.CANCEL, streamId: 1 })
    cancelOn0[3] = 0
    expect(() => decodeFrame(cancelOn0)).toThrow('rsocket frame: CANCEL frame must not use stream 0')
    const stream = encodeFrame({ type: FrameType.REQUEST_STREAM, streamId: 3, follows: false, requestN: 5, metadata: new Uint8Array(10), data: new Uint8Array(0) })
    expect(() => decodeFrame(stream.subarray(0, 16))).toThrow('rsocket frame: REQUEST_STREAM frame on stream 3: truncated metadata (needs 10 bytes at offset 13, frame has 16)')
    const unknown = Uint8Array.of(0, 0, 0, 1, 0x30 << 2, 0)
    expect(() => decodeFrame(unknown)).toThrow('rsocket frame: unknown frame type 0x30 on stream 1 without the IGNORE flag')
    unknown[4] = (0x30 << 2) | 0x02 // IGNORE
    expect(decodeFrame(unknown)).toBeNull()
    const highBit = encodeFrame({ type: FrameType.CANCEL, streamId: 1 })
    highBit[0] = 0x80
    expect(() => decodeFrame(highBit)).toThrow('rsocket frame: stream id has its reserved high bit set (0x80000001)')
  })

  it('writes the bytes rsocket-js reads, and reads the bytes rsocket-js writes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({ type: fc.constant(FrameType.REQUEST_STREAM), streamId, follows: fc.constant(false), requestN, metadata, data: bytes() }),
          fc.record({ type: fc.constant(FrameType.REQUEST_N), streamId, requestN }),
          fc.record({ type: fc.constant(FrameType.CANCEL), streamId }),
          fc.record({ type: fc.constant(FrameType.PAYLOAD), streamId, follows: fc.constant(false), complete: fc.boolean(), next: fc.constant(true), metadata, data: bytes() }),
        ),
        (frame) => {
          const theirs = rsocketJs.deserializeFrame(Buffer.from(encodeFrame(frame))) as unknown as Record<string, unknown>
          expect(theirs.type).toBe(frame.type)
          expect(theirs.streamId).toBe(frame.streamId)
          if ('requestN' in frame) expect(theirs.requestN).toBe(frame.requestN)
          if ('data' in frame) expect([...((theirs.data as Buffer | null) ?? [])]).toEqual([...frame.data])
          const back = rsocketJs.serializeFrame(theirs as unknown as rsocketJs.Frame)
          expect(plain(decodeFrame(back))).toEqual(plain(frame))
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe('rsocket length-prefixed framing (FrameReader)', () => {
  it('yields the same frames however the byte stream is cut into chunks', () => {
    fc.assert(
      fc.property(fc.array(frameArb, { maxLength: 8 }), fc.array(fc.nat({ max: 100 }), { maxLength: 10 }), (frames, cuts) => {
        const stream = Buffer.concat(frames.map((f) => encodeFrame(f, true)))
        const reader = new FrameReader(1 << 20)
        const got: unknown[] = []
        let at = 0
        for (const c of [...cuts, stream.length]) {
          const end = Math.min(stream.length, at + c)
          reader.push(stream.subarray(at, end), (f) => got.push(plain(decodeFrame(f))))
          at = end
        }
        reader.end()
        expect(got).toEqual(frames.map(plain))
        expect(reader.buffered).toBe(0)
      }),
      { numRuns: 500 },
    )
  })

  it('rejects an oversized frame from its length alone, before buffering it', () => {
    const reader = new FrameReader(1000)
    expect(() => reader.push(Uint8Array.of(0, 0x03, 0xe9), () => {})).toThrow('rsocket frame: frame of 1001 bytes exceeds the maximum frame size of 1000 bytes')
    expect(reader.buffered).toBe(0)
  })

  it('rejects a length shorter than a header and a stream that ends inside a frame', () => {
    expect(() => new FrameReader(1000).push(Uint8Array.of(0, 0, 5, 1, 2, 3, 4, 5), () => {})).toThrow('frame length 5 is shorter than the 6-byte header')
    const reader = new FrameReader(1000)
    reader.push(Uint8Array.of(0, 0, 9, 1, 2), () => {})
    expect(() => reader.end()).toThrow('rsocket frame: connection ended inside a frame (5 bytes of it arrived)')
  })

  it('random byte streams yield frames or fail with RSocketFrameError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (input) => {
        try {
          new FrameReader(64).push(input, (f) => decodeFrame(f))
        } catch (e) {
          expect(e).toBeInstanceOf(RSocketFrameError)
        }
      }),
      { numRuns: 3000 },
    )
  })
})

describe('rsocket fragmentation', () => {
  const carrier: fc.Arbitrary<CarrierFrame> = fc.oneof(
    fc.record({ type: fc.constant(FrameType.REQUEST_STREAM), streamId, follows: fc.constant(false), requestN, metadata: fc.option(bytes(600), { nil: null }), data: bytes(2000) }),
    fc.record({
      type: fc.constant(FrameType.PAYLOAD),
      streamId,
      follows: fc.constant(false),
      complete: fc.boolean(),
      next: fc.constant(true),
      metadata: fc.option(bytes(600), { nil: null }),
      data: bytes(2000),
    }),
    fc.record({
      type: fc.constant(FrameType.REQUEST_CHANNEL),
      streamId,
      follows: fc.constant(false),
      complete: fc.boolean(),
      requestN,
      metadata: fc.option(bytes(600), { nil: null }),
      data: bytes(2000),
    }),
  )

  it('fragments fit the fragment size and reassemble to the original', () => {
    fc.assert(
      fc.property(carrier, fc.integer({ min: 64, max: 3000 }), (frame, size) => {
        const parts = fragment(frame, size)
        for (const p of parts) expect(encodeFrame(p).length).toBeLessThanOrEqual(size)
        expect(parts.slice(0, -1).every((p) => p.follows)).toBe(true)
        expect(parts.at(-1)!.follows).toBe(false)
        // Through the wire codec, as the receiver sees them.
        const wire = parts.map((p) => decodeFrame(encodeFrame(p)) as CarrierFrame)
        let whole: CarrierFrame | null = wire[0]!
        if (wire.length > 1) {
          const r = new Reassembly(wire[0]!, 1 << 20)
          for (const p of wire.slice(1)) whole = r.next(p)
        }
        expect(plain(whole)).toEqual(plain(frame))
      }),
      { numRuns: 500 },
    )
  })

  it('fails a reassembly that outgrows its bound', () => {
    const [first, ...rest] = fragment({ type: FrameType.PAYLOAD, streamId: 1, follows: false, complete: false, next: true, metadata: null, data: new Uint8Array(5000) }, 1000)
    const r = new Reassembly(first!, 3000)
    expect(() => rest.forEach((p) => r.next(p))).toThrow('rsocket frame: fragmented payload on stream 1 exceeds the maximum payload size of 3000 bytes')
  })
})

describe('rsocket composite metadata', () => {
  it('round-trips entries, routes and bearer tokens', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), fc.string({ maxLength: 60 }), (route, token) => {
        const md = encodeCompositeMetadata([
          { mimeType: AUTHENTICATION, content: encodeBearer(token) },
          { mimeType: 'text/x-custom', content: Uint8Array.of(1, 2) },
          { mimeType: ROUTING, content: encodeRoute(route) },
        ])
        const entries = decodeCompositeMetadata(md)
        expect(entries.map((e) => e.mimeType)).toEqual([AUTHENTICATION, 'text/x-custom', ROUTING])
        expect(routeOf(md, COMPOSITE_METADATA)).toBe(route)
        expect(bearerOf(md, COMPOSITE_METADATA)).toBe(token)
      }),
    )
    expect(routeOf(routeMetadata('chat.messages'), COMPOSITE_METADATA)).toBe('chat.messages')
    expect(routeOf(encodeRoute('direct'), ROUTING)).toBe('direct')
  })

  it('random metadata decodes or fails with RSocketFrameError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60 }), (input) => {
        try {
          routeOf(input, COMPOSITE_METADATA)
          bearerOf(input, COMPOSITE_METADATA)
        } catch (e) {
          expect(e).toBeInstanceOf(RSocketFrameError)
        }
      }),
      { numRuns: 3000 },
    )
  })
})
