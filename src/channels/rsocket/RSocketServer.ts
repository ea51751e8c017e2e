import net from 'node:net'
import { RSocketConnectionError } from './RSocketConnectionError.js'
import type { RSocketRoute } from './RSocketRoute.js'
import { Connection } from './internal/Connection.js'
import { ServerSession } from './internal/responder.js'
import type { RSocketCommonOptions } from './RSocketCommonOptions.js'
import { commonSettings, requireAddress } from './internal/settings.js'
import { TcpTransport } from './internal/tcp.js'
import type { Transport } from './internal/Transport.js'
import { WebSocketTransport } from './internal/websocket.js'

/**
 * Options of {@link RSocketServer.listen}. Give exactly one of `tcp` and `websocket`.
 *
 * @category rsocket
 * @since 0.1.0
 */
export interface RSocketServerOptions extends RSocketCommonOptions {
  /** Listen for RSocket over TCP (length-prefixed frames). Port 0 picks a free port. */
  readonly tcp?: { readonly host: string; readonly port: number }
  /** Listen for RSocket over WebSocket (one frame per binary message), with the `ws` package. */
  readonly websocket?: { readonly host: string; readonly port: number }
  /** The routes, by name (the client's routing metadata names one). */
  readonly routes: Readonly<Record<string, RSocketRoute>>
  /** A bearer token every client must present in its SETUP metadata; others are rejected. */
  readonly token?: string
  /** Decides on the token of each SETUP (instead of, or after, `token`). */
  readonly authenticate?: (token: string | undefined) => boolean | PromiseLike<boolean>
  /** Elements a channel route's inbound Source requests ahead from the client (default 64). */
  readonly receiveBuffer?: number
  /** Failures the server cannot send anywhere else: rejected setups, handler failures, peers gone mid-stream. */
  readonly onError?: (error: Error) => void
}

/**
 * An RSocket server that exposes sluice Sources and Flows as routes, over TCP or WebSocket.
 * Demand crosses the wire as the protocol intends: a request-stream route's Source is pulled only
 * as far as the client's REQUEST_N frames allow, and only while the socket takes more — a client
 * that stops reading stops the Source. Each connection starts with SETUP, whose bearer token is
 * checked when `token` or `authenticate` is given (a rejected client gets `REJECTED_SETUP`).
 * Keepalive: a client silent for longer than the max lifetime it announced is disconnected.
 *
 * Bad input never reaches a route: a corrupt, truncated or oversized frame, a frame for a stream
 * that was never opened or a second SETUP closes the connection with `CONNECTION_ERROR`; every
 * stream on it is cancelled (its Source released) and reported to `onError`, naming its route.
 *
 * @example
 * ```ts
 * const server = await RSocketServer.listen({
 *   tcp: { host: '127.0.0.1', port: 0 },
 *   token: 'secret',
 *   routes: { numbers: RSocketRoute.stream((n) => Source.range(1, n as number)) },
 * })
 * const client = await RSocketClient.connect({ tcp: server.address, token: 'secret' })
 * await client.requestStream('numbers', 3).runCollect() // [1, 2, 3]
 * await client.close()
 * await server.close()
 * ```
 * @see {@link RSocketClient}, {@link RSocketRoute}
 * @category rsocket
 * @since 0.1.0
 */
export class RSocketServer {
  private readonly live = new Set<Connection>()
  private closing: Promise<void> | null = null

  private constructor(
    /** Where the server listens (the port actually bound when 0 was asked). */
    readonly address: { readonly host: string; readonly port: number },
    /** `'tcp://host:port'` or `'ws://host:port'`. */
    readonly url: string,
    private readonly stop: () => Promise<void>,
  ) {}

  /** Starts listening; resolves once the port is bound. */
  static async listen(options: RSocketServerOptions): Promise<RSocketServer> {
    const op = 'RSocketServer.listen'
    if (options === null || typeof options !== 'object') throw new TypeError(`${op}(options): expected an object`)
    if ((options.tcp === undefined) === (options.websocket === undefined)) throw new TypeError(`${op}(options): give exactly one of tcp and websocket`)
    if (options.routes === null || typeof options.routes !== 'object') throw new TypeError(`${op}(options.routes): expected an object of routes`)
    for (const [name, route] of Object.entries(options.routes))
      if (route === null || typeof route !== 'object' || typeof route.handler !== 'function') throw new TypeError(`${op}(options.routes.${name}): expected an RSocketRoute`)
    if (options.token !== undefined && (typeof options.token !== 'string' || options.token === '')) throw new TypeError(`${op}(options.token): expected a non-empty string`)
    const common = commonSettings(op, options)
    const token = options.token
    const check = options.authenticate
    const authenticate =
      token === undefined && check === undefined ? null : async (t: string | undefined): Promise<boolean> => (token === undefined || t === token) && (check === undefined || (await check(t)))
    const report = options.onError ?? (() => {})
    const onError = (error: Error): void => {
      if (server.closing === null) report(error)
    }
    const sessionSettings = {
      routes: options.routes,
      serializer: common.serializer,
      sendBatch: common.sendBatch,
      receiveBuffer: options.receiveBuffer ?? 64,
      authenticate,
      onError,
    }
    let server: RSocketServer
    const attach = (transport: Transport): void => {
      const connection = new Connection(transport, {
        role: 'server',
        fragmentSize: common.fragmentSize,
        maxPayloadSize: common.maxPayloadSize,
        keepAliveInterval: 0,
        maxLifetime: 0,
        responder: new ServerSession(sessionSettings),
        onClose: (error) => {
          server.live.delete(connection)
          // A client going away between streams is normal; anything else is worth a report.
          if (server.closing === null && error instanceof Error && !(error instanceof RSocketConnectionError && error.reason === 'the peer disconnected')) onError(error)
        },
      })
      server.live.add(connection)
      connection.start()
    }
    if (options.tcp !== undefined) {
      const { host, port } = requireAddress(op, 'tcp', options.tcp)
      const listener = net.createServer((socket) => attach(new TcpTransport(socket, common.maxFrameSize)))
      await listen(listener, host, port)
      const bound = listener.address() as net.AddressInfo
      server = new RSocketServer({ host, port: bound.port }, `tcp://${host}:${bound.port}`, () => new Promise((resolve) => listener.close(() => resolve())))
      return server
    }
    const { host, port } = requireAddress(op, 'websocket', options.websocket!)
    const { WebSocketServer } = await import('ws')
    const wss = new WebSocketServer({ host, port, maxPayload: common.maxFrameSize + 1024 })
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve)
      wss.once('error', reject)
    })
    const bound = wss.address() as net.AddressInfo
    wss.on('connection', (ws, req) => attach(new WebSocketTransport(ws, common.maxFrameSize, `websocket ${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`)))
    server = new RSocketServer({ host, port: bound.port }, `ws://${host}:${bound.port}`, () => new Promise((resolve) => wss.close(() => resolve())))
    return server
  }

  /** Open connections. */
  get connections(): number {
    return this.live.size
  }

  /**
   * Stops listening and closes every connection; their streams are cancelled (Sources released)
   * and clients see an {@link RSocketConnectionError}. Resolves when all is closed.
   */
  close(): Promise<void> {
    if (this.closing !== null) return this.closing
    let done!: () => void
    this.closing = new Promise((resolve) => (done = resolve))
    const stopped = this.stop()
    const closed = [...this.live].map((c) => {
      c.close(new RSocketConnectionError('the server closed'))
      return c.closed
    })
    void Promise.all([stopped, ...closed]).then(() => done())
    return this.closing
  }
}

function listen(listener: net.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    listener.once('error', reject)
    listener.listen(port, host, () => {
      listener.off('error', reject)
      resolve()
    })
  })
}
