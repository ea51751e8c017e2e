/**
 * Interoperability with rsocket-js 1.0.0-alpha.3 (rsocket-core + rsocket-tcp-server/-client):
 * a sluice client against an rsocket-js server, and an rsocket-js client against a sluice server,
 * with the demand checked on the wire (a proxy decodes every frame) and in the peer's handler.
 */
import net from 'node:net'
import { RSocketConnector, RSocketServer as JsServer, type Cancellable, type OnExtensionSubscriber, type OnNextSubscriber, type OnTerminalSubscriber, type Payload, type Requestable, type RSocket } from 'rsocket-core'
import { TcpClientTransport } from 'rsocket-tcp-client'
import { TcpServerTransport } from 'rsocket-tcp-server'
import { afterEach, describe, expect, it } from 'vitest'
import { RSocketClient, RSocketError, RSocketRoute, RSocketServer } from '../../../src/channels/rsocket/index.js'
import { FrameType } from '../../../src/channels/rsocket/internal/frame.js'
import { AUTHENTICATION, COMPOSITE_METADATA, bearerOf, encodeBearer, encodeCompositeMetadata, routeMetadata, routeOf } from '../../../src/channels/rsocket/internal/metadata.js'
import { Flow } from '../../../src/dsl/Flow.js'
import { Sink } from '../../../src/dsl/Sink.js'
import { Source } from '../../../src/dsl/Source.js'
import { counting, HOST, sleep, tap, waitFor } from './support.js'

const cleanups: (() => Promise<unknown> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const json = (x: unknown): Buffer => Buffer.from(JSON.stringify(x))
const parse = (b: Buffer | null | undefined): unknown => (b === null || b === undefined || b.length === 0 ? null : JSON.parse(b.toString()))

type Responder = OnTerminalSubscriber & OnNextSubscriber & OnExtensionSubscriber

/** An rsocket-js server on loopback; records the route, the setup token and every request(n). */
async function jsServer() {
  const seen = { tokens: [] as (string | undefined)[], routes: [] as (string | undefined)[], requests: [] as number[], cancelled: 0, produced: 0, channelIn: [] as unknown[] }
  let listener: net.Server | null = null
  const server = new JsServer({
    transport: new TcpServerTransport({
      listenOptions: { host: HOST, port: 0 },
      socketCreator: (options) => (listener = new net.Server(options)),
    }),
    acceptor: {
      accept: async (setup) => {
        seen.tokens.push(bearerOf(setup.metadata ?? null, setup.metadataMimeType))
        return {
          requestStream(payload: Payload, initialN: number, responder: Responder): Requestable & Cancellable & OnExtensionSubscriber {
            seen.routes.push(routeOf(payload.metadata ?? null, setup.metadataMimeType))
            const limit = parse(payload.data) as number
            let sent = 0
            let done = false
            const produce = (n: number): void => {
              seen.requests.push(n)
              for (let i = 0; i < n && !done; i++) {
                sent++
                seen.produced++
                const last = sent === limit
                responder.onNext({ data: json(sent) }, last)
                if (last) done = true
              }
            }
            queueMicrotask(() => produce(initialN))
            return {
              request: (n) => queueMicrotask(() => produce(n)),
              cancel: () => {
                done = true
                seen.cancelled++
              },
              onExtension: () => {},
            }
          },
          requestResponse(payload: Payload, responder: Responder): Cancellable & OnExtensionSubscriber {
            seen.routes.push(routeOf(payload.metadata ?? null, setup.metadataMimeType))
            queueMicrotask(() => responder.onNext({ data: json({ echo: parse(payload.data) }) }, true))
            return { cancel: () => {}, onExtension: () => {} }
          },
          requestChannel(payload: Payload, initialN: number, _isCompleted: boolean, responder: Responder & Requestable & Cancellable) {
            seen.routes.push(routeOf(payload.metadata ?? null, setup.metadataMimeType))
            seen.channelIn.push(parse(payload.data))
            seen.requests.push(initialN)
            // Echo each element back doubled; ask the client for 2 at a time.
            queueMicrotask(() => responder.request(2))
            let pending = 0
            return {
              onNext: (p: Payload, complete: boolean) => {
                seen.channelIn.push(parse(p.data))
                responder.onNext({ data: json((parse(p.data) as number) * 2) }, false)
                if (++pending === 2 && !complete) {
                  pending = 0
                  responder.request(2)
                }
                if (complete) responder.onComplete()
              },
              onComplete: () => responder.onComplete(),
              onError: (e: Error) => responder.onError(e),
              request: () => {},
              cancel: () => {},
              onExtension: () => {},
            }
          },
        } as Partial<RSocket>
      },
    },
  })
  const closeable = await server.bind()
  const port = ((listener as unknown as net.Server).address() as net.AddressInfo).port
  cleanups.push(() => closeable.close())
  return { address: { host: HOST, port }, seen }
}

describe('a sluice client against an rsocket-js server', () => {
  it('request-stream: the downstream demand reaches rsocket-js as batched REQUEST_N, never more than asked', async () => {
    const js = await jsServer()
    const wire = await tap(js.address)
    cleanups.push(() => wire.close())
    const client = await RSocketClient.connect({ tcp: wire.address, token: 'tk' })
    cleanups.push(() => client.close())
    const got = await client.requestStream<number>('numbers', 1000, { bufferSize: 8 }).take(50).runCollect()
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    await waitFor(() => js.seen.cancelled === 1)
    expect(js.seen.tokens).toEqual(['tk'])
    expect(js.seen.routes).toEqual(['numbers'])
    // What rsocket-js was asked for: 8 first, then 4 at a time; the sum bounds what it produced.
    expect(js.seen.requests[0]).toBe(8)
    expect(js.seen.requests.slice(1).every((n) => n === 4)).toBe(true)
    const asked = js.seen.requests.reduce((a, b) => a + b, 0)
    expect(asked).toBeLessThanOrEqual(50 + 8)
    expect(js.seen.produced).toBeLessThanOrEqual(asked)
    expect(js.seen.cancelled).toBe(1)
    // The wire agrees with the handler.
    expect(wire.demandUp()).toBe(asked)
    expect(wire.frames.some((f) => f.dir === 'up' && f.frame.type === FrameType.CANCEL)).toBe(true)
  })

  it('request-stream to completion, request-response and request-channel', async () => {
    const js = await jsServer()
    const client = await RSocketClient.connect({ tcp: js.address })
    cleanups.push(() => client.close())
    expect(await client.requestStream('numbers', 20, { bufferSize: 3 }).runCollect()).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect(await client.requestResponse('echo', { a: 1 })).toEqual({ echo: { a: 1 } })
    const doubled = await Source.range(1, 9).via(client.requestChannel<number, number>('double', { bufferSize: 4 })).runCollect()
    expect(doubled).toEqual([4, 6, 8, 10, 12, 14, 16, 18]) // rsocket-js treats the first element as the request
    expect(js.seen.channelIn).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(client.openStreams).toBe(0)
  })
})

describe('an rsocket-js client against a sluice server', () => {
  async function jsClient(address: { host: string; port: number }, token?: string): Promise<RSocket> {
    const connector = new RSocketConnector({
      setup: {
        keepAlive: 10_000,
        lifetime: 30_000,
        metadataMimeType: COMPOSITE_METADATA,
        dataMimeType: 'application/json',
        payload: { data: null, ...(token === undefined ? {} : { metadata: Buffer.from(encodeCompositeMetadata([{ mimeType: AUTHENTICATION, content: encodeBearer(token) }])) }) },
      },
      transport: new TcpClientTransport({ connectionOptions: { host: address.host, port: address.port } }),
    })
    const rsocket = await connector.connect()
    cleanups.push(() => rsocket.close())
    return rsocket
  }

  it('request-stream: rsocket-js asks for 3 and gets exactly 3; the sluice Source produced no more than asked', async () => {
    const c = counting()
    const server = await RSocketServer.listen({ tcp: { host: HOST, port: 0 }, token: 'tk', routes: { endless: RSocketRoute.stream(() => c.source) } })
    cleanups.push(() => server.close())
    const wire = await tap(server.address)
    cleanups.push(() => wire.close())
    const rsocket = await jsClient(wire.address, 'tk')
    const received: unknown[] = []
    let completed = false
    const subscription = rsocket.requestStream({ data: json(null), metadata: Buffer.from(routeMetadata('endless')) }, 3, {
      onNext: (p) => received.push(parse(p.data)),
      onError: (e) => received.push(e),
      onComplete: () => (completed = true),
      onExtension: () => {},
    })
    await waitFor(() => received.length === 3)
    await sleep(50) // and no more than that
    expect(received).toEqual([1, 2, 3])
    expect(c.produced()).toBe(3)
    subscription.request(5)
    await waitFor(() => received.length === 8)
    await sleep(50)
    expect(received).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(c.produced()).toBe(8)
    expect(wire.demandUp()).toBe(8)
    expect(wire.payloads('down')).toBe(8)
    subscription.cancel()
    await c.stopped
    expect(completed).toBe(false)
  })

  it('a wrong token: rsocket-js gets REJECTED_SETUP', async () => {
    const server = await RSocketServer.listen({ tcp: { host: HOST, port: 0 }, token: 'tk', routes: { x: RSocketRoute.response(() => 1) } })
    cleanups.push(() => server.close())
    const rsocket = await jsClient(server.address, 'nope')
    const error = await new Promise<Error>((resolve) => {
      rsocket.requestResponse({ data: json(null), metadata: Buffer.from(routeMetadata('x')) }, { onNext: () => {}, onError: resolve, onComplete: () => {}, onExtension: () => {} })
      rsocket.onClose((e) => e !== undefined && resolve(e))
    })
    expect(String(error.message)).toMatch(/wrong token/)
  })

  it('request-response, fire-and-forget and request-channel with demand both ways', async () => {
    const logged: unknown[] = []
    const server = await RSocketServer.listen({
      tcp: { host: HOST, port: 0 },
      receiveBuffer: 4,
      routes: {
        hello: RSocketRoute.response((name: string) => `hello ${name}`),
        log: RSocketRoute.fireAndForget((x: unknown) => { logged.push(x) }),
        square: RSocketRoute.channel(Flow.fromFunction((x: number) => x * x)),
        fail: RSocketRoute.response(() => { throw new Error('nope') }),
      },
    })
    cleanups.push(() => server.close())
    const wire = await tap(server.address)
    cleanups.push(() => wire.close())
    const rsocket = await jsClient(wire.address)
    const response = await new Promise<unknown>((resolve, reject) =>
      rsocket.requestResponse({ data: json('js'), metadata: Buffer.from(routeMetadata('hello')) }, { onNext: (p) => resolve(parse(p.data)), onError: reject, onComplete: () => {}, onExtension: () => {} }),
    )
    expect(response).toBe('hello js')
    const failure = await new Promise<Error>((resolve) =>
      rsocket.requestResponse({ data: json(null), metadata: Buffer.from(routeMetadata('fail')) }, { onNext: () => {}, onError: resolve, onComplete: () => {}, onExtension: () => {} }),
    )
    expect(failure.message).toBe('nope')
    rsocket.fireAndForget({ data: json({ line: 1 }), metadata: Buffer.from(routeMetadata('log')) }, { onError: () => {}, onComplete: () => {} })
    // Channel: rsocket-js sends 1..20, but only as far as the sluice server's REQUEST_N allows.
    const out: unknown[] = []
    let sent = 1
    let granted = 0
    const done = new Promise<void>((resolve, reject) => {
      const requester = rsocket.requestChannel({ data: json(1), metadata: Buffer.from(routeMetadata('square')) }, 100, false, {
        onNext: (p) => out.push(parse(p.data)),
        onError: reject,
        onComplete: () => resolve(),
        onExtension: () => {},
        request: (n) => {
          granted += n
          // Send exactly what was granted, asynchronously, never more.
          queueMicrotask(() => {
            while (sent < 20 && granted > 0) {
              granted--
              sent++
              requester.onNext({ data: json(sent) }, sent === 20)
            }
          })
        },
        cancel: () => {},
      })
    })
    await done
    expect(out).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) ** 2))
    expect(logged).toEqual([{ line: 1 }])
    // The server never asked for more than its buffer ahead, in batches.
    const serverRequests = wire.frames.filter((f) => f.dir === 'down' && f.frame.type === FrameType.REQUEST_N).map((f) => (f.frame as { requestN: number }).requestN)
    expect(serverRequests.every((n) => n <= 4)).toBe(true)
    expect(serverRequests.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(19)
    expect(wire.payloads('up')).toBe(19)
  })

  it('RSocketError from a sluice client matches what rsocket-js reports for an unknown route', async () => {
    const server = await RSocketServer.listen({ tcp: { host: HOST, port: 0 }, routes: {} })
    cleanups.push(() => server.close())
    const client = await RSocketClient.connect({ tcp: server.address })
    cleanups.push(() => client.close())
    const e = await client.requestStream('missing').runWith(Sink.collect()).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(RSocketError)
    const rsocket = await jsClient(server.address)
    const jsError = await new Promise<Error & { code?: number }>((resolve) =>
      rsocket.requestStream({ data: null, metadata: Buffer.from(routeMetadata('missing')) }, 1, { onNext: () => {}, onError: resolve, onComplete: () => {}, onExtension: () => {} }),
    )
    expect(jsError.message).toBe('no route "missing"')
    expect(jsError.code).toBe((e as RSocketError).code)
  })
})
