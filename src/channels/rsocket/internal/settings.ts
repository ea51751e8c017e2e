/**
 * Defaults and checks of the options both ends share.
 *
 * @module
 */
import { requireDuration, requirePositiveInt, type Duration } from '../../../core/args.js'
import { RSocketSerializer } from '../RSocketSerializer.js'
import { MIN_FRAGMENT_SIZE } from './fragment.js'
import { MAX_24 } from './frame.js'

import type { RSocketCommonOptions } from '../RSocketCommonOptions.js'

/** @internal */
export type CommonOptions = RSocketCommonOptions

/** @internal */
export interface Common {
  readonly serializer: RSocketSerializer
  readonly maxFrameSize: number
  readonly fragmentSize: number
  readonly maxPayloadSize: number
  readonly sendBatch: number
}

/** @internal */
export function commonSettings(op: string, options: CommonOptions): Common {
  const maxFrameSize = requirePositiveInt(op, 'options.maxFrameSize', options.maxFrameSize ?? MAX_24)
  if (maxFrameSize > MAX_24 || maxFrameSize < MIN_FRAGMENT_SIZE) throw new RangeError(`${op}(options.maxFrameSize): expected ${MIN_FRAGMENT_SIZE} to ${MAX_24} bytes, got ${maxFrameSize}`)
  const fragmentSize = requirePositiveInt(op, 'options.fragmentSize', options.fragmentSize ?? Math.min(maxFrameSize, 64 * 1024))
  if (fragmentSize < MIN_FRAGMENT_SIZE || fragmentSize > maxFrameSize)
    throw new RangeError(`${op}(options.fragmentSize): expected ${MIN_FRAGMENT_SIZE} to maxFrameSize (${maxFrameSize}) bytes, got ${fragmentSize}`)
  const serializer = options.serializer ?? RSocketSerializer.json
  if (typeof serializer?.encode !== 'function' || typeof serializer.decode !== 'function') throw new TypeError(`${op}(options.serializer): expected { mimeType, encode, decode }`)
  return {
    serializer,
    maxFrameSize,
    fragmentSize,
    maxPayloadSize: requirePositiveInt(op, 'options.maxPayloadSize', options.maxPayloadSize ?? 16 * 1024 * 1024),
    sendBatch: requirePositiveInt(op, 'options.sendBatch', options.sendBatch ?? 64),
  }
}

/** @internal */
export function durationOption(op: string, name: string, value: Duration | undefined, fallback: number): number {
  return value === undefined ? fallback : requireDuration(op, `options.${name}`, value)
}

/** A `{ host, port }` that is really one. @internal */
export function requireAddress(op: string, name: string, value: { host?: unknown; port?: unknown }): { host: string; port: number } {
  if (typeof value.host !== 'string' || value.host === '') throw new TypeError(`${op}(options.${name}.host): expected a host name, got ${String(value.host)}`)
  if (typeof value.port !== 'number' || !Number.isInteger(value.port) || value.port < 0 || value.port > 65535)
    throw new RangeError(`${op}(options.${name}.port): expected a port number 0..65535, got ${String(value.port)}`)
  return { host: value.host, port: value.port }
}
