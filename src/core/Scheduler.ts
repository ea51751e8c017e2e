/**
 * Time, as the runtime sees it. Every time-based stage asks its interpreter's scheduler, so a
 * test can swap in {@link VirtualScheduler} and run timers without sleeping.
 *
 * @module
 */

/** An opaque handle for a scheduled callback. */
export type TimerHandle = unknown

/**
 * The clock and timers a graph runs on.
 *
 * @example
 * ```ts
 * const scheduler = new VirtualScheduler()
 * Source.tick(0, 100, 'x').take(3).runCollect({ scheduler })
 * await scheduler.advance(200)
 * ```
 * @category core
 * @since 0.1.0
 */
export interface Scheduler {
  /** Milliseconds on this scheduler's clock. */
  now(): number
  /** Runs `callback` once after `delayMs`. */
  setTimeout(callback: () => void, delayMs: number): TimerHandle
  /** Cancels a callback scheduled with {@link Scheduler.setTimeout}; unknown handles are ignored. */
  clearTimeout(handle: TimerHandle): void
}

type GlobalTimers = {
  setImmediate?: (cb: () => void) => unknown
  performance?: { now(): number }
}

/**
 * The real clock: `performance.now()` and the host's timers.
 *
 * @category core
 * @since 0.1.0
 */
export class RealScheduler implements Scheduler {
  private readonly g = globalThis as unknown as GlobalTimers
  now(): number {
    return this.g.performance !== undefined ? this.g.performance.now() : Date.now()
  }
  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    return globalThis.setTimeout(callback, delayMs)
  }
  clearTimeout(handle: TimerHandle): void {
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>)
  }
}

const host = globalThis as unknown as GlobalTimers

/** Runs `callback` after pending I/O and timers of the host: how a long synchronous run yields. @internal */
export function hostYield(callback: () => void): void {
  if (host.setImmediate !== undefined) host.setImmediate(callback)
  else globalThis.setTimeout(callback, 0)
}

/**
 * The host's clock, looked up once: Node's `globalThis.performance` is a getter, and reading it
 * on every call took 70 ns against 44 for the call itself.
 */
const hostClock: { now(): number } = host.performance ?? Date

/** The host's monotonic clock in ms, for time-slicing (never virtual: fake timers installed later do not move it). @internal */
export function hostNow(): number {
  return hostClock.now()
}

/** The scheduler used when a run names none. */
export const defaultScheduler: Scheduler = new RealScheduler()

interface VirtualTimer {
  readonly id: number
  readonly at: number
  readonly callback: () => void
}

/**
 * A clock that moves only when told to. Timers fire in due order (ties in the order they were
 * set); between timers the microtask queue is flushed, so Promise-based stages settle as they
 * would in real time.
 *
 * @example
 * ```ts
 * const scheduler = new VirtualScheduler()
 * const done = Source.single(1).initialDelay(1000).runCollect({ scheduler })
 * await scheduler.advance(1000)
 * await done // [1], without waiting a second
 * ```
 * @category core
 * @since 0.1.0
 */
export class VirtualScheduler implements Scheduler {
  private clock = 0
  private nextId = 1
  private timers: VirtualTimer[] = []

  constructor(start = 0) {
    this.clock = start
  }

  now(): number {
    return this.clock
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const timer: VirtualTimer = { id: this.nextId++, at: this.clock + Math.max(0, delayMs), callback }
    // keep sorted by (at, id): insert after every timer due at or before `at`
    let i = this.timers.length
    while (i > 0 && this.timers[i - 1]!.at > timer.at) i--
    this.timers.splice(i, 0, timer)
    return timer.id
  }

  clearTimeout(handle: TimerHandle): void {
    const i = this.timers.findIndex((t) => t.id === handle)
    if (i >= 0) this.timers.splice(i, 1)
  }

  /** How many timers are scheduled and not yet fired or cleared. */
  get pendingTimers(): number {
    return this.timers.length
  }

  /** The due time of the next timer, or `undefined` when none is scheduled. */
  nextDue(): number | undefined {
    return this.timers[0]?.at
  }

  /** Moves the clock forward by `ms`, firing every timer due on the way. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.clock + ms)
  }

  /** Moves the clock to `time`, firing every timer due on the way, in order. */
  async advanceTo(time: number): Promise<void> {
    await flushMicrotasks()
    for (;;) {
      const next = this.timers[0]
      if (next === undefined || next.at > time) break
      this.timers.shift()
      this.clock = next.at
      next.callback()
      await flushMicrotasks()
    }
    if (time > this.clock) this.clock = time
  }

  /** Fires timers until none is left (at most `limit`, to stop a periodic timer from looping forever). */
  async runAll(limit = 100_000): Promise<void> {
    await flushMicrotasks()
    for (let n = 0; n < limit; n++) {
      const next = this.timers.shift()
      if (next === undefined) return
      this.clock = Math.max(this.clock, next.at)
      next.callback()
      await flushMicrotasks()
    }
    throw new RangeError(`VirtualScheduler.runAll(limit): still had timers after firing ${limit}`)
  }
}

/** Lets queued microtasks (Promise reactions) run, a bounded number of turns. @internal */
export async function flushMicrotasks(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve()
}
