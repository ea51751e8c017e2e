/**
 * The timeline (marble) notation of docs/notation.md: a parser for expected timelines and a
 * renderer for messages.
 *
 * @module
 */
import { deepEqual, show } from './internal/deepEqual.js'

/**
 * One signal on a timeline, at `time` ms from the start of the timeline.
 *
 * @category testkit
 * @since 0.1.0
 */
export type TimelineEvent<T> =
  | { readonly time: number; readonly kind: 'next'; readonly value: T }
  | { readonly time: number; readonly kind: 'complete' }
  | { readonly time: number; readonly kind: 'error'; readonly error: unknown }

/**
 * A parsed timeline.
 *
 * @category testkit
 * @since 0.1.0
 */
export interface Timeline<T> {
  readonly events: TimelineEvent<T>[]
  /** When `^` appears: the time of the subscription (the first pull). */
  readonly subscribedAt: number | undefined
  /** When `!` appears: the time of the cancellation. */
  readonly cancelledAt: number | undefined
  /** The duration the timeline covers: its number of ticks times `tickMs`. */
  readonly duration: number
  /** True when the timeline ends with `...`: it goes on, and nothing after its end is implied. */
  readonly open: boolean
}

/**
 * Options of {@link parseTimeline}.
 *
 * @category testkit
 * @since 0.1.0
 */
export interface TimelineOptions {
  /** Milliseconds per tick (per character), default 1. */
  readonly tickMs?: number
  /** The error `#` stands for (default: an `Error('error')`). */
  readonly error?: unknown
}

/** The error `#` stands for when no `error` option is given. */
const defaultError = (): Error => new Error('error')

/**
 * Parses a timeline written in the notation of docs/notation.md: one character per tick, `-`
 * nothing, other characters elements (looked up in `values`, else the character itself as a
 * string), `|` complete, `#` error, `^` subscription, `!` cancel, `(ab)` signals in the tick of
 * `(`, `[xy]` one element named `xy`, `...` at the end for "goes on". A leading `label:` is
 * skipped, and the timeline ends at the first space (what follows is a comment).
 *
 * @example
 * ```ts
 * parseTimeline('out: -a-(bc)|  comment', { a: 1, b: 2, c: 3 }).events
 * // [{ time: 1, kind: 'next', value: 1 }, { time: 3, kind: 'next', value: 2 },
 * //  { time: 3, kind: 'next', value: 3 }, { time: 7, kind: 'complete' }]
 * ```
 * @category testkit
 * @since 0.1.0
 */
export function parseTimeline<T = string>(marbles: string, values: Readonly<Record<string, T>> = {}, options: TimelineOptions = {}): Timeline<T> {
  const tickMs = options.tickMs ?? 1
  if (!(tickMs > 0)) throw new RangeError(`parseTimeline(tickMs): expected a positive number, got ${String(tickMs)}`)
  let text = marbles.replace(/^\s*[A-Za-z][\w.]*:/, '').replace(/^\s+/, '')
  const space = text.search(/\s/)
  if (space >= 0) text = text.slice(0, space)
  let open = false
  if (text.endsWith('...')) {
    open = true
    text = text.slice(0, -3)
  }
  const events: TimelineEvent<T>[] = []
  let subscribedAt: number | undefined
  let cancelledAt: number | undefined
  let terminated = false
  let groupAt = -1
  const fail = (i: number, why: string): never => {
    throw new SyntaxError(`parseTimeline: ${why} at tick ${i} in '${marbles.trim()}'`)
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    const time = (groupAt >= 0 ? groupAt : i) * tickMs
    const signal = (e: TimelineEvent<T>): void => {
      if (terminated) fail(i, `'${ch}' after the stream terminated`)
      events.push(e)
    }
    switch (ch) {
      case '-':
        if (groupAt >= 0) fail(i, "'-' inside a group")
        break
      case '(':
        if (groupAt >= 0) fail(i, 'nested group')
        groupAt = i
        break
      case ')':
        if (groupAt < 0) fail(i, "')' without '('")
        groupAt = -1
        break
      case '^':
        if (subscribedAt !== undefined) fail(i, "a second '^'")
        subscribedAt = time
        break
      case '!':
        if (cancelledAt !== undefined) fail(i, "a second '!'")
        cancelledAt = time
        break
      case '|':
        signal({ time, kind: 'complete' })
        terminated = true
        break
      case '#':
        signal({ time, kind: 'error', error: 'error' in options ? options.error : defaultError() })
        terminated = true
        break
      case '[': {
        const end = text.indexOf(']', i)
        if (end < 0) fail(i, "'[' without ']'")
        const key = text.slice(i + 1, end)
        signal({ time, kind: 'next', value: key in values ? values[key]! : (key as T) })
        i = end
        break
      }
      default:
        signal({ time, kind: 'next', value: ch in values ? values[ch]! : (ch as T) })
    }
  }
  if (groupAt >= 0) fail(text.length, "'(' without ')'")
  return { events, subscribedAt, cancelledAt, duration: text.length * tickMs, open }
}

/**
 * Writes `events` in the notation, for messages. An element is written with its key in
 * `values`, or itself when it is a one-character string, or `[…]` around its JSON otherwise.
 * Signals in the same tick are grouped.
 *
 * @example
 * ```ts
 * renderTimeline([{ time: 1, kind: 'next', value: 1 }, { time: 2, kind: 'complete' }], { a: 1 }) // '-a|'
 * ```
 * @category testkit
 * @since 0.1.0
 */
export function renderTimeline<T>(events: readonly TimelineEvent<T>[], values: Readonly<Record<string, T>> = {}, options: { readonly tickMs?: number } = {}): string {
  const tickMs = options.tickMs ?? 1
  const keys = Object.entries(values)
  const token = (e: TimelineEvent<T>): string => {
    if (e.kind === 'complete') return '|'
    if (e.kind === 'error') return '#'
    const hit = keys.find(([, v]) => deepEqual(v, e.value))
    if (hit !== undefined) return hit[0].length === 1 ? hit[0] : `[${hit[0]}]`
    if (typeof e.value === 'string' && e.value.length === 1 && !'-()^!|#[]. '.includes(e.value)) return e.value
    return `[${show(e.value, 40)}]`
  }
  let out = ''
  let tick = 0
  for (let i = 0; i < events.length; ) {
    const t = Math.round(events[i]!.time / tickMs)
    while (tick < t && out.length < t) {
      out += '-'
      tick++
    }
    const group: string[] = []
    while (i < events.length && Math.round(events[i]!.time / tickMs) === t) group.push(token(events[i++]!))
    const text = group.length === 1 ? group[0]! : `(${group.join('')})`
    out += text
    tick = t + 1
  }
  return out
}
