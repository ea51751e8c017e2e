/**
 * A source driven by the test: it emits, completes and fails when told, and its expectations
 * check the demand and cancellation it received.
 *
 * @module
 */
import { sourceOf } from '../core/Graph.js'
import { SourceStage } from '../core/StageLogic.js'
import { Source } from '../dsl/Source.js'
import { show } from './internal/deepEqual.js'
import { Waitable, type ProbeOptions } from './internal/expect.js'
import { TestkitAssertionError } from './TestkitAssertionError.js'

/**
 * The handle a {@link TestSource.probe} materializes. Elements sent are pushed as downstream
 * pulls, in order; completion and failure follow the elements sent before them. Calls after the
 * stream stopped are ignored.
 *
 * @category testkit
 * @since 0.1.0
 */
export interface SourceProbe<T> {
  /** Emits `element` as soon as downstream pulls (at once if it already has). */
  sendNext(element: T): SourceProbe<T>
  /** Completes after the elements already sent were emitted. */
  sendComplete(): SourceProbe<T>
  /** Fails with `error` after the elements already sent were emitted. */
  sendError(error: unknown): SourceProbe<T>
  /**
   * Waits for the next request from downstream not yet expected and resolves with its size. A
   * stage asks for one element per pull, so the size is 1.
   */
  expectRequest(): Promise<number>
  /** Expects no new request for `ms` (virtual ms when the run is on a virtual clock). */
  expectNoRequest(ms?: number): Promise<void>
  /** Waits for downstream to cancel and resolves with the cause it gave (`undefined` for a plain cancel). */
  expectCancellation(): Promise<unknown>
  /** Demand received and not yet answered with an element (0 or 1). */
  readonly pending: number
  /** Requests received so far. */
  readonly requests: number
  /** True once downstream cancelled. */
  readonly cancelled: boolean
}

/**
 * Test sources.
 *
 * @category testkit
 * @since 0.1.0
 */
export const TestSource = {
  /**
   * A source that materializes a {@link SourceProbe}: it emits only what the test sends.
   *
   * ```
   * out:  -a--b--|
   * test: sendNext('a'), sendNext('b'), sendComplete()
   * ```
   * @example
   * ```ts
   * const [source, sink] = TestSource.probe<number>().map((x) => x * 2).toMat(TestSink.probe<number>(), Keep.both).run()
   * sink.request(1)
   * await source.expectRequest()
   * source.sendNext(21)
   * await sink.expectNext(42)
   * sink.cancel()
   * await source.expectCancellation()
   * ```
   */
  probe<T>(options: ProbeOptions = {}): Source<T, SourceProbe<T>> {
    return new Source<T, SourceProbe<T>>(sourceOf<T, SourceProbe<T>>('TestSource.probe', () => new ProbeSource<T>(options)).module)
  },
}

type Outgoing<T> = { readonly kind: 'next'; readonly value: T } | { readonly kind: 'complete' } | { readonly kind: 'error'; readonly error: unknown }

class ProbeSource<T> extends SourceStage<T> {
  private readonly outgoing: Outgoing<T>[] = []
  private pulls = 0
  private expectedPulls = 0
  private cancelCause: { readonly cause: unknown } | null = null
  private readonly waitable = new Waitable()
  private readonly sendCb = this.getAsyncCallback<Outgoing<T>>((signal) => {
    this.outgoing.push(signal)
    this.flush()
  })

  constructor(private readonly options: ProbeOptions) {
    super()
    this.mat = this.createProbe()
  }

  override preStart(): void {
    this.waitable.configure(this.options, this.scheduler)
  }

  private flush(): void {
    while (this.outgoing.length > 0) {
      const head = this.outgoing[0]!
      if (head.kind === 'next') {
        if (!this.isAvailable(this.out)) return
        this.outgoing.shift()
        this.push(this.out, head.value)
      } else {
        this.outgoing.length = 0
        if (head.kind === 'complete') this.completeStage()
        else this.failStage(head.error)
      }
    }
  }

  onPull(): void {
    this.pulls++
    this.waitable.notify()
    this.flush()
  }

  override onDownstreamFinish(cause: unknown): void {
    this.cancelCause = { cause }
    this.waitable.notify()
    this.completeStage()
  }

  private createProbe(): SourceProbe<T> {
    const stage = this
    const probe: SourceProbe<T> = {
      sendNext(element) {
        if (element === null || element === undefined) throw new TypeError(`SourceProbe.sendNext(element): a stream element must not be ${String(element)}`)
        stage.sendCb({ kind: 'next', value: element })
        return probe
      },
      sendComplete() {
        stage.sendCb({ kind: 'complete' })
        return probe
      },
      sendError(error) {
        stage.sendCb({ kind: 'error', error })
        return probe
      },
      async expectRequest() {
        const got = await stage.waitable.until(
          () => {
            if (stage.pulls > stage.expectedPulls) {
              stage.expectedPulls++
              return 'request' as const
            }
            return stage.cancelCause !== null ? ('cancel' as const) : undefined
          },
          (elapsed) => new TestkitAssertionError(`expected a request, but none arrived within ${elapsed} (requests so far: ${stage.pulls})`, 'request', 'nothing'),
        )
        if (got === 'cancel')
          throw new TestkitAssertionError(`expected a request, but downstream cancelled (cause: ${show(stage.cancelCause!.cause)})`, 'request', 'cancel')
        return 1
      },
      async expectNoRequest(ms = 100) {
        const before = stage.pulls
        await stage.waitable.sleep(ms)
        if (stage.pulls > stage.expectedPulls && stage.pulls > before)
          throw new TestkitAssertionError(`expected no request for ${ms} ms, but got ${stage.pulls - before}`, 'no request', `${stage.pulls - before} request(s)`)
      },
      expectCancellation() {
        return stage.waitable.until(
          () => (stage.cancelCause !== null ? stage.cancelCause : undefined),
          (elapsed) =>
            new TestkitAssertionError(
              `expected cancellation, but downstream did not cancel within ${elapsed}${stage.isStopped ? ' (the source already completed or failed)' : ''}`,
              'cancel',
              'nothing',
            ),
        ).then((c) => c.cause)
      },
      get pending() {
        return stage.isAvailable(stage.out) && stage.outgoing.length === 0 ? 1 : 0
      },
      get requests() {
        return stage.pulls
      },
      get cancelled() {
        return stage.cancelCause !== null
      },
    }
    return probe
  }
}
