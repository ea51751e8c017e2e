import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { RSocketClient, RSocketError, RSocketFrameError, RSocketRoute, RSocketServer } from '../../../src/channels/rsocket/index.js'
import { encodeFrame, FrameType } from '../../../src/channels/rsocket/internal/frame.js'
import { COMPOSITE_METADATA, routeMetadata } from '../../../src/channels/rsocket/internal/metadata.js'
import { Flow } from '../../../src/dsl/Flow.js'
import { Sink } from '../../../src/dsl/Sink.js'
import { Source } from '../../../src/dsl/Source.js'
import { counting, HOST, newHandles, openHandles, sleep, tap, waitFor } from './support.js'

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

type ServerOptions = Parameters<typeof RSocketServer.listen>[0]
async function serve(routes: ServerOptions['routes'], extra: Partial<ServerOptions> = {}) {
  const server = await RSocketServer.listen({ tcp: { host: HOST, port: 0 }, routes, ...extra })
  cleanups.push(() => server.close())
  return server
}
async function connect(address: { host: string; port: number }, extra: Partial<Parameters<typeof RSocketClient.connect>[0]> = {}) {
  const client = await RSocketClient.connect({ tcp: address, ...extra })
  cleanups.push(() => client.close())
  return client
}

describe('RSocket request-channel', () => {
  it('runs a Flow on the server (model: the same as running it locally)', async () => {
    const server = await serve({ scan: RSocketRoute.channel(Flow.create<number>().scan(0, (a, x) => a + x)) })
    const client = await connect(server.address)
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 200 }), fc.integer({ min: 1, max: 32 }), async (xs, bufferSize) => {
        const remote = await Source.from(xs).via(client.requestChannel<number, number>('scan', { bufferSize })).runCollect()
        const local = await Source.from(xs).scan(0, (a, x) => a + x).runCollect()
        expect(remote).toEqual(local)
      }),
      { numRuns: 25 },
    )
    expect(client.openStreams).toBe(0)
  })

  it('demand property, both ways: neither side sends more than the other requested, and both stay within their buffers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 120 }), async (bufferSize, receiveBuffer, count) => {
        const up = counting()
        let serverSeen = 0
        const server = await RSocketServer.listen({
          tcp: { host: HOST, port: 0 },
          receiveBuffer,
          routes: {
            tenths: RSocketRoute.channel((inbound: Source<number>) =>
              inbound
                .map((x) => {
                  serverSeen++
                  return x
                })
                .filter((x) => x % 10 === 0),
            ),
          },
        })
        const wire = await tap(server.address)
        const client = await RSocketClient.connect({ tcp: wire.address })
        let consumed = 0
        const got = await up.source
          .take(count)
          .via(client.requestChannel<number, number>('tenths', { bufferSize }))
          .map((x) => {
            consumed++
            // The client's input is never further ahead of the server than the server's buffer.
            expect(up.produced() - serverSeen).toBeLessThanOrEqual(receiveBuffer + 64 + 2)
            return x
          })
          .runCollect()
        expect(got).toEqual(Array.from({ length: Math.floor(count / 10) }, (_, i) => (i + 1) * 10))
        expect(consumed).toBe(got.length)
        await sleep(10)
        // Up: the first element rides in REQUEST_CHANNEL; every other one within the server's REQUEST_N.
        expect(wire.payloads('up')).toBeLessThanOrEqual(wire.demandDown())
        // Down: never more than the client requested, and the client never asked more than its buffer ahead.
        expect(wire.payloads('down')).toBeLessThanOrEqual(wire.demandUp())
        expect(wire.demandUp()).toBeLessThanOrEqual(got.length + bufferSize)
        expect(serverSeen).toBe(count)
        await client.close()
        await wire.close()
        await server.close()
      }),
      { numRuns: 15 },
    )
  })

  it('an empty input still opens the channel (REQUEST_CHANNEL with COMPLETE and no data)', async () => {
    const server = await serve({ count: RSocketRoute.channel((inbound: Source<number>) => inbound.fold(0, (n) => n + 1)) })
    const client = await connect(server.address)
    expect(await Source.empty<number>().via(client.requestChannel<number, number>('count')).runCollect()).toEqual([0])
    expect(await Source.single(7).via(client.requestChannel<number, number>('count')).runCollect()).toEqual([1])
  })

  it('when the server completes its side, the client stops sending and the channel is released', async () => {
    const input = counting()
    const server = await serve({ firstTwo: RSocketRoute.channel((inbound: Source<number>) => inbound.take(2)) })
    const client = await connect(server.address)
    expect(await input.source.via(client.requestChannel<number, number>('firstTwo', { bufferSize: 4 })).runCollect()).toEqual([1, 2])
    await input.stopped
    expect(input.produced()).toBeLessThanOrEqual(2 + 64 + 16)
    await waitFor(() => client.openStreams === 0)
  })

  it('failure travels both ways: a failing input fails the flow, a failing server flow fails the client with RSocketError', async () => {
    const errors: Error[] = []
    const server = await serve(
      {
        echo: RSocketRoute.channel(Flow.create<number>()),
        fragile: RSocketRoute.channel(Flow.create<number>().map((x) => { if (x === 3) throw new RangeError('three'); return x })),
      },
      { onError: (e) => errors.push(e) },
    )
    const client = await connect(server.address)
    const input = Source.range(1, 5).map((x) => { if (x === 4) throw new Error('input broke'); return x })
    await expect(input.via(client.requestChannel('echo')).runCollect()).rejects.toThrow('input broke')
    const e = await Source.range(1, 5).via(client.requestChannel('fragile')).runCollect().catch((x: unknown) => x)
    expect(e).toBeInstanceOf(RSocketError)
    expect((e as Error).message).toBe('rsocket route "fragile": APPLICATION_ERROR: RangeError: three')
    await sleep(20)
    expect(client.openStreams).toBe(0)
  })

  it('cancelling downstream ends the channel on both sides', async () => {
    const serverSide = counting()
    const clientSide = counting()
    const server = await serve({ both: RSocketRoute.channel((inbound: Source<number>) => { inbound.runWith(Sink.ignore()); return serverSide.source }) })
    const client = await connect(server.address)
    expect(await clientSide.source.via(client.requestChannel<number, number>('both')).take(5).runCollect()).toEqual([1, 2, 3, 4, 5])
    await serverSide.stopped
    await clientSide.stopped
    await sleep(20)
    expect(client.openStreams).toBe(0)
  })
})

describe('RSocket request-response and fire-and-forget', () => {
  it('answers, fails typed, and delivers fire-and-forget', async () => {
    const logged: unknown[] = []
    const errors: Error[] = []
    const server = await serve(
      {
        add: RSocketRoute.response(async ({ a, b }: { a: number; b: number }) => a + b),
        fail: RSocketRoute.response(() => Promise.reject(new Error('not today'))),
        log: RSocketRoute.fireAndForget((line: string) => { logged.push(line) }),
        crash: RSocketRoute.fireAndForget(() => { throw new Error('fnf broke') }),
      },
      { onError: (e) => errors.push(e) },
    )
    const client = await connect(server.address)
    expect(await client.requestResponse('add', { a: 2, b: 3 })).toBe(5)
    await expect(client.requestResponse('fail')).rejects.toThrow('rsocket route "fail": APPLICATION_ERROR: not today')
    await expect(client.requestResponse('log')).rejects.toThrow('rsocket route "log": INVALID: route "log" answers fireAndForget, not response')
    client.fireAndForget('log', 'hello')
    client.fireAndForget('crash')
    await waitFor(() => logged.length === 1 && errors.length === 2)
    expect(logged).toEqual(['hello'])
    // Failures of handlers are reported on the server too, typed and naming the route.
    expect(errors.map((e) => e.message)).toEqual(['rsocket route "fail": APPLICATION_ERROR: not today', 'rsocket route "crash": APPLICATION_ERROR: fnf broke'])
    expect(client.openStreams).toBe(0)
  })

  it('checks its arguments', async () => {
    const server = await serve({})
    const client = await connect(server.address)
    expect(() => client.requestStream('')).toThrow('RSocketClient.requestStream(route): expected a non-empty string, got ""')
    expect(() => client.requestStream('x', null, { bufferSize: 0 })).toThrow('RSocketClient.requestStream(options.bufferSize): expected a positive integer, got 0')
    await expect(RSocketServer.listen({ routes: {} })).rejects.toThrow('RSocketServer.listen(options): give exactly one of tcp and websocket')
    await expect(RSocketServer.listen({ tcp: { host: HOST, port: 0 }, routes: {}, maxFrameSize: 10 })).rejects.toThrow('RSocketServer.listen(options.maxFrameSize): expected 64 to 16777215 bytes, got 10')
    expect(() => RSocketRoute.stream(42 as never)).toThrow('RSocketRoute.stream(handler): expected a function, got number')
  })
})

describe('RSocket fragmentation', () => {
  it('sends a payload larger than the fragment size in FOLLOWS fragments and reassembles it', async () => {
    const big = 'x'.repeat(300_000)
    const server = await serve({ big: RSocketRoute.stream((n: number) => Source.range(1, n).map((i) => `${i}:${big}`)), echo: RSocketRoute.response((s: string) => s.length) }, { fragmentSize: 16 * 1024 })
    const wire = await tap(server.address)
    cleanups.push(() => wire.close())
    const client = await connect(wire.address, { fragmentSize: 1024 })
    const got = await client.requestStream<string>('big', 3).runCollect()
    expect(got.map((s) => s.length)).toEqual([300_002, 300_002, 300_002])
    expect(got[2]!.startsWith('3:x')).toBe(true)
    const fragments = wire.frames.filter((f) => f.dir === 'down' && f.frame.type === FrameType.PAYLOAD && f.frame.follows)
    expect(fragments.length).toBeGreaterThanOrEqual(3 * 18)
    expect(await client.requestResponse('echo', big)).toBe(300_000)
    expect(wire.frames.filter((f) => f.dir === 'up' && 'follows' in f.frame && f.frame.follows).length).toBeGreaterThan(290)
  })

  it('a reassembled payload over maxPayloadSize fails the connection with RSocketFrameError', async () => {
    const server = await serve({ big: RSocketRoute.stream(() => Source.single('y'.repeat(100_000))) }, { fragmentSize: 4096 })
    const client = await connect(server.address, { maxPayloadSize: 50_000 })
    const e = await client.requestStream('big').runCollect().catch((x: unknown) => x)
    expect(e).toBeInstanceOf(RSocketFrameError)
    expect((e as Error).message).toBe('rsocket route "big": bad frame: fragmented payload on stream 1 exceeds the maximum payload size of 50000 bytes')
  })
})

describe('RSocket over WebSocket', () => {
  it('a WebSocket peer that stops reading stops the producer', async () => {
    const c = counting()
    const wsServer = await RSocketServer.listen({ websocket: { host: HOST, port: 0 }, routes: { kilobytes: RSocketRoute.stream(() => c.source.map((i) => `${i}`.padEnd(1000, '.'))) } })
    cleanups.push(() => wsServer.close())
    const { WebSocket } = await import('ws')
    const ws = new WebSocket(wsServer.url)
    cleanups.push(async () => ws.terminate())
    await new Promise((resolve) => ws.once('open', resolve))
    const setup = { type: FrameType.SETUP, streamId: 0, majorVersion: 1, minorVersion: 0, keepAliveInterval: 30_000, maxLifetime: 90_000, resumeToken: null, lease: false, metadataMimeType: COMPOSITE_METADATA, dataMimeType: 'application/json', metadata: null, data: new Uint8Array(0) } as const
    ws.send(encodeFrame(setup))
    ws.send(encodeFrame({ type: FrameType.REQUEST_STREAM, streamId: 1, follows: false, requestN: 0x7fffffff, metadata: routeMetadata('kilobytes'), data: new TextEncoder().encode('null') }))
    ;(ws as unknown as { _socket: { pause(): void } })._socket.pause() // reads nothing from now on
    // Wait for a plateau: four samples 50 ms apart with nothing produced in between.
    let last = -1
    let stable = 0
    for (let i = 0; i < 200 && stable < 4; i++) {
      await sleep(50)
      stable = c.produced() === last && last > 0 ? stable + 1 : 0
      last = c.produced()
    }
    const plateau = c.produced()
    await sleep(200)
    expect(c.produced()).toBe(plateau)
    expect(plateau).toBeLessThan(20_000)
    ws.terminate()
    await c.stopped
  })

  it('streams, answers and runs channels like TCP, and cleans up', async () => {
    const before = await openHandles()
    const c = counting()
    const server = await RSocketServer.listen({
      websocket: { host: HOST, port: 0 },
      token: 't',
      routes: { endless: RSocketRoute.stream(() => c.source), double: RSocketRoute.channel(Flow.fromFunction((x: number) => x * 2)), hi: RSocketRoute.response((n: string) => `hi ${n}`) },
    })
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/)
    const client = await RSocketClient.connect({ websocket: server.url, token: 't', keepAliveInterval: 40 })
    expect(await client.requestStream<number>('endless', null, { bufferSize: 4 }).take(10).runCollect()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    await c.stopped
    expect(c.produced()).toBeLessThanOrEqual(10 + 4)
    expect(await Source.range(1, 100).via(client.requestChannel<number, number>('double', { bufferSize: 8 })).runFold(0, (a, x) => a + x)).toBe(10100)
    expect(await client.requestResponse('hi', 'ws')).toBe('hi ws')
    await sleep(100) // a few keepalives go back and forth
    await client.close()
    await server.close()
    expect(await newHandles(before)).toEqual([])
  })
})


describe('RSocket elements that cannot be encoded', () => {
  it('fail the stream on the side that produced them, with the serializer error, and name the route on the other', async () => {
    const errors: Error[] = []
    const server = await serve(
      { bigint: RSocketRoute.stream(() => Source.from([1, 2, 3]).map((x) => (x === 3 ? BigInt(x) : x))), echo: RSocketRoute.channel(Flow.create<unknown>()) },
      { onError: (e) => errors.push(e) },
    )
    const client = await connect(server.address)
    const seen: unknown[] = []
    const e = await client.requestStream('bigint').runForEach((x) => seen.push(x)).catch((x: unknown) => x)
    expect(seen).toEqual([1, 2])
    expect((e as RSocketError).message).toMatch(/^rsocket route "bigint": APPLICATION_ERROR: cannot encode an element: TypeError: .*BigInt/)
    await waitFor(() => errors.length === 1)
    expect((errors[0] as RSocketError).route).toBe('bigint')
    // The client's first channel element cannot be encoded: the flow fails, nothing reaches the wire.
    await expect(Source.single(BigInt(1) as unknown).via(client.requestChannel('echo')).runCollect()).rejects.toThrow(/BigInt/)
    expect(await Source.from([1, 2]).via(client.requestChannel('echo')).runCollect()).toEqual([1, 2]) // the connection is fine
  })
})
