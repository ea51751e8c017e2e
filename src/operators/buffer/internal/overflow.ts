/**
 * Checks of overflow-strategy arguments, shared by `buffer` and `delay`.
 *
 * @module
 */

/** Throws unless `value` is one of `allowed`. @internal */
export function requireStrategy<S extends string>(op: string, arg: string, value: unknown, allowed: readonly S[]): S {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw new TypeError(
      `${op}(${arg}): expected one of ${allowed.map((s) => `'${s}'`).join(', ')}, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`,
    )
  return value as S
}
