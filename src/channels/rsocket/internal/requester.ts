/**
 * The client's side of the four interactions, on the Reactive Streams level: request-stream and
 * request-channel as Publishers (each subscription opens one stream), request-response and
 * fire-and-forget as Promises. The public client wraps them in Sources and Flows.
 *
 * @module
 */
import type { Publisher, Subscriber } from '../../../spec/types.js'
import { RSocketError } from '../RSocketError.js'
import { RSocketFrameError } from '../RSocketFrameError.js'
import type { RSocketSerializer } from '../RSocketSerializer.js'
import { errorForRoute, type Connection, type StreamHandler } from './Connection.js'
import { FrameType, type Frame } from './frame.js'
import { Inbound } from './Inbound.js'
import { Outbound } from './Outbound.js'
import { routeMetadata } from './metadata.js'

/** @internal */
export interface RequestSettings {
  readonly serializer: RSocketSerializer
  /** Elements asked of a local Publisher at a time when sending. */
  readonly sendBatch: number
}

function refuse(subscriber: Subscriber<unknown>, error: unknown): void {
  subscriber.onSubscribe({ request() {}, cancel() {} })
  subscriber.onError(error)
}

/** request-stream: each subscription sends REQUEST_STREAM with the first request(n). @internal */
export function streamPublisher(connection: Connection, route: string, request: unknown, settings: RequestSettings): Publisher<unknown> {
  return {
    subscribe(subscriber) {
      let metadata: Uint8Array
      let data: Uint8Array
      try {
        metadata = routeMetadata(route)
        data = settings.serializer.encode(request)
      } catch (e) {
        return refuse(subscriber, e)
      }
      let id = 0
      let ended = false
      const end = (): void => {
        ended = true
        if (id !== 0) connection.release(id)
      }
      const fail = (error: Error): void => {
        if (ended) return
        end()
        connection.send({ type: FrameType.CANCEL, streamId: id })
        inbound.error(error)
      }
      const handler: StreamHandler = {
        route,
        element(data, complete) {
          const error = inbound.next(data)
          if (error !== null) return fail(error)
          if (complete && !ended) {
            end()
            inbound.complete()
          }
        },
        frame(frame: Frame) {
          if (frame.type === FrameType.PAYLOAD) {
            if (frame.next) {
              const error = inbound.next(frame.data)
              if (error !== null) return fail(error)
            }
            if (frame.complete && !ended) {
              end()
              inbound.complete()
            }
          } else if (frame.type === FrameType.ERROR) {
            end()
            inbound.error(new RSocketError(frame.code, frame.message, route))
          } else fail(new RSocketFrameError(`unexpected ${frame.type === FrameType.REQUEST_N ? 'REQUEST_N' : 'CANCEL'} from the responder of a request-stream`, route))
        },
        connectionClosed(error) {
          ended = true
          inbound.error(errorForRoute(error, route))
        },
      }
      const inbound = new Inbound(route, settings.serializer, {
        request(n) {
          if (ended) return
          if (id !== 0) {
            connection.send({ type: FrameType.REQUEST_N, streamId: id, requestN: n })
            return
          }
          try {
            id = connection.open(handler)
          } catch (e) {
            ended = true
            inbound.error(e)
            return
          }
          connection.sendPayload({ type: FrameType.REQUEST_STREAM, streamId: id, follows: false, requestN: n, metadata, data })
        },
        cancel() {
          if (ended) return
          end()
          if (id !== 0) connection.send({ type: FrameType.CANCEL, streamId: id })
        },
      })
      inbound.attach(subscriber)
    },
  }
}

/**
 * request-channel: each subscription opens one channel. Our elements come from `outbound`; the
 * first one travels in the REQUEST_CHANNEL frame, which is sent once it and the first request(n)
 * are both known (an empty outbound sends REQUEST_CHANNEL with COMPLETE and no data). Cancelling
 * the inbound side ends the whole channel.
 *
 * @internal
 */
export function channelPublisher(connection: Connection, route: string, outbound: Publisher<unknown>, settings: RequestSettings): Publisher<unknown> {
  return {
    subscribe(subscriber) {
      let metadata: Uint8Array
      try {
        metadata = routeMetadata(route)
      } catch (e) {
        return refuse(subscriber, e)
      }
      let id = 0
      let pendingN = 0
      let first: { data: Uint8Array | null; complete: boolean } | null = null
      let inDone = false
      let outDone = false
      let released = false
      const maybeRelease = (): void => {
        if (inDone && outDone && !released && id !== 0) {
          released = true
          connection.release(id)
        }
      }
      const endAll = (inboundError: unknown | null): void => {
        if (!released && id !== 0) {
          released = true
          connection.release(id)
        }
        released = true
        outDone = true
        inDone = true
        sender.cancel()
        if (inboundError !== null) inbound.error(inboundError)
      }
      const tryOpen = (): void => {
        if (id !== 0 || first === null || pendingN === 0 || released) return
        try {
          id = connection.open(handler)
        } catch (e) {
          endAll(e)
          return
        }
        sender.setStreamId(id)
        connection.sendPayload({
          type: FrameType.REQUEST_CHANNEL,
          streamId: id,
          follows: false,
          complete: first.complete,
          requestN: pendingN,
          metadata,
          data: first.data ?? new Uint8Array(0),
        })
        maybeRelease()
      }
      const handler: StreamHandler = {
        route,
        frame(frame: Frame) {
          switch (frame.type) {
            case FrameType.PAYLOAD:
              if (frame.next) {
                const error = inbound.next(frame.data)
                if (error !== null) {
                  connection.send({ type: FrameType.CANCEL, streamId: id })
                  return endAll(error)
                }
              }
              if (frame.complete) {
                inDone = true
                // The Flow completes with the server's side; its input stops too (a completed
                // Flow cancels its upstream), and the server hears that our side is complete.
                if (!outDone) {
                  outDone = true
                  sender.cancel()
                  connection.send({ type: FrameType.PAYLOAD, streamId: id, follows: false, complete: true, next: false, metadata: null, data: new Uint8Array(0) })
                }
                inbound.complete()
                maybeRelease()
              }
              return
            case FrameType.REQUEST_N:
              return sender.grant(frame.requestN)
            case FrameType.CANCEL:
              outDone = true
              sender.cancel()
              return maybeRelease()
            case FrameType.ERROR:
              return endAll(new RSocketError(frame.code, frame.message, route))
            default:
              connection.send({ type: FrameType.CANCEL, streamId: id })
              return endAll(new RSocketFrameError(`unexpected frame type ${frame.type} from the responder of a request-channel`, route))
          }
        },
        connectionClosed(error) {
          released = true
          endAll(errorForRoute(error, route))
        },
        drain() {
          sender.pump()
        },
      }
      const sender = new Outbound(
        connection,
        0,
        settings.serializer,
        settings.sendBatch,
        {
          first(data, complete) {
            first = { data, complete }
            if (complete) outDone = true
            tryOpen()
          },
          completed() {
            outDone = true
            maybeRelease()
          },
          failed(error) {
            // Our own upstream failed: the channel ends, and the flow fails with that error.
            endAll(error)
          },
        },
        1, // the first element rides in REQUEST_CHANNEL without a REQUEST_N
      )
      const inbound = new Inbound(route, settings.serializer, {
        request(n) {
          if (released) return
          if (id !== 0) return void connection.send({ type: FrameType.REQUEST_N, streamId: id, requestN: n })
          pendingN += n
          tryOpen()
        },
        cancel() {
          if (released) return
          if (id !== 0) connection.send({ type: FrameType.CANCEL, streamId: id })
          endAll(null)
        },
      })
      inbound.attach(subscriber)
      outbound.subscribe(sender)
    },
  }
}

/** request-response. @internal */
export function requestResponse(connection: Connection, route: string, request: unknown, settings: RequestSettings): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const metadata = routeMetadata(route)
    const data = settings.serializer.encode(request)
    let id = 0
    const handler: StreamHandler = {
      route,
      frame(frame) {
        connection.release(id)
        if (frame.type === FrameType.PAYLOAD) {
          if (!frame.next) return resolve(null)
          try {
            resolve(settings.serializer.decode(frame.data))
          } catch (e) {
            reject(new RSocketFrameError(`cannot decode the response: ${e instanceof Error ? e.message : String(e)}`, route, { cause: e }))
          }
        } else if (frame.type === FrameType.ERROR) reject(new RSocketError(frame.code, frame.message, route))
        else reject(new RSocketFrameError(`unexpected frame type ${frame.type} from the responder of a request-response`, route))
      },
      connectionClosed(error) {
        reject(errorForRoute(error, route))
      },
    }
    id = connection.open(handler)
    connection.sendPayload({ type: FrameType.REQUEST_RESPONSE, streamId: id, follows: false, metadata, data })
  })
}

/** fire-and-forget: resolves once the frame was handed to the transport. @internal */
export function fireAndForget(connection: Connection, route: string, request: unknown, settings: RequestSettings): void {
  const metadata = routeMetadata(route)
  const data = settings.serializer.encode(request)
  const id = connection.open({ route, frame() {}, connectionClosed() {} })
  connection.release(id)
  connection.sendPayload({ type: FrameType.REQUEST_FNF, streamId: id, follows: false, metadata, data })
}
