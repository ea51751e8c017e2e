import type { Duration } from '../../core/args.js'
import { Flow } from '../../dsl/Flow.js'
import { Sink } from '../../dsl/Sink.js'
import { Source } from '../../dsl/Source.js'
import { RSocketConnectionError } from './RSocketConnectionError.js'
import { Connection } from './internal/Connection.js'
import { FrameType } from './internal/frame.js'
import { AUTHENTICATION, COMPOSITE_METADATA, encodeBearer, encodeCompositeMetadata } from './internal/metadata.js'
import { channelPublisher, fireAndForget, requestResponse, streamPublisher, type RequestSettings } from './internal/requester.js'
import type { RSocketCommonOptions } from './RSocketCommonOptions.js'
import { commonSettings, durationOption, requireAddress } from './internal/settings.js'
import { connectTcp } from './internal/tcp.js'
import type { Transport } from './internal/Transport.js'
import { WebSocketTransport } from './internal/websocket.js'

/**
 * Options of {@link RSocketClient.connect}. Give exactly one of `tcp` and `websocket`.
 *
 * @category rsocket
 * @since 0.1.0
 */
export interface RSocketClientOptions extends RSocketCommonOptions {
  /** Connect over TCP. */
  readonly tcp?: { readonly host: string; readonly port: number }
  /** Connect over WebSocket: a `ws://` URL. */
  readonly websocket?: string
  /** The bearer token sent in the SETUP metadata. */
  readonly token?: string
  /** How often to send KEEPALIVE (default `'20s'`). */
  readonly keepAliveInterval?: Duration
  /** Close the connection when nothing arrived for this long (default `'90s'`). */
  readonly maxLifetime?: Duration
  /** Elements each stream requests ahead; REQUEST_N frames ask for half of it at a time (default 64). */
  readonly bufferSize?: number
}

/** Options of one request of an {@link RSocketClient}. @category rsocket @since 0.1.0 */
export interface RSocketRequestOptions {
  /** Elements requested ahead for this stream (default: the client's `bufferSize`). */
  readonly bufferSize?: number
}

/**
 * An RSocket client that turns the routes of a server into Sources and Flows. The stream's
 * downstream demand becomes REQUEST_N frames: the Source asks for `bufferSize` elements first,
 * then for half of it each time half was consumed — demand is always bounded, never "send
 * everything". Each materialization opens a new stream; cancelling the Source sends CANCEL.
 *
 * Failures are typed and name the route: {@link RSocketError} when the server answered with an
 * ERROR frame, {@link RSocketSetupError} when it rejected the connection (a wrong or missing
 * token), {@link RSocketConnectionError} when the connection went away mid-stream,
 * {@link RSocketFrameError} when the server sent something that breaks the protocol.
 *
 * @example
 * ```ts
 * const server = await RSocketServer.listen({
 *   tcp: { host: '127.0.0.1', port: 0 },
 *   routes: { squares: RSocketRoute.channel(Flow.fromFunction((x: number) => x * x)) },
 * })
 * const client = await RSocketClient.connect({ tcp: server.address })
 * await Source.range(1, 3).via(client.requestChannel<number, number>('squares')).runCollect() // [1, 4, 9]
 * await client.close()
 * await server.close()
 * ```
 * @see {@link RSocketServer}
 * @category rsocket
 * @since 0.1.0
 */
export class RSocketClient {
  private constructor(
    private readonly connection: Connection,
    private readonly settings: RequestSettings,
    private readonly bufferSize: number,
  ) {}

  /** Connects and sends SETUP. A rejected setup surfaces on the first request, as a {@link RSocketSetupError}. */
  static async connect(options: RSocketClientOptions): Promise<RSocketClient> {
    const op = 'RSocketClient.connect'
    if (options === null || typeof options !== 'object') throw new TypeError(`${op}(options): expected an object`)
    if ((options.tcp === undefined) === (options.websocket === undefined)) throw new TypeError(`${op}(options): give exactly one of tcp and websocket`)
    const common = commonSettings(op, options)
    const keepAliveInterval = durationOption(op, 'keepAliveInterval', options.keepAliveInterval, 20_000)
    const maxLifetime = durationOption(op, 'maxLifetime', options.maxLifetime, 90_000)
    const bufferSize = options.bufferSize ?? 64
    if (!Number.isInteger(bufferSize) || bufferSize < 1 || bufferSize > 0x7fffffff) throw new RangeError(`${op}(options.bufferSize): expected a positive integer, got ${String(bufferSize)}`)
    if (options.token !== undefined && typeof options.token !== 'string') throw new TypeError(`${op}(options.token): expected a string`)
    let transport: Transport
    if (options.tcp !== undefined) {
      const { host, port } = requireAddress(op, 'tcp', options.tcp)
      transport = await connectTcp(host, port, common.maxFrameSize)
    } else {
      const url = options.websocket!
      if (typeof url !== 'string' || !/^wss?:\/\//.test(url)) throw new TypeError(`${op}(options.websocket): expected a ws:// or wss:// URL, got ${String(url)}`)
      const { WebSocket } = await import('ws')
      const ws = new WebSocket(url, { maxPayload: common.maxFrameSize + 1024 })
      await new Promise<void>((resolve, reject) => {
        ws.once('open', resolve)
        ws.once('error', reject)
      })
      transport = new WebSocketTransport(ws, common.maxFrameSize, `websocket ${url}`)
    }
    const connection = new Connection(transport, {
      role: 'client',
      fragmentSize: common.fragmentSize,
      maxPayloadSize: common.maxPayloadSize,
      keepAliveInterval,
      maxLifetime,
      responder: null,
    })
    connection.start()
    connection.send({
      type: FrameType.SETUP,
      streamId: 0,
      majorVersion: 1,
      minorVersion: 0,
      keepAliveInterval,
      maxLifetime,
      resumeToken: null,
      lease: false,
      metadataMimeType: COMPOSITE_METADATA,
      dataMimeType: common.serializer.mimeType,
      metadata: options.token === undefined ? null : encodeCompositeMetadata([{ mimeType: AUTHENTICATION, content: encodeBearer(options.token) }]),
      data: new Uint8Array(0),
    })
    return new RSocketClient(connection, { serializer: common.serializer, sendBatch: common.sendBatch }, bufferSize)
  }

  /**
   * A Source of the route's request-stream: each run sends REQUEST_STREAM with `request` as its
   * data, and REQUEST_N as the run consumes.
   *
   * ```
   * wire: REQUEST_STREAM(n=4) ── PAYLOAD×4 ── REQUEST_N(2) ── PAYLOAD×2 ── … ── PAYLOAD(COMPLETE)
   * out:  --1--2--3--4--5--6--…--|
   * ```
   * - **Emits when** an element arrived and downstream pulls
   * - **Backpressures when** `bufferSize` elements are waiting (no more is requested from the server)
   * - **Completes when** the server completes the stream
   * - **Fails when** the server sends ERROR ({@link RSocketError}), the connection fails
   *   ({@link RSocketConnectionError}, {@link RSocketFrameError}) or the setup was rejected
   *   ({@link RSocketSetupError}) — each naming `route`
   * - **Cancels when** downstream cancels (CANCEL is sent; the server's Source is cancelled)
   */
  requestStream<T>(route: string, request: unknown = null, options: RSocketRequestOptions = {}): Source<T> {
    const bufferSize = this.requireRequest('requestStream', route, options)
    return Source.fromPublisher(streamPublisher(this.connection, route, request, this.settings), { bufferSize }) as Source<T>
  }

  /**
   * A Flow through the route's request-channel: the Flow's input goes to the server (as fast as
   * the server's REQUEST_N allows), the server's elements come out (as fast as downstream
   * demands). RSocket puts the first input element into the REQUEST_CHANNEL frame, so the
   * channel opens when the first element arrives (or the input completes empty).
   *
   * - **Emits when** the server sent an element and downstream pulls
   * - **Backpressures when** the server has not granted more (REQUEST_N) for the input, or
   *   `bufferSize` of the server's elements wait for downstream
   * - **Completes when** the server completes its side
   * - **Fails when** the input fails (sent as ERROR), or as {@link RSocketClient.requestStream} fails
   * - **Cancels when** downstream cancels (the whole channel ends), or the server cancels the input side
   */
  requestChannel<In, Out>(route: string, options: RSocketRequestOptions = {}): Flow<In, Out> {
    const bufferSize = this.requireRequest('requestChannel', route, options)
    return Flow.create<In>()
      .prefixAndTail(0)
      .flatMapConcat(([, tail]) => {
        const outbound = tail.runWith(Sink.asPublisher<In>())
        return Source.fromPublisher(channelPublisher(this.connection, route, outbound, this.settings), { bufferSize }) as Source<Out>
      })
  }

  /** Sends REQUEST_RESPONSE; resolves with the answer. */
  requestResponse<T>(route: string, request: unknown = null): Promise<T> {
    this.requireRequest('requestResponse', route, {})
    return requestResponse(this.connection, route, request, this.settings) as Promise<T>
  }

  /** Sends REQUEST_FNF. Throws when the connection is closed; the server's outcome is not reported back. */
  fireAndForget(route: string, request: unknown = null): void {
    this.requireRequest('fireAndForget', route, {})
    fireAndForget(this.connection, route, request, this.settings)
  }

  /** Streams open on this connection. */
  get openStreams(): number {
    return this.connection.openStreams
  }

  /** Resolves when the connection closed, whoever closed it. */
  get closed(): Promise<void> {
    return this.connection.closed
  }

  /** Closes the connection; open streams fail with {@link RSocketConnectionError}. */
  close(): Promise<void> {
    this.connection.close(new RSocketConnectionError('the connection was closed by the client'))
    return this.connection.closed
  }

  private requireRequest(op: string, route: string, options: RSocketRequestOptions): number {
    if (typeof route !== 'string' || route === '') throw new TypeError(`RSocketClient.${op}(route): expected a non-empty string, got ${JSON.stringify(route)}`)
    const bufferSize = options.bufferSize ?? this.bufferSize
    if (!Number.isInteger(bufferSize) || bufferSize < 1 || bufferSize > 0x7fffffff)
      throw new RangeError(`RSocketClient.${op}(options.bufferSize): expected a positive integer, got ${String(bufferSize)}`)
    return bufferSize
  }
}
