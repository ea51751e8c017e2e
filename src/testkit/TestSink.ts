/**
 * A sink driven by the test: it requests and cancels when told, and its expectations check what
 * arrived.
 *
 * @module
 */
import { sinkOf } from '../core/Graph.js'
import { SinkStage } from '../core/StageLogic.js'
import { Sink } from '../dsl/Sink.js'
import { addDemand, isValidRequest } from '../spec/rules.js'
import { deepEqual, show } from './internal/deepEqual.js'
import { elapsedText, Waitable, type ProbeOptions } from './internal/expect.js'
import { TestkitAssertionError } from './TestkitAssertionError.js'

/** A signal a {@link SinkProbe} received. */
export type SinkSignal<T> = { readonly kind: 'next'; readonly value: T } | { readonly kind: 'complete' } | { readonly kind: 'error'; readonly error: unknown }

interface Taken<T> {
  readonly signal: SinkSignal<T>
  /** How long the expectation waited for it (0 when it had arrived before). */
  readonly waited: number
}

function showSignal(s: SinkSignal<unknown> | undefined): string {
  if (s === undefined) return 'nothing'
  return s.kind === 'next' ? `onNext(${show(s.value)})` : s.kind === 'complete' ? 'onComplete' : `onError(${show(s.error)})`
}

/**
 * The handle a {@link TestSink.probe} materializes. Signals are queued as they arrive; each
 * expectation takes the next one (waiting up to the timeout for it, in real or virtual time) and
 * throws a {@link TestkitAssertionError} when it is not what was expected.
 *
 * @category testkit
 * @since 0.1.0
 */
export interface SinkProbe<T> {
  /** Adds `n` to the demand; the probe pulls while it has demand. Returns the probe. */
  request(n: number): SinkProbe<T>
  /** Cancels upstream (with `cause`, default none). */
  cancel(cause?: unknown): SinkProbe<T>
  /** Expects the next signals to be exactly these elements, in order. */
  expectNext(...values: T[]): Promise<void>
  /** Expects `n` elements next and resolves with them. */
  expectNextN(n: number): Promise<T[]>
  /** `request(1)`, then expects an element and resolves with it. */
  requestNext(): Promise<T>
  /** Expects no signal at all for `ms` (virtual ms when the run is on a virtual clock). */
  expectNoMessage(ms?: number): Promise<void>
  /** Expects completion next. */
  expectComplete(): Promise<void>
  /** Expects failure next and resolves with the error; with `expected`, the error must equal it, be an instance of it (a class) or have a message matching it (a RegExp). */
  expectError(expected?: unknown): Promise<unknown>
  /** Expects the stream to complete without any element, with no demand given (for empty streams). */
  expectSubscriptionAndComplete(): Promise<void>
  /** Expects the stream to fail without any element, with no demand given; resolves with the error. */
  expectSubscriptionAndError(expected?: unknown): Promise<unknown>
  /** Every signal received so far, in order (whether or not an expectation took it). */
  readonly received: readonly SinkSignal<T>[]
  /** Demand given and not yet used. */
  readonly outstanding: number
}

/**
 * Test sinks.
 *
 * @category testkit
 * @since 0.1.0
 */
export const TestSink = {
  /**
   * A sink that materializes a {@link SinkProbe}: it asks for nothing until told to.
   *
   * ```
   * in:   -a--b--|
   * test: ^ request(2), expectNext('a', 'b'), expectComplete()
   * ```
   * @example
   * ```ts
   * const probe = Source.from([1, 2, 3]).runWith(TestSink.probe<number>())
   * probe.request(2)
   * await probe.expectNext(1, 2)
   * await probe.expectNoMessage(20)
   * probe.request(1)
   * await probe.expectNext(3)
   * await probe.expectComplete()
   * ```
   */
  probe<T>(options: ProbeOptions = {}): Sink<T, SinkProbe<T>> {
    return new Sink<T, SinkProbe<T>>(sinkOf<T, SinkProbe<T>>('TestSink.probe', () => new ProbeSink<T>(options)).module)
  },
}

class ProbeSink<T> extends SinkStage<T> {
  readonly signals: SinkSignal<T>[] = []
  private readonly arrivals: number[] = []
  private next = 0
  private requested = 0
  private received = 0
  private readonly waitable = new Waitable()
  private readonly requestCb = this.getAsyncCallback<number>((n) => {
    this.requested = addDemand(this.requested, n)
    this.pullIfDemand()
  })
  private readonly cancelCb = this.getAsyncCallback<unknown>((cause) => this.cancel(this.in, cause))

  constructor(private readonly options: ProbeOptions) {
    super()
    this.mat = this.createProbe()
  }

  override preStart(): void {
    this.waitable.configure(this.options, this.scheduler)
  }

  private pullIfDemand(): void {
    if (this.received < this.requested && !this.hasBeenPulled(this.in) && !this.isClosed(this.in)) this.pull(this.in)
  }

  private record(signal: SinkSignal<T>): void {
    this.signals.push(signal)
    this.arrivals.push(this.waitable.now())
    this.waitable.notify()
  }

  onPush(): void {
    this.received++
    this.record({ kind: 'next', value: this.grab(this.in) })
    this.pullIfDemand()
  }

  override onUpstreamFinish(): void {
    this.record({ kind: 'complete' })
    this.completeStage()
  }

  override onUpstreamFailure(error: unknown): void {
    this.record({ kind: 'error', error })
    this.failStage(error)
  }

  /** Takes the next signal, waiting for it; `what` describes the expectation for messages. */
  private async take(what: string): Promise<Taken<T>> {
    const start = this.waitable.now()
    const i = await this.waitable.until(
      () => (this.next < this.signals.length ? this.next++ : undefined),
      (elapsed) => new TestkitAssertionError(`expected ${what}, but nothing arrived within ${elapsed}`, what, 'nothing'),
    )
    return { signal: this.signals[i]!, waited: Math.max(0, this.arrivals[i]! - start) }
  }

  private mismatch(what: string, got: Taken<T>, expected?: unknown): TestkitAssertionError {
    const s = got.signal
    const when = got.waited === 0 ? '(it had already arrived)' : `after ${elapsedText(got.waited, this.waitable.clock !== undefined)}`
    return new TestkitAssertionError(`expected ${what}, but got ${showSignal(s)} ${when}`, expected ?? what, s.kind === 'next' ? s.value : showSignal(s))
  }

  private createProbe(): SinkProbe<T> {
    const stage = this
    const probe: SinkProbe<T> = {
      request(n) {
        if (!isValidRequest(n)) throw new RangeError(`SinkProbe.request(n): expected a positive integer, got ${String(n)}`)
        stage.requestCb(n)
        return probe
      },
      cancel(cause) {
        stage.cancelCb(cause)
        return probe
      },
      async expectNext(...values) {
        for (let i = 0; i < values.length; i++) {
          const want = values[i] as T
          const what = `onNext(${show(want)})${values.length > 1 ? ` (element ${i + 1} of ${values.length})` : ''}`
          const got = await stage.take(what)
          if (got.signal.kind !== 'next' || !deepEqual(got.signal.value, want)) throw stage.mismatch(what, got, want)
        }
      },
      async expectNextN(n) {
        const out: T[] = []
        for (let i = 0; i < n; i++) {
          const what = `element ${i + 1} of ${n}`
          const got = await stage.take(what)
          if (got.signal.kind !== 'next') throw stage.mismatch(`${what} (got ${show(out)} so far)`, got)
          out.push(got.signal.value)
        }
        return out
      },
      async requestNext() {
        probe.request(1)
        const got = await stage.take('an element')
        if (got.signal.kind !== 'next') throw stage.mismatch('an element', got)
        return got.signal.value
      },
      async expectNoMessage(ms = 100) {
        const start = stage.waitable.now()
        const before = stage.signals.length
        await stage.waitable.sleep(ms)
        if (stage.next < stage.signals.length) {
          const got = stage.signals[stage.next]!
          const arrived = stage.signals.length > before ? ` within ${Math.round((stage.waitable.now() - start) * 1000) / 1000} ms` : ' (already received earlier)'
          throw new TestkitAssertionError(`expected no message for ${ms} ms, but got ${showSignal(got)}${arrived}`, 'nothing', showSignal(got))
        }
      },
      async expectComplete() {
        const got = await stage.take('onComplete')
        if (got.signal.kind !== 'complete') throw stage.mismatch('onComplete', got)
      },
      async expectError(expected) {
        const what = expected === undefined ? 'onError' : `onError(${describeExpected(expected)})`
        const got = await stage.take(what)
        if (got.signal.kind !== 'error' || (expected !== undefined && !errorMatches(got.signal.error, expected))) throw stage.mismatch(what, got, expected)
        return got.signal.error
      },
      async expectSubscriptionAndComplete() {
        const got = await stage.take('onComplete with no element and no demand')
        if (got.signal.kind !== 'complete') throw stage.mismatch('onComplete with no element and no demand', got)
      },
      async expectSubscriptionAndError(expected) {
        const what = `onError${expected === undefined ? '' : `(${describeExpected(expected)})`} with no element and no demand`
        const got = await stage.take(what)
        if (got.signal.kind !== 'error' || (expected !== undefined && !errorMatches(got.signal.error, expected))) throw stage.mismatch(what, got, expected)
        return got.signal.error
      },
      get received() {
        return stage.signals
      },
      get outstanding() {
        return stage.requested - stage.received
      },
    }
    return probe
  }
}

function describeExpected(expected: unknown): string {
  if (typeof expected === 'function') return `an instance of ${(expected as { name: string }).name}`
  if (expected instanceof RegExp) return `an error whose message matches ${String(expected)}`
  return show(expected)
}

/** @internal */
export function errorMatches(error: unknown, expected: unknown): boolean {
  if (typeof expected === 'function') return error instanceof (expected as new (...a: never[]) => unknown)
  if (expected instanceof RegExp) return error instanceof Error && expected.test(error.message)
  return error === expected || deepEqual(error, expected)
}
