/**
 * Argument checks shared by the offset and lease stores, with messages that start with the call
 * (`save(expectedVersion): expected a non-negative integer, got -1`).
 *
 * @module
 * @internal
 */
import { requireNonNegativeInt, requirePositiveInt } from '../../core/args.js'
import type { Offset } from '../Offset.js'
import type { OffsetUpdate } from '../OffsetStore.js'
import type { ProjectionId } from '../ProjectionId.js'

/** @internal */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'function') return 'a function'
  if (typeof value === 'bigint') return `${value}n`
  if (Array.isArray(value)) return 'an array'
  if (value instanceof Map) return 'a Map'
  if (typeof value === 'object' && value !== null) return 'an object'
  return String(value)
}

/** @internal */
export function requireProjectionId(op: string, id: unknown): ProjectionId {
  const candidate = id as Partial<ProjectionId> | null
  if (typeof id !== 'object' || candidate === null || typeof candidate.name !== 'string' || candidate.name.length === 0 || typeof candidate.key !== 'string')
    throw new TypeError(`${op}(id): expected a ProjectionId ({ name: non-empty string, key: string }), got ${show(id)}`)
  return candidate as ProjectionId
}

/** An offset: a finite number or a string (`undefined` only where `allowUndefined`). @internal */
export function requireOffset(op: string, arg: string, value: unknown, allowUndefined = false): Offset | undefined {
  if (value === undefined && allowUndefined) return undefined
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return value
  throw new TypeError(`${op}(${arg}): expected a finite number or a string${allowUndefined ? ' (or undefined)' : ''}, got ${show(value)}`)
}

/** @internal */
export function requireUpdate(op: string, update: unknown): OffsetUpdate {
  const u = update as Partial<OffsetUpdate> | null
  if (typeof update !== 'object' || u === null) throw new TypeError(`${op}(update): expected { offset, sequences }, got ${show(update)}`)
  requireOffset(op, 'update.offset', u.offset)
  if (!(u.sequences instanceof Map)) throw new TypeError(`${op}(update.sequences): expected a Map of aggregate id to sequence number, got ${show(u.sequences)}`)
  for (const [aggregateId, sequenceNumber] of u.sequences) {
    if (typeof aggregateId !== 'string' || aggregateId.length === 0)
      throw new TypeError(`${op}(update.sequences): expected non-empty aggregate ids, got ${show(aggregateId)}`)
    // Checked inline: the argument's name is built only for the error (this runs per entry per save).
    if (typeof sequenceNumber !== 'number' || !Number.isSafeInteger(sequenceNumber) || sequenceNumber < 0)
      requireNonNegativeInt(op, `update.sequences[${JSON.stringify(aggregateId)}]`, sequenceNumber)
  }
  if (u.resetSequences !== undefined && typeof u.resetSequences !== 'boolean')
    throw new TypeError(`${op}(update.resetSequences): expected a boolean or undefined, got ${show(u.resetSequences)}`)
  return u as OffsetUpdate
}

/** @internal */
export function requireVersion(op: string, value: unknown): number {
  return requireNonNegativeInt(op, 'expectedVersion', value)
}

/** @internal */
export function requireBoolean(op: string, arg: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${op}(${arg}): expected a boolean, got ${show(value)}`)
  return value
}

/** A lease or member name, key or owner: a non-empty string. @internal */
export function requireName(op: string, arg: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${op}(${arg}): expected a non-empty string, got ${show(value)}`)
  return value
}

/** @internal */
export function requireTtl(op: string, value: unknown): number {
  return requirePositiveInt(op, 'ttlMs', value)
}

/** @internal */
export function requireKeys(op: string, value: unknown): readonly string[] {
  if (!Array.isArray(value)) throw new TypeError(`${op}(keys): expected an array of non-empty strings, got ${show(value)}`)
  for (const key of value as unknown[]) requireName(op, 'keys', key)
  return value as readonly string[]
}

/** The `sequenceWindow` option of the offset stores (default 1000). @internal */
export function requireWindow(op: string, value: unknown): number {
  return value === undefined ? DEFAULT_SEQUENCE_WINDOW : requirePositiveInt(op, 'sequenceWindow', value)
}

/** @internal */
export const DEFAULT_SEQUENCE_WINDOW = 1000

/** A table prefix: letters, digits and `_`, not starting with a digit (or empty). @internal */
export function requirePrefix(op: string, value: unknown): string {
  if (value === undefined) return 'sluice_'
  if (typeof value !== 'string' || (value !== '' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)))
    throw new TypeError(`${op}(tablePrefix): expected letters, digits and '_', got ${show(value)}`)
  return value
}

/**
 * The entries of a save that the window keeps: the last `window` of the Map (a Map iterates in
 * insertion order, so the last entries are the most recently advanced).
 *
 * @internal
 */
export function lastEntries(sequences: ReadonlyMap<string, number>, window: number): [string, number][] {
  const all = [...sequences]
  return all.length > window ? all.slice(all.length - window) : all
}

/** Stored offsets carry their type: `'n'` for a number, `'s'` for a string. @internal */
export function encodeOffset(offset: Offset | undefined): [text: string | null, type: 'n' | 's' | null] {
  if (offset === undefined) return [null, null]
  return typeof offset === 'number' ? [String(offset), 'n'] : [offset, 's']
}

/** @internal */
export function decodeOffset(text: string | null, type: string | null): Offset | undefined {
  if (text === null || type === null) return undefined
  return type === 'n' ? Number(text) : text
}

/** Sorts names in code-unit order, the same in every store (a database's collation may differ). @internal */
export function sortNames(names: string[]): string[] {
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}
