/**
 * Structural equality for test assertions: primitives by `Object.is`, arrays and plain objects
 * by their entries, Maps and Sets by their contents, Dates by time.
 *
 * @internal
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    if (a.length !== bb.length) return false
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false
    return true
  }
  if (a instanceof Date) return a.getTime() === (b as Date).getTime()
  if (a instanceof Map) {
    const bm = b as Map<unknown, unknown>
    if (a.size !== bm.size) return false
    for (const [k, v] of a) if (!bm.has(k) || !deepEqual(v, bm.get(k))) return false
    return true
  }
  if (a instanceof Set) {
    const bs = b as Set<unknown>
    if (a.size !== bs.size) return false
    for (const v of a) if (!bs.has(v)) return false
    return true
  }
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  if (ka.length !== kb.length) return false
  for (const k of ka)
    if (!Object.prototype.hasOwnProperty.call(b, k) || !deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false
  return true
}

/** Renders a value for an assertion message, shortened. @internal */
export function show(value: unknown, max = 200): string {
  let text: string
  try {
    text = value instanceof Error ? `${value.name}: ${value.message}` : JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value)
  } catch {
    text = String(value)
  }
  return text.length > max ? `${text.slice(0, max)}…` : text
}
