/**
 * The server's side: one session per connection checks the SETUP (token), finds the route of
 * each request and runs its handler, with the client's REQUEST_N as the demand of the Source it
 * returns.
 *
 * @module
 */
import { Sink } from '../../../dsl/Sink.js'
import { Source } from '../../../dsl/Source.js'
import type { Subscriber } from '../../../spec/types.js'
import { rules } from '../../../spec/rules.js'
import { RSocketError } from '../RSocketError.js'
import { RSocketFrameError } from '../RSocketFrameError.js'
import type { RSocketRequestContext, RSocketRoute } from '../RSocketRoute.js'
import type { RSocketSerializer } from '../RSocketSerializer.js'
import { errorForRoute, type Connection, type RequestOpening, type Responder } from './Connection.js'
import { ErrorCode, FrameType, type Frame, type SetupFrame } from './frame.js'
import { Inbound } from './Inbound.js'
import { bearerOf, routeOf } from './metadata.js'
import { describe, Outbound } from './Outbound.js'

/** @internal */
export interface SessionSettings {
  readonly routes: Readonly<Record<string, RSocketRoute>>
  readonly serializer: RSocketSerializer
  readonly sendBatch: number
  readonly receiveBuffer: number
  readonly authenticate: ((token: string | undefined) => boolean | PromiseLike<boolean>) | null
  readonly onError: (error: Error) => void
}

/** @internal */
export class ServerSession implements Responder {
  private metadataMimeType = ''

  constructor(private readonly settings: SessionSettings) {}

  async setup(frame: SetupFrame): Promise<string | null> {
    this.metadataMimeType = frame.metadataMimeType
    const authenticate = this.settings.authenticate
    if (authenticate === null) return null
    let token: string | undefined
    try {
      token = bearerOf(frame.metadata, frame.metadataMimeType)
    } catch (e) {
      return `unreadable setup metadata: ${describe(e)}`
    }
    const ok = await authenticate(token)
    if (ok) return null
    return token === undefined ? 'missing token' : 'wrong token'
  }

  request(frame: RequestOpening, connection: Connection): void {
    const id = frame.streamId
    const answer = (code: number, message: string): void => {
      if (frame.type !== FrameType.REQUEST_FNF) connection.send({ type: FrameType.ERROR, streamId: id, code, message })
    }
    let route: string | undefined
    try {
      route = routeOf(frame.metadata, this.metadataMimeType)
    } catch (e) {
      return answer(ErrorCode.INVALID, describe(e))
    }
    if (route === undefined) return answer(ErrorCode.INVALID, 'the request names no route (routing metadata is missing)')
    const entry = Object.prototype.hasOwnProperty.call(this.settings.routes, route) ? this.settings.routes[route] : undefined
    if (entry === undefined) return answer(ErrorCode.INVALID, `no route ${JSON.stringify(route)}`)
    const expected = { [FrameType.REQUEST_STREAM]: 'stream', [FrameType.REQUEST_CHANNEL]: 'channel', [FrameType.REQUEST_RESPONSE]: 'response', [FrameType.REQUEST_FNF]: 'fireAndForget' }[frame.type]
    if (entry.kind !== expected) return answer(ErrorCode.INVALID, `route ${JSON.stringify(route)} answers ${entry.kind}, not ${expected}`)
    const context: RSocketRequestContext = { route, peer: connection.transport.description }
    const empty = frame.type === FrameType.REQUEST_CHANNEL && frame.complete && frame.data.length === 0
    let request: unknown = null
    try {
      if (!empty) request = this.settings.serializer.decode(frame.data)
    } catch (e) {
      return answer(ErrorCode.INVALID, `cannot decode the request: ${describe(e)}`)
    }
    switch (entry.kind) {
      case 'stream':
        return this.stream(connection, id, route, (frame as { requestN: number }).requestN, () => entry.handler(request, context))
      case 'channel':
        return this.channel(connection, frame as Extract<RequestOpening, { type: 7 }>, route, empty, (inbound) => entry.handler(inbound, request, context))
      case 'response':
        return this.response(connection, id, route, () => entry.handler(request, context))
      case 'fireAndForget':
        return this.fireAndForget(route, () => entry.handler(request, context))
    }
  }

  private stream(connection: Connection, id: number, route: string, initialN: number, open: () => unknown): void {
    let released = false
    const release = (): void => {
      released = true
      connection.release(id)
    }
    const outbound = new Outbound(connection, id, this.settings.serializer, this.settings.sendBatch, { completed: release, failed: (e) => (release(), this.report(e, route)) }, initialN)
    connection.accept(id, {
      route,
      frame: (f: Frame) => {
        if (f.type === FrameType.REQUEST_N) return outbound.grant(f.requestN)
        release()
        outbound.cancel()
        if (f.type !== FrameType.CANCEL) {
          const error = new RSocketFrameError(`unexpected frame type ${f.type} from the requester of a request-stream`, route)
          connection.send({ type: FrameType.ERROR, streamId: id, code: ErrorCode.INVALID, message: error.reason })
          this.report(error, route)
        }
      },
      connectionClosed: (error) => {
        if (outbound.isDone) return
        outbound.cancel()
        this.report(errorForRoute(error, route), route)
      },
      drain: () => outbound.pump(),
    })
    this.run(connection, id, route, open, outbound, () => released)
  }

  private channel(connection: Connection, frame: Extract<RequestOpening, { type: 7 }>, route: string, empty: boolean, open: (inbound: Source<unknown>) => unknown): void {
    const id = frame.streamId
    let inDone = false
    let outDone = false
    let released = false
    const maybeRelease = (): void => {
      if (inDone && outDone && !released) {
        released = true
        connection.release(id)
      }
    }
    const inbound = new Inbound(route, this.settings.serializer, {
      request: (n) => {
        if (!released && !inDone) connection.send({ type: FrameType.REQUEST_N, streamId: id, requestN: n })
      },
      cancel: () => {
        if (released || inDone) return
        inDone = true
        connection.send({ type: FrameType.CANCEL, streamId: id })
        maybeRelease()
      },
    })
    if (!empty) inbound.preload(frame.data)
    let subscribed = false
    const inboundSource = Source.fromPublisher<unknown>(
      {
        subscribe: (s: Subscriber<unknown>) => {
          if (subscribed) {
            s.onSubscribe({ request() {}, cancel() {} })
            return s.onError(rules.singleSubscriber(`rsocket route ${JSON.stringify(route)} (channel inbound)`))
          }
          subscribed = true
          inbound.attach(s)
          if (frame.complete) {
            inDone = true
            inbound.complete()
          }
        },
      },
      { bufferSize: this.settings.receiveBuffer },
    )
    const endAll = (): void => {
      inDone = outDone = true
      maybeRelease()
    }
    const outbound = new Outbound(
      connection,
      id,
      this.settings.serializer,
      this.settings.sendBatch,
      {
        completed: () => {
          outDone = true
          maybeRelease()
        },
        failed: (e) => {
          endAll()
          inbound.error(e)
          this.report(e, route)
        },
      },
      frame.requestN,
    )
    connection.accept(id, {
      route,
      frame: (f: Frame) => {
        switch (f.type) {
          case FrameType.PAYLOAD:
            if (f.next) {
              const error = inbound.next(f.data)
              if (error !== null) {
                connection.send({ type: FrameType.ERROR, streamId: id, code: ErrorCode.INVALID, message: error.message })
                endAll()
                outbound.cancel()
                inbound.error(error)
                return this.report(error, route)
              }
            }
            if (f.complete) {
              inDone = true
              inbound.complete()
              maybeRelease()
            }
            return
          case FrameType.REQUEST_N:
            return outbound.grant(f.requestN)
          case FrameType.CANCEL:
            // The requester cancelled the channel: both directions end.
            endAll()
            outbound.cancel()
            inbound.complete()
            return
          case FrameType.ERROR:
            endAll()
            outbound.cancel()
            inbound.error(new RSocketError(f.code, f.message, route))
            return
          default:
            return
        }
      },
      connectionClosed: (error) => {
        const wasOpen = !outbound.isDone || !inbound.isDone
        released = true
        outbound.cancel()
        const e = errorForRoute(error, route)
        inbound.error(e)
        if (wasOpen) this.report(e, route)
      },
      drain: () => outbound.pump(),
    })
    if (frame.complete && empty) inDone = true
    this.run(connection, id, route, () => open(inboundSource), outbound, () => released)
  }

  private run(connection: Connection, id: number, route: string, open: () => unknown, outbound: Outbound, isReleased: () => boolean): void {
    let source: unknown
    try {
      source = open()
      if (source === null || typeof source !== 'object' || !('module' in source)) throw new TypeError(`the handler returned ${source === null ? 'null' : typeof source}, not a Source`)
    } catch (e) {
      if (!isReleased()) connection.release(id)
      outbound.cancel()
      connection.send({ type: FrameType.ERROR, streamId: id, code: ErrorCode.APPLICATION_ERROR, message: describe(e) })
      this.report(e, route)
      return
    }
    Source.fromGraph(source as Source<unknown, unknown>).runWith(Sink.fromSubscriber(outbound))
  }

  private response(connection: Connection, id: number, route: string, handle: () => unknown): void {
    let cancelled = false
    connection.accept(id, {
      route,
      frame: () => {
        cancelled = true // CANCEL (or anything else): the answer is no longer wanted
        connection.release(id)
      },
      connectionClosed: () => {
        cancelled = true
      },
    })
    Promise.resolve()
      .then(handle)
      .then(
        (value) => {
          if (cancelled) return
          connection.release(id)
          let data: Uint8Array
          try {
            data = this.settings.serializer.encode(value)
          } catch (e) {
            connection.send({ type: FrameType.ERROR, streamId: id, code: ErrorCode.APPLICATION_ERROR, message: `cannot encode the response: ${describe(e)}` })
            return this.report(e, route)
          }
          connection.sendPayload({ type: FrameType.PAYLOAD, streamId: id, follows: false, complete: true, next: true, metadata: null, data })
        },
        (e: unknown) => {
          if (cancelled) return
          connection.release(id)
          connection.send({ type: FrameType.ERROR, streamId: id, code: ErrorCode.APPLICATION_ERROR, message: describe(e) })
          this.report(e, route)
        },
      )
  }

  private fireAndForget(route: string, handle: () => unknown): void {
    Promise.resolve()
      .then(handle)
      .catch((e: unknown) => this.report(e, route))
  }

  private report(error: unknown, route: string): void {
    this.settings.onError(error instanceof Error && 'route' in error && (error as { route?: string }).route !== undefined ? error : new RSocketError(ErrorCode.APPLICATION_ERROR, describe(error), route, { cause: error }))
  }
}
