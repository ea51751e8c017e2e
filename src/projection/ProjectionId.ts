/**
 * Which projection a row of the offset store belongs to.
 *
 * @module
 */

/**
 * The identity of one running projection: a `name` (the read model it builds, e.g.
 * `'room-summaries'`) and a `key` that tells instances of the same projection apart (e.g. the
 * slice range `'0-255'`). The offset store keeps one row per id.
 *
 * @example
 * ```ts
 * const id = ProjectionId.of('room-summaries', '0-1023')
 * ProjectionId.format(id) // 'room-summaries/0-1023'
 * ```
 * @category projection
 * @since 0.2.0
 */
export interface ProjectionId {
  readonly name: string
  readonly key: string
}

/**
 * Building and printing {@link ProjectionId}s.
 *
 * @category projection
 * @since 0.2.0
 */
export const ProjectionId = {
  /** An id; `key` defaults to `''` (a projection that runs as one instance). Throws a `TypeError` for an empty name. */
  of(name: string, key = ''): ProjectionId {
    if (typeof name !== 'string' || name.length === 0)
      throw new TypeError(`ProjectionId.of(name): expected a non-empty string, got ${JSON.stringify(name)}`)
    if (typeof key !== 'string') throw new TypeError(`ProjectionId.of(key): expected a string, got ${typeof key}`)
    return Object.freeze({ name, key })
  },
  /** `name/key` (or `name` when the key is empty), for messages and logs. */
  format(id: ProjectionId): string {
    return id.key === '' ? id.name : `${id.name}/${id.key}`
  },
} as const
