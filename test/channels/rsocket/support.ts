/**
 * Helpers of the RSocket tests: a loopback proxy that decodes every frame passing through (so a
 * test can count REQUEST_N values on the wire), a raw RSocket peer speaking frames by hand (for
 * faults), a counting Source, and a check that sockets and timers are gone.
 */
import net from 'node:net'
import { Source } from '../../../src/dsl/Source.js'
import { decodeFrame, encodeFrame, FrameType, type Frame } from '../../../src/channels/rsocket/internal/frame.js'
import { FrameReader } from '../../../src/channels/rsocket/internal/FrameReader.js'
import { AUTHENTICATION, COMPOSITE_METADATA, encodeBearer, encodeCompositeMetadata, routeMetadata } from '../../../src/channels/rsocket/internal/metadata.js'

export const HOST = '127.0.0.1'

export interface WireFrame {
  readonly dir: 'up' | 'down'
  readonly frame: Frame
}

/** A TCP proxy between a client and `target` that records every frame. `up` is client to server. */
export interface Tap {
  readonly address: { host: string; port: number }
  readonly frames: WireFrame[]
  /** Sum of REQUEST_N values plus the initial n of requests, client to server. */
  demandUp(): number
  demandDown(): number
  payloads(dir: 'up' | 'down'): number
  close(): Promise<void>
}

export async function tap(target: { host: string; port: number }): Promise<Tap> {
  const frames: WireFrame[] = []
  const sockets = new Set<net.Socket>()
  const proxy = net.createServer((client) => {
    const server = net.connect(target)
    sockets.add(client).add(server)
    const record = (dir: 'up' | 'down') => {
      const reader = new FrameReader(1 << 24)
      return (chunk: Buffer) => {
        try {
          reader.push(chunk, (bytes) => {
            const frame = decodeFrame(bytes)
            if (frame !== null) frames.push({ dir, frame: structuredClone(frame) })
          })
        } catch {
          // not our business: the proxy forwards bytes whatever they are
        }
      }
    }
    client.on('data', record('up'))
    server.on('data', record('down'))
    client.pipe(server)
    server.pipe(client)
    const end = (): void => {
      client.destroy()
      server.destroy()
    }
    client.on('close', end).on('error', end)
    server.on('close', end).on('error', end)
  })
  await new Promise<void>((resolve) => proxy.listen(0, HOST, resolve))
  const demand = (dir: 'up' | 'down'): number =>
    frames
      .filter((f) => f.dir === dir)
      .reduce((n, { frame }) => n + (frame.type === FrameType.REQUEST_N || frame.type === FrameType.REQUEST_STREAM || frame.type === FrameType.REQUEST_CHANNEL ? frame.requestN : 0), 0)
  return {
    address: { host: HOST, port: (proxy.address() as net.AddressInfo).port },
    frames,
    demandUp: () => demand('up'),
    demandDown: () => demand('down'),
    payloads: (dir) => frames.filter((f) => f.dir === dir && f.frame.type === FrameType.PAYLOAD && f.frame.next).length,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy()
        proxy.close(() => resolve())
      }),
  }
}

/** A hand-driven RSocket peer on a raw socket. */
export class RawPeer {
  readonly frames: Frame[] = []
  readonly closed: Promise<void>
  private readonly reader = new FrameReader(1 << 24)
  private waiters: (() => void)[] = []

  constructor(readonly socket: net.Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()))
    socket.on('data', (chunk) => {
      try {
        this.reader.push(chunk, (bytes) => {
          const f = decodeFrame(bytes)
          if (f !== null) this.frames.push(structuredClone(f))
        })
      } catch {
        socket.destroy()
      }
      for (const w of this.waiters.splice(0)) w()
    })
    socket.on('error', () => {})
  }

  static async connect(address: { host: string; port: number }): Promise<RawPeer> {
    const socket = net.connect(address)
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
    return new RawPeer(socket)
  }

  send(frame: Frame): void {
    this.socket.write(encodeFrame(frame, true))
  }

  sendBytes(bytes: Uint8Array): void {
    this.socket.write(bytes)
  }

  setup(token?: string, keepAlive = { interval: 30_000, lifetime: 90_000 }): void {
    this.send({
      type: FrameType.SETUP,
      streamId: 0,
      majorVersion: 1,
      minorVersion: 0,
      keepAliveInterval: keepAlive.interval,
      maxLifetime: keepAlive.lifetime,
      resumeToken: null,
      lease: false,
      metadataMimeType: COMPOSITE_METADATA,
      dataMimeType: 'application/json',
      metadata: token === undefined ? null : encodeCompositeMetadata([{ mimeType: AUTHENTICATION, content: encodeBearer(token) }]),
      data: new Uint8Array(0),
    })
  }

  requestStream(id: number, route: string, n: number, request: unknown = null): void {
    this.send({ type: FrameType.REQUEST_STREAM, streamId: id, follows: false, requestN: n, metadata: routeMetadata(route), data: new TextEncoder().encode(JSON.stringify(request)) })
  }

  /** Waits until `predicate` holds for the frames received (or fails after `ms`). */
  async until(predicate: (frames: Frame[]) => boolean, ms = 3000): Promise<void> {
    const deadline = Date.now() + ms
    while (!predicate(this.frames)) {
      if (Date.now() > deadline) throw new Error(`RawPeer.until: timed out; frames: ${JSON.stringify(this.frames.map((f) => [f.type, f.streamId]))}`)
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 20)
        this.waiters.push(() => {
          clearTimeout(t)
          resolve()
        })
      })
    }
  }

  close(): Promise<void> {
    this.socket.destroy()
    return this.closed
  }
}

/** A raw RSocket server: each connection becomes a RawPeer handed to `onPeer`. */
export async function rawServer(onPeer: (peer: RawPeer) => void): Promise<{ address: { host: string; port: number }; close(): Promise<void> }> {
  const peers = new Set<RawPeer>()
  const server = net.createServer((socket) => {
    const peer = new RawPeer(socket)
    peers.add(peer)
    onPeer(peer)
  })
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve))
  return {
    address: { host: HOST, port: (server.address() as net.AddressInfo).port },
    close: async () => {
      await Promise.all([...peers].map((p) => p.close()))
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** An endless Source of 1, 2, 3, ... that counts what was pulled from it and when it stopped. */
export function counting(limit = Infinity): { source: Source<number>; produced: () => number; stopped: Promise<void> } {
  let produced = 0
  let stop!: () => void
  const stopped = new Promise<void>((resolve) => (stop = resolve))
  const source = Source.unfold(0, (n) => (n >= limit ? undefined : [n + 1, n + 1] as const))
    .map((x) => {
      produced++
      return x
    })
    .watchTermination((_, done) => {
      done.then(stop, stop)
      return undefined
    })
  return { source, produced: () => produced, stopped }
}

/** Sockets, servers and timers the process holds, after pending closes have run. */
export async function openHandles(): Promise<string[]> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve))
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap' || r === 'Timeout')
}

/** Handles opened since `before` was taken and still open (none, when everything was released). */
export async function newHandles(before: string[]): Promise<string[]> {
  const now = await openHandles()
  const left = [...before]
  return now.filter((h) => {
    const i = left.indexOf(h)
    if (i === -1) return true
    left.splice(i, 1)
    return false
  })
}

/** Polls `predicate` every 10 ms until it holds; fails after `ms` (machines under load are slow). */
export async function waitFor(predicate: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('waitFor: the condition did not hold in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
