/**
 * Issue 13's network benchmark: 1,000,000 small elements (JSON numbers) from a server to a client
 * over loopback TCP, summed on the client. sluice: a request-stream route (`Source.range`) read by
 * `RSocketClient.requestStream` with a buffer of 1024 (REQUEST_N of 512 at a time). The baseline
 * is a raw `net` loop doing the same job by hand: length-prefixed JSON frames, the client asks for
 * elements in the same batches, the server writes only what was asked and stops when `write`
 * returns false, until 'drain'.
 */
import net from 'node:net'
import type { BenchCase } from '../../harness/BenchCase.js'
import { RSocketClient, RSocketRoute, RSocketServer } from '../../../src/channels/rsocket/index.js'
import { Source } from '../../../src/dsl/Source.js'

const N = 1_000_000
const BUFFER = 1024
const HOST = '127.0.0.1'
const SCENARIO = 'refs.rsocket.tcp'
const TITLE = `1e6 small elements server -> client over loopback TCP, demand in batches of ${BUFFER / 2}`
const EXPECTED = (N * (N + 1)) / 2

interface SluiceCtx {
  server: RSocketServer
  client: RSocketClient
}

const sluice: BenchCase<SluiceCtx> = {
  scenario: SCENARIO,
  title: TITLE,
  library: 'sluice rsocket',
  measureHeap: true,
  async setup() {
    const server = await RSocketServer.listen({ tcp: { host: HOST, port: 0 }, routes: { numbers: RSocketRoute.stream((n: number) => Source.range(1, n)) } })
    const client = await RSocketClient.connect({ tcp: server.address })
    return { server, client }
  },
  run: ({ client }) => client.requestStream<number>('numbers', N, { bufferSize: BUFFER }).runFold(0, (a, x) => a + x),
  async teardown({ server, client }) {
    await client.close()
    await server.close()
  },
}

interface RawCtx {
  server: net.Server
  socket: net.Socket
}

/** The raw server: a 4-byte "request n" from the client lets it write n more frames. */
function rawServer(): net.Server {
  return net.createServer((socket) => {
    socket.setNoDelay(true)
    let next = 1
    let credit = 0
    let blocked = false
    let pending: Buffer = Buffer.alloc(0)
    const pump = (): void => {
      socket.cork()
      while (credit > 0 && next <= N && !blocked) {
        const body = Buffer.from(JSON.stringify(next++))
        const head = Buffer.allocUnsafe(3)
        head.writeUIntBE(body.length, 0, 3)
        credit--
        if (!socket.write(Buffer.concat([head, body]))) blocked = true
      }
      socket.uncork()
    }
    socket.on('drain', () => {
      blocked = false
      pump()
    })
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
      while (pending.length >= 4) {
        const n = pending.readUInt32BE(0)
        pending = pending.subarray(4)
        if (n === 0) {
          next = 1 // a new pass
          credit = 0
          continue
        }
        credit += n
      }
      pump()
    })
    socket.on('error', () => {})
  })
}

function rawPass(socket: net.Socket): Promise<number> {
  return new Promise((resolve) => {
    let sum = 0
    let received = 0
    let sinceRequest = 0
    let pending: Buffer = Buffer.alloc(0)
    const request = (n: number): void => {
      const b = Buffer.allocUnsafe(4)
      b.writeUInt32BE(n, 0)
      socket.write(b)
    }
    const onData = (chunk: Buffer): void => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
      let at = 0
      while (pending.length - at >= 3) {
        const len = pending.readUIntBE(at, 3)
        if (pending.length - at - 3 < len) break
        sum += JSON.parse(pending.toString('utf8', at + 3, at + 3 + len)) as number
        at += 3 + len
        received++
        if (++sinceRequest === BUFFER / 2 && received < N) {
          sinceRequest = 0
          request(BUFFER / 2)
        }
      }
      pending = pending.subarray(at)
      if (received === N) {
        socket.off('data', onData)
        resolve(sum)
      }
    }
    socket.on('data', onData)
    request(0)
    request(BUFFER)
  })
}

const raw: BenchCase<RawCtx> = {
  scenario: SCENARIO,
  title: TITLE,
  library: 'raw net loop',
  baseline: true,
  measureHeap: true,
  async setup() {
    const server = rawServer()
    await new Promise<void>((resolve) => server.listen(0, HOST, resolve))
    const socket = net.connect({ host: HOST, port: (server.address() as net.AddressInfo).port })
    socket.setNoDelay(true)
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    return { server, socket }
  },
  run: ({ socket }) => rawPass(socket),
  async teardown({ server, socket }) {
    socket.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  },
}

export const cases: BenchCase[] = [raw as BenchCase, sluice as BenchCase]

/** The checksum both cases must return. @internal */
export const expectedChecksum = EXPECTED
