import type { FlowGraph, SourceGraph } from '../../core/Graph.js'
import type { Source } from '../../dsl/Source.js'

/** What a route handler learns about the request besides its data. @category rsocket @since 0.1.0 */
export interface RSocketRequestContext {
  /** The route the request named. */
  readonly route: string
  /** The connection's peer, e.g. `'tcp 127.0.0.1:53412'`. */
  readonly peer: string
}

/**
 * One route of an {@link RSocketServer}: which interaction it answers and the handler.
 * Build routes with the {@link RSocketRoute} factories.
 *
 * @category rsocket
 * @since 0.1.0
 */
export type RSocketRoute =
  | { readonly kind: 'stream'; readonly handler: (request: unknown, context: RSocketRequestContext) => SourceGraph<unknown, unknown> }
  | {
      readonly kind: 'channel'
      readonly handler: (inbound: Source<unknown>, request: unknown, context: RSocketRequestContext) => SourceGraph<unknown, unknown>
    }
  | { readonly kind: 'response'; readonly handler: (request: unknown, context: RSocketRequestContext) => unknown }
  | { readonly kind: 'fireAndForget'; readonly handler: (request: unknown, context: RSocketRequestContext) => unknown }

/**
 * Factories for the routes of an {@link RSocketServer}, one per RSocket interaction model.
 *
 * - `stream`: request-stream. The handler returns a Source; the client's REQUEST_N frames are its
 *   demand, and nothing more is pulled from it than the client asked for.
 * - `channel`: request-channel. A Flow (or a function of the inbound Source) turns the client's
 *   elements into the elements sent back; demand flows both ways.
 * - `response`: request-response. The handler returns the answer (or a Promise of it).
 * - `fireAndForget`: request-fnf. The handler's result and failures stay on the server
 *   (failures go to `onError`).
 *
 * @example
 * ```ts
 * const server = await RSocketServer.listen({
 *   tcp: { host: '127.0.0.1', port: 0 },
 *   routes: {
 *     numbers: RSocketRoute.stream((n) => Source.range(1, n as number)),
 *     double: RSocketRoute.channel(Flow.fromFunction((x: number) => x * 2)),
 *     hello: RSocketRoute.response((name) => `hello ${String(name)}`),
 *     log: RSocketRoute.fireAndForget((line) => console.log(line)),
 *   },
 * })
 * const client = await RSocketClient.connect({ tcp: server.address })
 * await client.requestStream('numbers', 3).runCollect() // [1, 2, 3]
 * await Source.from([1, 2]).via(client.requestChannel('double')).runCollect() // [2, 4]
 * await client.requestResponse('hello', 'you') // 'hello you'
 * await client.close()
 * await server.close()
 * ```
 * @category rsocket
 * @since 0.1.0
 */
export const RSocketRoute = {
  /** A request-stream route: `request` is the client's request data (`null` when it sent none). */
  stream<Req, Out>(handler: (request: Req, context: RSocketRequestContext) => SourceGraph<Out, unknown>): RSocketRoute {
    requireHandler('RSocketRoute.stream', handler)
    return { kind: 'stream', handler: handler as (request: unknown, context: RSocketRequestContext) => SourceGraph<unknown, unknown> }
  },
  /**
   * A request-channel route: a Flow run once per channel, or a function of the inbound Source.
   * The first element of the client's stream arrives with the request (RSocket puts it in the
   * REQUEST_CHANNEL frame); `request` is that element too.
   */
  channel<In, Out>(
    flow: FlowGraph<In, Out, unknown> | ((inbound: Source<In>, request: In | null, context: RSocketRequestContext) => SourceGraph<Out, unknown>),
  ): RSocketRoute {
    if (typeof flow === 'function') return { kind: 'channel', handler: flow as never }
    if (flow === null || typeof flow !== 'object' || !('module' in flow)) throw new TypeError('RSocketRoute.channel(flow): expected a Flow or a function')
    return { kind: 'channel', handler: (inbound) => (inbound as Source<In>).via(flow) as SourceGraph<unknown, unknown> }
  },
  /** A request-response route: the handler's value (or Promise) is the response. */
  response<Req, Res>(handler: (request: Req, context: RSocketRequestContext) => Res | PromiseLike<Res>): RSocketRoute {
    requireHandler('RSocketRoute.response', handler)
    return { kind: 'response', handler: handler as (request: unknown, context: RSocketRequestContext) => unknown }
  },
  /** A fire-and-forget route. */
  fireAndForget<Req>(handler: (request: Req, context: RSocketRequestContext) => unknown): RSocketRoute {
    requireHandler('RSocketRoute.fireAndForget', handler)
    return { kind: 'fireAndForget', handler: handler as (request: unknown, context: RSocketRequestContext) => unknown }
  },
}

function requireHandler(op: string, handler: unknown): void {
  if (typeof handler !== 'function') throw new TypeError(`${op}(handler): expected a function, got ${handler === null ? 'null' : typeof handler}`)
}
