/**
 * The sink that acknowledges processed envelopes.
 *
 * @module
 */
import { requireDefined, requirePositiveInt } from '../../core/args.js'
import { deferred } from '../../core/deferred.js'
import { sinkOf } from '../../core/Graph.js'
import { SinkStage } from '../../core/StageLogic.js'
import { Sink } from '../../dsl/Sink.js'

/**
 * Anything {@link jetStreamCommitter} can acknowledge: a {@link JetStreamEnvelope}, or any
 * envelope whose `ack()` resolves once the broker has it.
 *
 * @category brokers
 * @since 0.1.0
 */
export interface Acknowledgeable {
  ack(): Promise<void>
}

/**
 * Options of {@link jetStreamCommitter}.
 *
 * @category brokers
 * @since 0.1.0
 */
export interface JetStreamCommitterOptions {
  /** Acknowledgements sent and not yet confirmed by the server, at most (default 1000). */
  readonly maxUnconfirmed?: number
}

/**
 * Acknowledges every envelope that reaches it, so put it after the processing: an envelope gets
 * here only when the stages before it are done with it. Acknowledgements go out at once and are
 * confirmed in batches (one round trip confirms all sent before it); at most `maxUnconfirmed`
 * wait for confirmation. Materializes a Promise of the number of confirmed acknowledgements,
 * resolved when upstream completed and all are confirmed.
 *
 * ```
 * in:   --a--b--c--|
 * acks: --a--b--c--|   (the count resolves once the last is confirmed)
 * ```
 * - **Emits when** (a sink) confirmations count up
 * - **Backpressures when** `maxUnconfirmed` acknowledgements await confirmation
 * - **Completes when** upstream completed and every acknowledgement is confirmed
 * - **Fails when** upstream fails, or an acknowledgement cannot be sent or confirmed (the connection closed)
 * - **Cancels when** it fails
 *
 * @example
 * ```ts
 * const acked = await jetStreamSource({ connection, stream: 'ORDERS', consumer: 'billing' })
 *   .take(3)
 *   .mapAsync(4, async (m) => { await bill(m.payload); return m })
 *   .runWith(jetStreamCommitter())
 * acked // 3
 * ```
 * @see {@link jetStreamSource}
 * @category brokers
 * @since 0.1.0
 */
export function jetStreamCommitter(options: JetStreamCommitterOptions = {}): Sink<Acknowledgeable, Promise<number>> {
  requireDefined('jetStreamCommitter', 'options', options)
  const max = requirePositiveInt('jetStreamCommitter', 'maxUnconfirmed', options.maxUnconfirmed ?? 1000)
  return new Sink<Acknowledgeable, Promise<number>>(sinkOf<Acknowledgeable, Promise<number>>('jetStreamCommitter', () => new Committer(max)).module)
}

class Committer extends SinkStage<Acknowledgeable> {
  private unconfirmed = 0
  private confirmed = 0
  private upstreamDone = false
  /** The confirmation the last acknowledgements share, and how many share each pending one (in order). */
  private lastConfirmation: Promise<void> | null = null
  private readonly batches: number[] = []
  private failure: unknown = undefined
  private readonly result = deferred<number>()
  private readonly onConfirmed = this.getAsyncCallback<void>(() => this.batchConfirmed())
  private readonly onFailed = this.getAsyncCallback<unknown>((error) => this.failStage(error))

  constructor(private readonly maxUnconfirmed: number) {
    super()
    this.mat = this.result.promise
  }

  override preStart(): void {
    this.pull(this.in)
  }

  onPush(): void {
    const envelope = this.grab(this.in)
    const confirmation = envelope.ack()
    this.unconfirmed++
    if (confirmation !== this.lastConfirmation) {
      // Confirmations of one connection settle in order, so a FIFO of counts matches them up.
      this.lastConfirmation = confirmation
      this.batches.push(1)
      confirmation.then(this.onConfirmed, this.onFailed)
    } else this.batches[this.batches.length - 1]!++
    if (this.unconfirmed < this.maxUnconfirmed) this.pull(this.in)
  }

  private batchConfirmed(): void {
    const n = this.batches.shift() ?? 0
    this.unconfirmed -= n
    this.confirmed += n
    if (this.upstreamDone) {
      if (this.unconfirmed === 0) this.completeStage()
    } else if (!this.hasBeenPulled(this.in) && this.unconfirmed < this.maxUnconfirmed) this.pull(this.in)
  }

  override onUpstreamFinish(): void {
    this.upstreamDone = true
    if (this.unconfirmed === 0) this.completeStage()
    else this.setKeepGoing(true)
  }

  override failStage(error: unknown): void {
    if (this.failure === undefined) this.failure = error
    this.rt.keepGoing = false
    super.failStage(error)
  }

  override completeStage(): void {
    // Kept going while acknowledgements were outstanding; now it may stop.
    this.rt.keepGoing = false
    super.completeStage()
  }

  override postStop(): void {
    if (this.failure !== undefined) this.result.reject(this.failure)
    else this.result.resolve(this.confirmed)
  }
}
