/**
 * Fuzz at the connection level: after a valid SETUP and an open stream, a client sends random
 * bytes (or valid frames with random fields). Whatever it sends, the server either ignores it or
 * closes that connection with CONNECTION_ERROR; it never throws, never delivers an element twice,
 * releases the stream's Source, and keeps serving other clients.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RSocketClient, RSocketRoute, RSocketServer } from '../../../src/channels/rsocket/index.js'
import { encodeFrame, FrameType, MAX_31, type Frame } from '../../../src/channels/rsocket/internal/frame.js'
import { counting, HOST, RawPeer, sleep } from './support.js'

let server: RSocketServer
const streams: ReturnType<typeof counting>[] = []
const errors: Error[] = []
beforeAll(async () => {
  server = await RSocketServer.listen({
    tcp: { host: HOST, port: 0 },
    maxFrameSize: 4096,
    onError: (e) => errors.push(e),
    routes: {
      endless: RSocketRoute.stream(() => {
        const c = counting()
        streams.push(c)
        return c.source
      }),
    },
  })
})
afterAll(() => server.close())

const randomFrame: fc.Arbitrary<Frame> = fc.oneof(
  fc.record({ type: fc.constant(FrameType.REQUEST_N), streamId: fc.integer({ min: 1, max: 9 }), requestN: fc.integer({ min: 1, max: MAX_31 }) }),
  fc.record({ type: fc.constant(FrameType.CANCEL), streamId: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ type: fc.constant(FrameType.PAYLOAD), streamId: fc.integer({ min: 1, max: 9 }), follows: fc.boolean(), complete: fc.boolean(), next: fc.constant(true), metadata: fc.constant(null), data: fc.uint8Array({ maxLength: 20 }) }),
  fc.record({ type: fc.constant(FrameType.ERROR), streamId: fc.integer({ min: 0, max: 9 }), code: fc.constantFrom(0x101, 0x201, 0x203), message: fc.string({ maxLength: 10 }) }),
  fc.record({ type: fc.constant(FrameType.KEEPALIVE), streamId: fc.constant(0 as const), respond: fc.boolean(), lastReceivedPosition: fc.nat(), data: fc.uint8Array({ maxLength: 8 }) }),
)

describe('RSocket server under fuzzed input', () => {
  it('random bytes or random frames after SETUP: ignored or CONNECTION_ERROR, never a crash, a leak or a duplicate', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => [b]),
          fc.array(randomFrame, { minLength: 1, maxLength: 5 }).map((fs) => fs.map((f) => encodeFrame(f, true))),
        ),
        async (chunks) => {
          const before = streams.length
          const p = await RawPeer.connect(server.address)
          p.setup()
          p.requestStream(1, 'endless', 3)
          await p.until((fs) => fs.filter((f) => f.type === FrameType.PAYLOAD).length === 3)
          for (const c of chunks) p.sendBytes(c)
          await sleep(20)
          const values = p.frames.filter((f) => f.type === FrameType.PAYLOAD && f.next).map((f) => JSON.parse(new TextDecoder().decode((f as { data: Uint8Array }).data)) as number)
          // Never twice, never out of order, never beyond what the peer granted overall.
          expect(values).toEqual(values.map((_, i) => i + 1))
          const connectionErrors = p.frames.filter((f) => f.type === FrameType.ERROR && f.streamId === 0)
          expect(connectionErrors.every((f) => (f as { code: number }).code === 0x101)).toBe(true)
          await p.close()
          await streams[before]!.stopped // the stream's Source was released either way
        },
      ),
      { numRuns: 40 },
    )
    await sleep(20)
    expect(server.connections).toBe(0)
    // The server still serves a well-behaved client.
    const client = await RSocketClient.connect({ tcp: server.address })
    expect(await client.requestStream('endless').take(3).runCollect()).toEqual([1, 2, 3])
    await client.close()
    expect(errors.every((e) => e instanceof Error && e.name.startsWith('RSocket'))).toBe(true)
  })
})
