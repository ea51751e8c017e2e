/**
 * Checked, defaulted options of a consumer-group source.
 *
 * @module
 * @internal
 */
import { requireFunction, requireNonNegativeInt, requirePositiveInt } from '../../../core/args.js'
import type { ConsumerGroupOptions } from '../ConsumerGroupOptions.js'
import { requireTarget, type RedisTarget } from './connections.js'

/** @internal */
export interface ConsumerSettings<P> {
  readonly op: string
  readonly target: RedisTarget
  readonly streams: readonly string[]
  readonly group: string
  readonly consumer: string
  readonly createGroup: boolean
  readonly startId: string
  readonly maxBatch: number
  readonly blockMs: number
  readonly bufferSize: number
  readonly decode: ((fields: Readonly<Record<string, string>>, stream: string, id: string) => P) | undefined
  readonly maxMessageBytes: number
  readonly claimMinIdleMs: number | undefined
  readonly claimIntervalMs: number
  readonly keepAliveMs: number | undefined
  readonly maxDeliveries: number
  readonly deadLetterStream: (stream: string) => string
  readonly lingerMs: number
}

function requireName(op: string, arg: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${op}(${arg}): expected a non-empty string, got ${JSON.stringify(value)}`)
  return value
}

/** @internal */
export function consumerSettings<P>(op: string, options: ConsumerGroupOptions<P>): ConsumerSettings<P> {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${op}(options): expected an options object`)
  requireTarget(op, options)
  const given = typeof options.stream === 'string' ? [options.stream] : options.stream
  if (!Array.isArray(given) || given.length === 0) throw new TypeError(`${op}(stream): expected a stream name or a non-empty array of them`)
  const streams = given.map((s: unknown) => requireName(op, 'stream', s))
  if (new Set(streams).size !== streams.length) throw new TypeError(`${op}(stream): a stream is listed twice`)
  const maxBatch = options.maxBatch === undefined ? 100 : requirePositiveInt(op, 'maxBatch', options.maxBatch)
  const claim = options.claim
  let claimMinIdleMs: number | undefined
  let claimIntervalMs = 0
  if (claim !== undefined) {
    if (typeof claim !== 'object' || claim === null) throw new TypeError(`${op}(claim): expected { minIdleMs, intervalMs? }`)
    claimMinIdleMs = requireNonNegativeInt(op, 'claim.minIdleMs', claim.minIdleMs)
    claimIntervalMs =
      claim.intervalMs === undefined ? Math.max(10, Math.floor(claimMinIdleMs / 2)) : requirePositiveInt(op, 'claim.intervalMs', claim.intervalMs)
  }
  const dead = options.deadLetterStream
  let deadLetterStream: (stream: string) => string
  if (dead === undefined) deadLetterStream = (s) => `${s}:dead-letter`
  else if (typeof dead === 'string') {
    requireName(op, 'deadLetterStream', dead)
    deadLetterStream = () => dead
  } else deadLetterStream = requireFunction(op, 'deadLetterStream', dead)
  if (options.createGroup !== undefined && typeof options.createGroup !== 'boolean')
    throw new TypeError(`${op}(createGroup): expected a boolean, got ${JSON.stringify(options.createGroup)}`)
  return {
    op,
    target: options,
    streams,
    group: requireName(op, 'group', options.group),
    consumer: requireName(op, 'consumer', options.consumer),
    createGroup: options.createGroup ?? true,
    startId: options.startId === undefined ? '0' : requireName(op, 'startId', options.startId),
    maxBatch,
    blockMs: options.blockMs === undefined ? 2000 : requireNonNegativeInt(op, 'blockMs', options.blockMs),
    bufferSize: options.bufferSize === undefined ? maxBatch : requirePositiveInt(op, 'bufferSize', options.bufferSize),
    decode: options.decode === undefined ? undefined : requireFunction(op, 'decode', options.decode),
    maxMessageBytes: options.maxMessageBytes === undefined ? Infinity : requirePositiveInt(op, 'maxMessageBytes', options.maxMessageBytes),
    claimMinIdleMs,
    claimIntervalMs,
    keepAliveMs:
      options.keepAliveMs === false
        ? undefined
        : options.keepAliveMs === undefined
          ? claimMinIdleMs === undefined
            ? undefined
            : Math.max(10, Math.floor(claimMinIdleMs / 3))
          : requirePositiveInt(op, 'keepAliveMs', options.keepAliveMs),
    maxDeliveries: options.maxDeliveries === undefined ? Infinity : requirePositiveInt(op, 'maxDeliveries', options.maxDeliveries),
    deadLetterStream,
    lingerMs: options.lingerMs === undefined ? 10_000 : requireNonNegativeInt(op, 'lingerMs', options.lingerMs),
  }
}
