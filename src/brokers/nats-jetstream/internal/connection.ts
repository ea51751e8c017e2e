/**
 * Borrowed or owned NATS connections, and the mapping of driver errors to the typed ones.
 *
 * @module
 * @internal
 */
import { connect, type ConnectionOptions, type NatsConnection } from '@nats-io/transport-node'
import { JetStreamNotFoundError } from '../JetStreamNotFoundError.js'
import { NatsConnectionError } from '../NatsConnectionError.js'

/**
 * A connection to use: one the caller owns (kept open when the stage stops), or options for one
 * the stage opens itself and closes when it stops.
 *
 * @category brokers
 * @since 0.1.0
 */
export type NatsConnectionLike = NatsConnection | ConnectionOptions

/** A connection a stage holds, with what releasing it means. @internal */
export interface HeldConnection {
  readonly nc: NatsConnection
  readonly owned: boolean
}

/** @internal */
export function isConnection(value: NatsConnectionLike): value is NatsConnection {
  return typeof (value as { publish?: unknown }).publish === 'function' && typeof (value as { closed?: unknown }).closed === 'function'
}

/** @internal */
export function describeServers(value: NatsConnectionLike): string {
  if (isConnection(value)) return value.getServer()
  const s = value.servers
  if (s === undefined) return '127.0.0.1:4222'
  return Array.isArray(s) ? s.join(',') : String(s)
}

/** Uses the caller's connection, or opens one; connection failures become {@link NatsConnectionError}. @internal */
export async function holdConnection(operation: string, value: NatsConnectionLike): Promise<HeldConnection> {
  if (isConnection(value)) {
    if (value.isClosed()) throw new NatsConnectionError(operation, 'closed', value.getServer(), new Error('the connection is closed'))
    return { nc: value, owned: false }
  }
  try {
    return { nc: await connect(value), owned: true }
  } catch (error) {
    throw connectionError(operation, describeServers(value), error) ?? error
  }
}

/** Closes an owned connection; a borrowed one stays open. @internal */
export async function releaseConnection(held: HeldConnection | null): Promise<void> {
  if (held === null || !held.owned || held.nc.isClosed()) return
  await held.nc.close()
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : ''
}

/** The typed error for a driver's connection failure, or undefined when it is something else. @internal */
export function connectionError(operation: string, servers: string, error: unknown): NatsConnectionError | undefined {
  switch (nameOf(error)) {
    case 'ConnectionError':
      return new NatsConnectionError(operation, 'refused', servers, error)
    case 'AuthorizationError':
    case 'UserAuthenticationExpiredError':
      return new NatsConnectionError(operation, 'auth', servers, error)
    case 'ClosedConnectionError':
      return new NatsConnectionError(operation, 'closed', servers, error)
    default:
      return undefined
  }
}

/** The typed error for a missing stream or consumer, or undefined. @internal */
export function notFoundError(operation: string, stream: string, consumer: string | undefined, error: unknown): JetStreamNotFoundError | undefined {
  const name = nameOf(error)
  const message = error instanceof Error ? error.message : ''
  if (name === 'StreamNotFoundError' || /stream not found/i.test(message)) return new JetStreamNotFoundError(operation, 'stream', stream, consumer, error)
  if (name === 'ConsumerNotFoundError' || /consumer (not found|deleted)/i.test(message))
    return new JetStreamNotFoundError(operation, 'consumer', stream, consumer, error)
  return undefined
}
