import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { RSocketClient, RSocketConnectionError, RSocketError, RSocketRoute, RSocketServer } from '../../../src/channels/rsocket/index.js'
import { FrameType } from '../../../src/channels/rsocket/internal/frame.js'
import { Sink } from '../../../src/dsl/Sink.js'
import { Source } from '../../../src/dsl/Source.js'
import { counting, HOST, newHandles, openHandles, sleep, tap, waitFor } from './support.js'

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function serve(routes: Parameters<typeof RSocketServer.listen>[0]['routes'], extra: Partial<Parameters<typeof RSocketServer.listen>[0]> = {}) {
  const server = await RSocketServer.listen({ tcp: { host: HOST, port: 0 }, routes, ...extra })
  cleanups.push(() => server.close())
  return server
}
async function connect(address: { host: string; port: number }, extra: Partial<Parameters<typeof RSocketClient.connect>[0]> = {}) {
  const client = await RSocketClient.connect({ tcp: address, ...extra })
  cleanups.push(() => client.close())
  return client
}

describe('RSocket request-stream over TCP', () => {
  it('streams a route to a Source (model: the same elements as the local Source)', async () => {
    const server = await serve({ numbers: RSocketRoute.stream((n: number) => Source.range(1, n)) })
    const client = await connect(server.address)
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 300 }), fc.integer({ min: 1, max: 40 }), async (n, bufferSize) => {
        expect(await client.requestStream<number>('numbers', n, { bufferSize }).runCollect()).toEqual(Array.from({ length: n }, (_, i) => i + 1))
      }),
      { numRuns: 30 },
    )
    expect(client.openStreams).toBe(0)
  })

  it('demand property: the wire carries at most consumed + bufferSize, and the server pulls no more than the wire asked', async () => {
    let current = counting()
    const server = await serve({ endless: RSocketRoute.stream(() => current.source) })
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 32 }), fc.integer({ min: 1, max: 200 }), async (bufferSize, take) => {
        current = counting()
        const wire = await tap(server.address)
        const client = await RSocketClient.connect({ tcp: wire.address })
        const got = await client.requestStream<number>('endless', null, { bufferSize }).take(take).runCollect()
        await current.stopped // cancel reached the server's Source
        expect(got).toEqual(Array.from({ length: take }, (_, i) => i + 1))
        const requested = wire.demandUp()
        expect(requested).toBeLessThanOrEqual(take + bufferSize)
        expect(current.produced()).toBeLessThanOrEqual(requested)
        expect(wire.payloads('down')).toBeLessThanOrEqual(requested)
        // Demand went out in batches: never more REQUEST_N frames than half-buffer refills.
        const requestNs = wire.frames.filter((f) => f.dir === 'up' && f.frame.type === FrameType.REQUEST_N).length
        expect(requestNs).toBeLessThanOrEqual(Math.ceil(take / Math.max(1, bufferSize >> 1)) + 1)
        await client.close()
        await wire.close()
      }),
      { numRuns: 25 },
    )
  })

  it('a consumer that takes 3 of a buffer of 3 receives 3; the server produced at most 3 + 3', async () => {
    const c = counting()
    const server = await serve({ endless: RSocketRoute.stream(() => c.source) })
    const wire = await tap(server.address)
    cleanups.push(() => wire.close())
    const client = await connect(wire.address)
    const queue = client.requestStream<number>('endless', null, { bufferSize: 3 }).runWith(Sink.queue({ bufferSize: 0 }))
    await waitFor(() => c.produced() === 3)
    await sleep(50) // and no more than that
    // Nothing pulled yet: exactly the initial request of 3 crossed the wire, and 3 were produced.
    expect(wire.frames.filter((f) => f.dir === 'up' && f.frame.type === FrameType.REQUEST_STREAM).map((f) => (f.frame as { requestN: number }).requestN)).toEqual([3])
    expect(wire.demandUp()).toBe(3)
    expect(c.produced()).toBe(3)
    const got = [await queue.pull(), await queue.pull(), await queue.pull()].map((r) => r.value)
    expect(got).toEqual([1, 2, 3])
    await sleep(100)
    expect(c.produced()).toBeLessThanOrEqual(6)
    expect(wire.demandUp()).toBeLessThanOrEqual(6)
    queue.cancel()
    await c.stopped
  })

  it('fast producer, slow consumer: both sides stay bounded', async () => {
    const c = counting()
    const server = await serve({ endless: RSocketRoute.stream(() => c.source) })
    const client = await connect(server.address)
    let consumed = 0
    const done = client
      .requestStream<number>('endless', null, { bufferSize: 16 })
      .mapAsync(1, async (x) => {
        await sleep(2)
        return x
      })
      .take(60)
      .runForEach(() => {
        consumed++
        // The server is never more than the client's buffer (+ the element in mapAsync) ahead.
        expect(c.produced() - consumed).toBeLessThanOrEqual(16 + 2)
      })
    await done
    await c.stopped
    expect(consumed).toBe(60)
  })

  it('the request reaches the handler; an unknown route and a throwing handler fail with RSocketError naming the route', async () => {
    const errors: Error[] = []
    const server = await serve(
      {
        echo: RSocketRoute.stream((req: { word: string }) => Source.single(req.word)),
        broken: RSocketRoute.stream(() => {
          throw new TypeError('no stream today')
        }),
        failing: RSocketRoute.stream(() => Source.range(1, 3).map((x) => (x === 3 ? (() => { throw new Error('boom at 3') })() : x))),
      },
      { onError: (e) => errors.push(e) },
    )
    const client = await connect(server.address)
    expect(await client.requestStream('echo', { word: 'hi' }).runCollect()).toEqual(['hi'])
    const unknown = await client.requestStream('nope').runCollect().catch((e: unknown) => e)
    expect(unknown).toBeInstanceOf(RSocketError)
    expect((unknown as RSocketError).message).toBe('rsocket route "nope": INVALID: no route "nope"')
    const broken = await client.requestStream('broken').runCollect().catch((e: unknown) => e)
    expect((broken as RSocketError).message).toBe('rsocket route "broken": APPLICATION_ERROR: TypeError: no stream today')
    const seen: unknown[] = []
    const failing = await client.requestStream('failing').runForEach((x) => seen.push(x)).catch((e: unknown) => e)
    expect(seen).toEqual([1, 2])
    expect((failing as RSocketError).route).toBe('failing')
    expect((failing as RSocketError).codeName).toBe('APPLICATION_ERROR')
    expect(errors.map((e) => (e as RSocketError).route)).toEqual(['broken', 'failing'])
    expect(client.openStreams).toBe(0)
  })

  it('cleanup: after completion, cancel and failure no stream is open; after close no socket or timer is left', async () => {
    const before = await openHandles()
    const c = counting()
    const server = await RSocketServer.listen({ tcp: { host: HOST, port: 0 }, routes: { endless: RSocketRoute.stream(() => c.source), three: RSocketRoute.stream(() => Source.range(1, 3)) } })
    const client = await RSocketClient.connect({ tcp: server.address, keepAliveInterval: 50 })
    await client.requestStream('three').runCollect()
    await client.requestStream('endless').take(5).runCollect()
    await c.stopped
    expect(client.openStreams).toBe(0)
    const pending = client.requestStream('endless').runCollect()
    await sleep(30)
    await server.close()
    const failure = await pending.catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(RSocketConnectionError)
    expect((failure as Error).message).toBe('rsocket route "endless": the peer disconnected')
    await client.closed
    expect(await newHandles(before)).toEqual([])
  })
})
