/**
 * Waiting for a probe's signals, in real time or in virtual time.
 *
 * @internal
 */
import { hostNow, hostYield, flushMicrotasks, VirtualScheduler, type Scheduler } from '../../core/Scheduler.js'
import type { TestkitAssertionError } from '../TestkitAssertionError.js'

/** Default time an expectation waits for its signal (ms, real or virtual). */
export const DEFAULT_EXPECT_TIMEOUT = 3000
/** In virtual time, host turns with nothing scheduled after which waiting longer cannot help. */
const IDLE_ROUNDS = 10

/** Options shared by both probes. */
export interface ProbeOptions {
  /** Wait in this virtual time instead of real time (default: the run's scheduler when it is virtual). */
  readonly scheduler?: VirtualScheduler
  /** How long an expectation waits for its signal, in ms of real or virtual time (default 3000). */
  readonly timeoutMs?: number
}

/** How long a wait took, for messages. */
export function elapsedText(ms: number, virtual: boolean): string {
  return `${Math.round(ms * 1000) / 1000} ms${virtual ? ' (virtual time)' : ''}`
}

/**
 * Something a probe's expectations can wait on: it calls `notify()` whenever a signal arrives.
 */
export class Waitable {
  private readonly listeners = new Set<() => void>()
  clock: VirtualScheduler | undefined = undefined
  timeoutMs = DEFAULT_EXPECT_TIMEOUT

  configure(options: ProbeOptions, runScheduler: Scheduler | undefined): void {
    this.clock = options.scheduler ?? (runScheduler instanceof VirtualScheduler ? runScheduler : undefined)
    if (options.timeoutMs !== undefined) this.timeoutMs = options.timeoutMs
  }

  notify(): void {
    for (const l of [...this.listeners]) l()
  }

  now(): number {
    return this.clock !== undefined ? this.clock.now() : hostNow()
  }

  /**
   * Resolves with the first non-`undefined` result of `check`, re-run on every signal; rejects
   * with `timeout(elapsedMs)` when none came within `timeoutMs`. In virtual time, due timers are
   * fired one by one (moving the clock) until the deadline.
   */
  async until<R>(check: () => R | undefined, timeout: (elapsed: string) => TestkitAssertionError, timeoutMs = this.timeoutMs): Promise<R> {
    const first = check()
    if (first !== undefined) return first
    return this.clock !== undefined ? this.untilVirtual(this.clock, check, timeout, timeoutMs) : this.untilReal(check, timeout, timeoutMs)
  }

  private untilReal<R>(check: () => R | undefined, timeout: (elapsed: string) => TestkitAssertionError, timeoutMs: number): Promise<R> {
    const start = hostNow()
    return new Promise<R>((resolve, reject) => {
      const listener = (): void => {
        const r = check()
        if (r === undefined) return
        this.listeners.delete(listener)
        globalThis.clearTimeout(timer)
        resolve(r)
      }
      const timer = globalThis.setTimeout(() => {
        this.listeners.delete(listener)
        reject(timeout(elapsedText(hostNow() - start, false)))
      }, timeoutMs)
      this.listeners.add(listener)
    })
  }

  private async untilVirtual<R>(
    clock: VirtualScheduler,
    check: () => R | undefined,
    timeout: (elapsed: string) => TestkitAssertionError,
    timeoutMs: number,
  ): Promise<R> {
    const start = clock.now()
    const deadline = start + timeoutMs
    let idle = 0
    for (;;) {
      await turn()
      let r = check()
      if (r !== undefined) return r
      const due = clock.nextDue()
      if (due !== undefined && due <= deadline) {
        await clock.advanceTo(due)
        idle = 0
      } else if (++idle >= IDLE_ROUNDS) {
        await clock.advanceTo(deadline)
        await turn()
        r = check()
        if (r !== undefined) return r
        throw timeout(elapsedText(clock.now() - start, true))
      }
    }
  }

  /** Lets `ms` pass (real or virtual) and then returns. */
  async sleep(ms: number): Promise<void> {
    if (this.clock !== undefined) {
      await turn()
      await this.clock.advance(ms)
      await turn()
    } else await new Promise<void>((resolve) => globalThis.setTimeout(resolve, ms))
  }
}

/** Microtasks, one host turn, microtasks. */
export async function turn(): Promise<void> {
  await flushMicrotasks()
  await new Promise<void>((resolve) => hostYield(resolve))
  await flushMicrotasks()
}
