/**
 * Opening, checking and closing the connections of the Redis Streams connectors, and turning the
 * driver's failures into the typed errors of `../errors.ts`.
 *
 * @module
 * @internal
 */
import { Redis, type RedisOptions } from 'ioredis'
import { RedisAuthError, RedisConnectionError, RedisStreamsError } from '../errors.js'

/**
 * Where a connector gets its connections: the caller's client (which stays the caller's: the
 * connector never closes it, and duplicates it for blocking reads), or connection options from
 * which it opens (and closes) its own.
 *
 * @internal
 */
export interface RedisTarget {
  /** A connected (or connecting) ioredis client; it stays yours. */
  readonly client?: Redis
  /** A `redis://` URL or ioredis options; the connector opens and closes its own connections. */
  readonly connection?: string | RedisOptions
}

/** Checks that exactly one of `client` and `connection` is given. @internal */
export function requireTarget(op: string, options: RedisTarget): void {
  const hasClient = options.client !== undefined
  const hasConnection = options.connection !== undefined
  if (hasClient === hasConnection) throw new TypeError(`${op}(options): expected exactly one of client and connection`)
  if (hasClient && typeof (options.client as { duplicate?: unknown }).duplicate !== 'function')
    throw new TypeError(`${op}(client): expected an ioredis client`)
  if (hasConnection && typeof options.connection !== 'string' && (typeof options.connection !== 'object' || options.connection === null))
    throw new TypeError(`${op}(connection): expected a redis:// URL or ioredis options`)
}

const AUTH = /^(WRONGPASS|NOAUTH|NOPERM)|invalid password|AUTH.*(failed|called without any password)/i
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])
const CONNECTION = /Connection is closed|max retries per request|Stream isn't writeable|connect ETIMEDOUT/i

/** Whether the driver's error says the credentials were refused. @internal */
export function isAuthError(error: unknown): boolean {
  return error instanceof Error && AUTH.test(error.message)
}

/** Whether the driver's error says the server could not be reached. @internal */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  return (typeof code === 'string' && CONNECTION_CODES.has(code)) || CONNECTION.test(error.message)
}

/** The typed error for a failed command of `op` on `stream`. @internal */
export function mapRedisError(op: string, stream: string, error: unknown): RedisStreamsError {
  if (error instanceof RedisStreamsError) return error
  if (isAuthError(error)) return new RedisAuthError(op, stream, error)
  if (isConnectionError(error)) return new RedisConnectionError(op, stream, error)
  return new RedisStreamsError(op, stream, error instanceof Error ? error.message : String(error), error)
}

/**
 * A client that connects only when told to and remembers its last `'error'` event (which carries
 * the real reason of a failed connect: `connect()` itself only says "Connection is closed").
 *
 * @internal
 */
export interface Connection {
  readonly redis: Redis
  lastError: unknown
}

/** A new client, not connected yet: a duplicate of `client`, or one opened from `connection`. @internal */
export function newConnection(target: RedisTarget, name: string): Connection {
  const overrides: RedisOptions = { lazyConnect: true, connectionName: name }
  let redis: Redis
  if (target.client !== undefined) redis = target.client.duplicate(overrides)
  else if (typeof target.connection === 'string') redis = new Redis(target.connection, overrides)
  else redis = new Redis({ ...target.connection, ...overrides })
  const connection: Connection = { redis, lastError: undefined }
  // Unheard, an 'error' event would be printed by ioredis; the reconnect logic handles it.
  redis.on('error', (e: unknown) => {
    connection.lastError = e
  })
  return connection
}

/** Connects, or fails with a typed error naming the stream (and stops the client's retries). @internal */
export async function connect(op: string, stream: string, connection: Connection): Promise<void> {
  try {
    await connection.redis.connect()
  } catch (e) {
    connection.redis.disconnect()
    throw mapRedisError(op, stream, isAuthError(e) || connection.lastError === undefined ? e : connection.lastError)
  }
}

/**
 * Checks that the caller's client can run commands (it may still be connecting: then this waits,
 * as its commands would). A refused connection or credentials fail with a typed error.
 *
 * @internal
 */
export async function ping(op: string, stream: string, redis: Redis): Promise<void> {
  try {
    await redis.ping()
  } catch (e) {
    throw mapRedisError(op, stream, e)
  }
}

/**
 * Closes a client at once: a blocked read is interrupted (its entries stay pending on the server).
 * Resolves when the client has ended.
 *
 * @internal
 */
export function closeNow(redis: Redis): Promise<void> {
  if (redis.status === 'end') return Promise.resolve()
  const ended = new Promise<void>((resolve) => redis.once('end', () => resolve()))
  redis.disconnect(false)
  return ended
}

/** Closes a client after the replies of the commands already sent (acks) have arrived. @internal */
export function closeGracefully(redis: Redis): Promise<void> {
  if (redis.status !== 'ready') {
    redis.disconnect(false)
    return Promise.resolve()
  }
  return redis.quit().then(
    () => undefined,
    () => redis.disconnect(false),
  )
}
