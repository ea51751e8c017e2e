import { afterEach, describe, expect, it } from 'vitest'
import {
  RSocketClient,
  RSocketConnectionError,
  RSocketFrameError,
  RSocketRoute,
  RSocketServer,
  RSocketSetupError,
} from '../../../src/channels/rsocket/index.js'
import { ErrorCode, FrameType, type ErrorFrame, type Frame } from '../../../src/channels/rsocket/internal/frame.js'
import { counting, HOST, newHandles, openHandles, RawPeer, rawServer, sleep } from './support.js'

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** A sluice server with one endless route, reporting into `errors`. */
async function endlessServer(extra: Partial<Parameters<typeof RSocketServer.listen>[0]> = {}) {
  const errors: Error[] = []
  const streams: ReturnType<typeof counting>[] = []
  const server = await RSocketServer.listen({
    tcp: { host: HOST, port: 0 },
    routes: {
      endless: RSocketRoute.stream(() => {
        const c = counting()
        streams.push(c)
        return c.source
      }),
      kilobytes: RSocketRoute.stream(() => {
        const c = counting()
        streams.push(c)
        return c.source.map((i) => `${i}`.padEnd(1000, '.'))
      }),
    },
    onError: (e) => errors.push(e),
    ...extra,
  })
  cleanups.push(() => server.close())
  return { server, errors, streams }
}

async function peer(address: { host: string; port: number }): Promise<RawPeer> {
  const p = await RawPeer.connect(address)
  cleanups.push(() => p.close())
  return p
}

const connectionError = (frames: Frame[]): ErrorFrame | undefined =>
  frames.find((f): f is ErrorFrame => f.type === FrameType.ERROR && f.streamId === 0)

describe('RSocket server: bad input from a client', () => {
  // Each fault: an open stream on the connection, then the bad bytes.
  async function openStream() {
    const ctx = await endlessServer()
    const p = await peer(ctx.server.address)
    p.setup()
    p.requestStream(1, 'endless', 2)
    await p.until((fs) => fs.filter((f) => f.type === FrameType.PAYLOAD).length === 2)
    return { ...ctx, p }
  }

  async function expectClosedWith(ctx: Awaited<ReturnType<typeof openStream>>, reason: RegExp) {
    await ctx.p.closed
    const err = connectionError(ctx.p.frames)
    expect(err?.code).toBe(ErrorCode.CONNECTION_ERROR)
    expect(err?.message).toMatch(reason)
    await ctx.streams[0]!.stopped // the route's Source was released
    await sleep(10)
    expect(ctx.server.connections).toBe(0)
    // The stream was reported, typed and naming its route; the connection's error too.
    const streamError = ctx.errors.find((e) => (e as { route?: string }).route === 'endless')
    expect(streamError).toBeInstanceOf(RSocketFrameError)
    expect(streamError!.message).toMatch(/^rsocket route "endless": bad frame: /)
    // Nothing was delivered twice: payloads carry 1, 2 once each.
    const values = ctx.p.frames.filter((f) => f.type === FrameType.PAYLOAD && f.next).map((f) => JSON.parse(new TextDecoder().decode((f as { data: Uint8Array }).data)) as number)
    expect(values).toEqual([1, 2])
  }

  it('a corrupt frame (unknown type without IGNORE) closes the connection', async () => {
    const ctx = await openStream()
    ctx.p.sendBytes(Uint8Array.of(0, 0, 6, 0, 0, 0, 1, 0x3e << 2, 0))
    await expectClosedWith(ctx, /unknown frame type 0x3e/)
  })

  it('a truncated frame (a field cut short) closes the connection', async () => {
    const ctx = await openStream()
    ctx.p.sendBytes(Uint8Array.of(0, 0, 8, 0, 0, 0, 1, FrameType.REQUEST_N << 2, 0, 0, 1))
    await expectClosedWith(ctx, /REQUEST_N frame on stream 1: truncated request n/)
  })

  it('an oversized frame is refused from its length alone', async () => {
    const ctx = await endlessServer({ maxFrameSize: 1024 })
    const p = await peer(ctx.server.address)
    p.setup()
    p.requestStream(1, 'endless', 2)
    await p.until((fs) => fs.filter((f) => f.type === FrameType.PAYLOAD).length === 2)
    p.sendBytes(Uint8Array.of(0, 0x10, 0x00)) // announces 4096 bytes, sends none of them
    await expectClosedWith({ ...ctx, p }, /frame of 4096 bytes exceeds the maximum frame size of 1024 bytes/)
  })

  it('a frame for a stream that was never opened closes the connection', async () => {
    const ctx = await openStream()
    ctx.p.send({ type: FrameType.REQUEST_N, streamId: 99, requestN: 5 })
    await expectClosedWith(ctx, /REQUEST_N frame for unknown stream 99/)
  })

  it('a frame after cancel is dropped: nothing more is sent, the connection stays usable', async () => {
    const ctx = await openStream()
    ctx.p.send({ type: FrameType.CANCEL, streamId: 1 })
    await ctx.streams[0]!.stopped
    ctx.p.send({ type: FrameType.REQUEST_N, streamId: 1, requestN: 10 })
    await sleep(50)
    expect(ctx.p.frames.filter((f) => f.type === FrameType.PAYLOAD && f.streamId === 1)).toHaveLength(2)
    ctx.p.requestStream(3, 'endless', 1)
    await ctx.p.until((fs) => fs.some((f) => f.type === FrameType.PAYLOAD && f.streamId === 3))
    expect(connectionError(ctx.p.frames)).toBeUndefined()
    expect(ctx.errors).toEqual([])
  })

  it('a peer that stops reading stops the producer (nothing piles up in the server)', async () => {
    const ctx = await endlessServer()
    const p = await peer(ctx.server.address)
    p.socket.pause() // reads nothing from now on
    p.setup()
    p.requestStream(1, 'kilobytes', 0x7fffffff, null) // "send me everything"
    // Loopback kernel buffers take a few MB; after that the server must stop pulling its Source.
    // Wait for a plateau: four samples 50 ms apart with nothing produced in between.
    let last = -1
    let stable = 0
    for (let i = 0; i < 200 && stable < 4; i++) {
      await sleep(50)
      const now = ctx.streams[0]?.produced() ?? 0
      stable = now === last && now > 0 ? stable + 1 : 0
      last = now
    }
    const plateau = ctx.streams[0]!.produced()
    await sleep(200)
    expect(ctx.streams[0]!.produced()).toBe(plateau)
    // Bounded by the socket buffers (a few MB on loopback) plus one batch, not by the 2^31-1 requested.
    expect(plateau).toBeLessThan(20_000)
    await p.close()
    await ctx.streams[0]!.stopped
  })

  it('a peer that disconnects mid-stream: the Source is released and the error names the route', async () => {
    const ctx = await openStream()
    await ctx.p.close()
    await ctx.streams[0]!.stopped
    await sleep(10)
    expect(ctx.errors.map((e) => [e.name, e.message])).toEqual([['RSocketConnectionError', 'rsocket route "endless": the peer disconnected']])
    expect(ctx.server.connections).toBe(0)
  })

  it('a missing or wrong token is rejected with REJECTED_SETUP; the client sees RSocketSetupError naming the route', async () => {
    const ctx = await endlessServer({ token: 'secret' })
    for (const token of [undefined, 'wrong']) {
      const client = await RSocketClient.connect({ tcp: ctx.server.address, ...(token === undefined ? {} : { token }) })
      const e = await client.requestStream('endless').runCollect().catch((x: unknown) => x)
      expect(e).toBeInstanceOf(RSocketSetupError)
      expect((e as Error).message).toBe(`rsocket route "endless": REJECTED_SETUP: ${token === undefined ? 'missing' : 'wrong'} token`)
      await client.closed
    }
    expect(ctx.streams).toHaveLength(0) // no route ran
    const ok = await RSocketClient.connect({ tcp: ctx.server.address, token: 'secret' })
    expect(await ok.requestStream('endless').take(2).runCollect()).toEqual([1, 2])
    await ok.close()
  })

  it('a client that goes silent past its keepalive lifetime is disconnected', async () => {
    const ctx = await endlessServer()
    const p = await peer(ctx.server.address)
    p.setup(undefined, { interval: 50, lifetime: 150 })
    p.requestStream(1, 'endless', 1)
    await p.closed
    expect(connectionError(p.frames)?.message).toBe('keepalive timeout')
    await ctx.streams[0]!.stopped
    expect(ctx.errors.some((e) => e instanceof RSocketConnectionError && e.route === 'endless' && /keepalive max lifetime 150 ms/.test(e.message))).toBe(true)
  })

  it('a first frame that is not SETUP is rejected with INVALID_SETUP', async () => {
    const ctx = await endlessServer()
    const p = await peer(ctx.server.address)
    p.requestStream(1, 'endless', 1)
    await p.closed
    expect(connectionError(p.frames)?.code).toBe(ErrorCode.INVALID_SETUP)
    expect(ctx.streams).toHaveLength(0)
  })
})

describe('RSocket client: bad input from a server', () => {
  async function clientOf(onPeer: (p: RawPeer) => void, extra: Partial<Parameters<typeof RSocketClient.connect>[0]> = {}) {
    const server = await rawServer(onPeer)
    cleanups.push(() => server.close())
    const client = await RSocketClient.connect({ tcp: server.address, ...extra })
    cleanups.push(() => client.close())
    return client
  }
  const payload = (streamId: number, value: unknown, complete = false): Frame => ({
    type: FrameType.PAYLOAD,
    streamId,
    follows: false,
    complete,
    next: true,
    metadata: null,
    data: new TextEncoder().encode(JSON.stringify(value)),
  })

  it('a server that sends more than was requested fails the stream with RSocketFrameError naming the route', async () => {
    const client = await clientOf((p) => {
      void p.until((fs) => fs.some((f) => f.type === FrameType.REQUEST_STREAM)).then(() => {
        for (let i = 1; i <= 5; i++) p.send(payload(1, i))
      })
    })
    const seen: unknown[] = []
    const e = await client.requestStream('numbers', null, { bufferSize: 2 }).runForEach((x) => seen.push(x)).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(RSocketFrameError)
    expect((e as Error).message).toBe('rsocket route "numbers": bad frame: the peer sent more elements than were requested (REQUEST_N)')
    expect(seen.length).toBeLessThanOrEqual(2)
    expect(client.openStreams).toBe(0)
  })

  it('payloads after our CANCEL are dropped, never delivered', async () => {
    let peerRef: RawPeer | null = null
    const client = await clientOf((p) => {
      peerRef = p
      // Answers each REQUEST_STREAM with one element.
      let answered = 0
      p.socket.on('data', () => {
        const requests = p.frames.filter((f) => f.type === FrameType.REQUEST_STREAM)
        for (const r of requests.slice(answered)) p.send(payload(r.streamId, `first of ${r.streamId}`))
        answered = requests.length
      })
    })
    expect(await client.requestStream('numbers').take(1).runCollect()).toEqual(['first of 1'])
    const p = peerRef as unknown as RawPeer
    await p.until((fs) => fs.some((f) => f.type === FrameType.CANCEL))
    p.send(payload(1, 'late'))
    p.send(payload(1, 'later', true))
    await sleep(50)
    // The late elements went nowhere, and the connection is fine: the next request works.
    expect(client.openStreams).toBe(0)
    expect(p.frames.filter((f) => f.type === FrameType.ERROR)).toEqual([])
    expect(await client.requestStream('numbers').take(1).runCollect()).toEqual(['first of 3'])
  })

  it('garbage from the server fails every open stream with RSocketFrameError naming its route, and closes', async () => {
    const client = await clientOf((p) => {
      void p.until((fs) => fs.filter((f) => f.type === FrameType.REQUEST_STREAM).length === 2).then(() => p.sendBytes(Uint8Array.of(0, 0, 7, 0xff, 0xff, 0xff, 0xff, 0, 0, 0)))
    })
    const [a, b] = await Promise.all([client.requestStream('a').runCollect().catch((x: unknown) => x), client.requestStream('b').runCollect().catch((x: unknown) => x)])
    expect((a as Error).message).toBe('rsocket route "a": bad frame: stream id has its reserved high bit set (0xffffffff)')
    expect(b).toBeInstanceOf(RSocketFrameError)
    expect((b as RSocketFrameError).route).toBe('b')
    await client.closed
  })

  it('a server that disconnects mid-stream fails the stream with RSocketConnectionError naming the route', async () => {
    const client = await clientOf((p) => {
      void p.until((fs) => fs.some((f) => f.type === FrameType.REQUEST_STREAM)).then(() => {
        p.send(payload(1, 1))
        setTimeout(() => p.socket.destroy(), 20)
      })
    })
    const seen: unknown[] = []
    const e = await client.requestStream('ticks').runForEach((x) => seen.push(x)).catch((x: unknown) => x)
    expect(seen).toEqual([1])
    expect(e).toBeInstanceOf(RSocketConnectionError)
    expect((e as Error).message).toBe('rsocket route "ticks": the peer disconnected')
  })

  it('a server that stops answering keepalives is given up after the max lifetime', async () => {
    const client = await clientOf(() => {}, { keepAliveInterval: 30, maxLifetime: 120 })
    const e = await client.requestStream('ticks').runCollect().catch((x: unknown) => x)
    expect(e).toBeInstanceOf(RSocketConnectionError)
    expect((e as Error).message).toMatch(/^rsocket route "ticks": no frame from the peer for \d+ ms \(keepalive max lifetime 120 ms\)$/)
  })

  it('leaves no socket or timer behind after faults', async () => {
    const before = await openHandles()
    const server = await rawServer((p) => p.sendBytes(Uint8Array.of(0, 0, 2, 1, 2)))
    const client = await RSocketClient.connect({ tcp: server.address, keepAliveInterval: 20 })
    await client.requestStream('x').runCollect().catch(() => {})
    await client.closed
    await server.close()
    expect(await newHandles(before)).toEqual([])
  })
})
