/**
 * The Reactive Streams TCK (sluice/testkit) on the Publisher a request-stream is on the client:
 * each subscription opens a stream to a sluice server over loopback TCP, `request(n)` travels as
 * REQUEST_N and `cancel()` as CANCEL, so the Publisher rules are checked across the wire.
 */
import { afterAll, beforeAll } from 'vitest'
import { RSocketClient, RSocketRoute, RSocketServer } from '../../../src/channels/rsocket/index.js'
import type { Connection } from '../../../src/channels/rsocket/internal/Connection.js'
import { streamPublisher } from '../../../src/channels/rsocket/internal/requester.js'
import { RSocketSerializer } from '../../../src/channels/rsocket/RSocketSerializer.js'
import { Source } from '../../../src/dsl/Source.js'
import { verifyPublisher } from '../../../src/testkit/index.js'
import { registerWithVitest } from '../../../src/testkit/tck/vitest.js'
import { HOST } from './support.js'

let server: RSocketServer
let client: RSocketClient
beforeAll(async () => {
  server = await RSocketServer.listen({ tcp: { host: HOST, port: 0 }, routes: { range: RSocketRoute.stream((n: number) => Source.range(0, n)) } })
  client = await RSocketClient.connect({ tcp: server.address })
})
afterAll(async () => {
  await client.close()
  await server.close()
})

const checks = verifyPublisher<number>({
  createPublisher: (n) => {
    const connection = (client as unknown as { connection: Connection }).connection
    // The route's Source.range takes a count; an "endless" Publisher is a very long range.
    return streamPublisher(connection, 'range', Math.min(n, Number.MAX_SAFE_INTEGER - 1), { serializer: RSocketSerializer.json, sendBatch: 64 }) as never
  },
  maxElementsFromPublisher: 1_000_000,
  timeoutMs: 2000,
  noSignalMs: 50,
})

registerWithVitest(checks, { title: 'TCK: the client Publisher of an RSocket request-stream (over loopback TCP)' })
