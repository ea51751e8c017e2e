/**
 * Runs one projection: loads its offset, runs the source through the sequence guard and the
 * delivery mode's stages, saves offsets, restarts with backoff after failures, and answers the
 * control's calls.
 *
 * @module
 * @internal
 */
import type { FlowGraph, SourceGraph } from '../../core/Graph.js'
import { defaultScheduler, type Scheduler, type TimerHandle } from '../../core/Scheduler.js'
import { Flow } from '../../dsl/Flow.js'
import { Keep } from '../../dsl/Keep.js'
import { RestartSource } from '../../dsl/RestartSource.js'
import { Sink } from '../../dsl/Sink.js'
import { Source } from '../../dsl/Source.js'
import { mapAsync } from '../../operators/async/mapAsync.js'
import { KillSwitches } from '../../operators/lifecycle/KillSwitches.js'
import type { SharedKillSwitch } from '../../operators/lifecycle/SharedKillSwitch.js'
import type { UniqueKillSwitch } from '../../operators/lifecycle/UniqueKillSwitch.js'
import type { RestartSettings } from '../../operators/restart/RestartSettings.js'
import { HandlerError, OffsetConflictError, ProjectionStoppedError } from '../errors.js'
import type { HandlerRecovery } from '../HandlerRecovery.js'
import type { Offset, OffsetEnvelope } from '../Offset.js'
import type { OffsetStore, OffsetUpdate, StoredOffset, TransactionalOffsetStore } from '../OffsetStore.js'
import type { ProjectionControl } from '../ProjectionControl.js'
import { ProjectionId } from '../ProjectionId.js'
import type { ProjectionEvent, ProjectionStatus } from '../ProjectionStatus.js'
import type { SourceProvider } from '../SourceProvider.js'
import { isThenable } from '../../operators/async/internal/thenable.js'
import { registerMetricSource } from '../../observability/metricSources.js'
import { projectionMetrics } from './projectionMetrics.js'
import { sequenceGuard, type GapPolicy } from './SequenceGuard.js'

/** How envelopes are handled and when offsets are saved (built by `Projection.*`). @internal */
export type DeliveryMode<E extends OffsetEnvelope> =
  | { readonly kind: 'atMostOnce'; readonly handler: (envelope: E) => unknown }
  | { readonly kind: 'atLeastOnce'; readonly handler: (envelope: E) => unknown; readonly afterEnvelopes: number; readonly afterDurationMs: number }
  | { readonly kind: 'atLeastOnceFlow'; readonly flow: FlowGraph<E, E, unknown>; readonly afterEnvelopes: number; readonly afterDurationMs: number }
  | { readonly kind: 'atLeastOnceGrouped'; readonly handler: (envelopes: readonly E[]) => unknown; readonly size: number; readonly withinMs: number }
  | { readonly kind: 'exactlyOnce'; readonly store: TransactionalOffsetStore<unknown>; readonly handler: (envelope: E, tx: unknown) => unknown }
  | {
      readonly kind: 'exactlyOnceGrouped'
      readonly store: TransactionalOffsetStore<unknown>
      readonly handler: (envelopes: readonly E[], tx: unknown) => unknown
      readonly size: number
      readonly withinMs: number
    }

/** Everything a runner needs. @internal */
export interface RunnerSettings<E extends OffsetEnvelope> {
  readonly id: ProjectionId
  readonly provider: SourceProvider<E>
  readonly store: OffsetStore
  readonly mode: DeliveryMode<E>
  readonly recovery: HandlerRecovery
  readonly restart: RestartSettings
  readonly gaps: GapPolicy | 'off'
  readonly scheduler: Scheduler | undefined
  readonly observers: readonly ((event: ProjectionEvent) => void)[]
}

interface CaughtUpSignal {
  isCaughtUp(): boolean
}

function hasCaughtUp(m: unknown): m is CaughtUpSignal {
  return typeof m === 'object' && m !== null && typeof (m as CaughtUpSignal).isCaughtUp === 'function'
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e))
}


/** The update a batch of processed envelopes makes: the last offset and each aggregate's last sequence number. */
function updateOf(envs: readonly OffsetEnvelope[]): OffsetUpdate {
  const sequences = new Map<string, number>()
  for (const e of envs) if (e.aggregateId !== undefined && e.sequenceNumber !== undefined) sequences.set(e.aggregateId, e.sequenceNumber)
  return { offset: envs[envs.length - 1]!.offset, sequences }
}

const NO_SEQUENCES: ReadonlyMap<string, number> = new Map()

/** How often whenCaughtUp() looks again while someone waits (ms). */
const CAUGHT_UP_POLL_MS = 20
const CAUGHT_UP_POLL_MAX_MS = 1000
/** At most how often the lag in events is counted (ms), while someone reads the status. */
const LAG_SAMPLE_MS = 1000

/** @internal */
export class ProjectionRunner<E extends OffsetEnvelope> implements ProjectionControl {
  readonly done: Promise<void>
  private resolveDone!: () => void
  private readonly scheduler: Scheduler
  private readonly observers: ((event: ProjectionEvent) => void)[]

  private state: ProjectionStatus['state'] = 'starting'
  private processed = 0
  private duplicatesDropped = 0
  private skipped = 0
  private restarts = 0
  private failedSinceStart = false
  private savedOffset: Offset | undefined = undefined
  private lastError: Error | undefined = undefined
  private lastOccurredAt: number | undefined = undefined

  // the current attempt
  private version = 0
  /**
   * Without the sequence guard no sequence numbers are saved, and the first save of a run clears
   * the window an earlier guarded run left (it would go stale: false gaps once the guard is back).
   */
  private resetSequences = false
  private attemptSwitch: SharedKillSwitch | undefined = undefined
  private outerSwitch: UniqueKillSwitch | undefined = undefined
  private subscription: CaughtUpSignal | undefined = undefined
  private received = 0
  private settled = 0
  private sourceEnded = false
  /** For sources that cannot say they are at the head: `received` when last looked, and since when. */
  private receivedWhenLooked = -1
  private unchangedSince = 0

  // requests from the control
  private stopRequested = false
  private pauseRequested = false
  private restartRequested = false
  private pausedAtLoad = false
  private resumeSignal: (() => void) | undefined = undefined
  private caughtUpWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = []
  private caughtUpTimer: TimerHandle | undefined = undefined
  private caughtUpPollMs = CAUGHT_UP_POLL_MS
  /** A backlog count is under way. */
  private lagSampling = false
  /** When the last backlog count started (scheduler time), or -Infinity. */
  private lagSampledAt = -Infinity
  private finished = false
  /** Events after the saved offset, as the provider last counted them. */
  private backlog: number | undefined = undefined
  private readonly sleeping = new Set<{ timer: TimerHandle; wake: () => void }>()
  /** Leaves the metrics registry (collectors read the status while the projection runs). */
  private readonly unregisterMetrics: () => void

  constructor(private readonly s: RunnerSettings<E>) {
    this.scheduler = s.scheduler ?? defaultScheduler
    this.observers = [...s.observers]
    this.done = new Promise((resolve) => (this.resolveDone = resolve))
    this.unregisterMetrics = registerMetricSource(projectionMetrics(s.id, () => this.status()))
    void this.loop()
  }

  // ---- the control ----------------------------------------------------------------------------

  async stop(): Promise<void> {
    this.stopRequested = true
    this.interrupt()
    this.resumeSignal?.()
    await this.done
  }

  async pause(): Promise<void> {
    this.requireRunning('pause()')
    await this.s.store.setPaused(this.s.id, true)
    this.pauseRequested = true
    this.interrupt()
    await this.until(() => this.state === 'paused' || this.state === 'stopped')
  }

  async resume(): Promise<void> {
    this.requireRunning('resume()')
    await this.s.store.setPaused(this.s.id, false)
    this.pauseRequested = false
    this.resumeSignal?.()
    await this.until(() => this.state !== 'paused')
  }

  async offset(): Promise<Offset | undefined> {
    return (await this.s.store.load(this.s.id)).offset
  }

  async setOffset(offset: Offset | undefined): Promise<void> {
    this.requireRunning(offset === undefined ? 'clearOffset()' : 'setOffset()')
    // Stop the current run first, so that no save of the old run lands after ours.
    this.restartRequested = true
    this.interrupt()
    // the loop drops outerSwitch once the run has ended, then waits for restartRequested to clear
    await this.until(() => this.outerSwitch === undefined || this.state === 'stopped')
    await this.s.store.setOffset(this.s.id, offset)
    this.savedOffset = offset
    this.restartRequested = false
    this.resumeSignal?.()
  }

  clearOffset(): Promise<void> {
    return this.setOffset(undefined)
  }

  whenCaughtUp(): Promise<void> {
    if (this.state === 'stopped') return Promise.reject(new ProjectionStoppedError(this.s.id, 'whenCaughtUp()'))
    return new Promise<void>((resolve, reject) => {
      this.caughtUpWaiters.push({ resolve, reject })
      this.caughtUpPollMs = CAUGHT_UP_POLL_MS
      this.scheduleCaughtUpCheck()
    })
  }

  status(): ProjectionStatus {
    this.sampleLag()
    const inFlight = this.received - this.settled
    const caughtUp = this.isCaughtUp()
    return {
      id: this.s.id,
      state: this.state,
      processed: this.processed,
      duplicatesDropped: this.duplicatesDropped,
      skipped: this.skipped,
      restarts: this.restarts,
      offset: this.savedOffset,
      lastError: this.lastError,
      lag: {
        events: caughtUp ? 0 : (this.backlog ?? (this.attemptSwitch === undefined && this.state !== 'running' ? undefined : inFlight)),
        ms: caughtUp ? 0 : this.lastOccurredAt === undefined ? undefined : Math.max(0, Date.now() - this.lastOccurredAt),
      },
      caughtUp,
    }
  }

  observe(observer: (event: ProjectionEvent) => void): () => void {
    this.observers.push(observer)
    return () => {
      const i = this.observers.indexOf(observer)
      if (i >= 0) this.observers.splice(i, 1)
    }
  }

  // ---- the loop -------------------------------------------------------------------------------

  private async loop(): Promise<void> {
    for (;;) {
      this.pausedAtLoad = false
      const [outer, finished] = RestartSource.onFailuresWithBackoff(this.s.restart, () => this.attempt())
        .viaMat(KillSwitches.single(), Keep.right)
        .toMat(Sink.ignore(), Keep.both)
        .run(this.runOptions())
      this.outerSwitch = outer
      let failure: unknown = undefined
      await finished.catch((e: unknown) => (failure = e === undefined ? new Error('projection failed') : e))
      this.outerSwitch = undefined
      this.attemptSwitch = undefined
      this.subscription = undefined
      if (failure !== undefined) {
        // the restarts ran out
        this.lastError = asError(failure)
        this.state = 'failed'
        this.emit({ type: 'failed', id: this.s.id, error: this.lastError, offset: undefined, aggregateId: undefined, next: 'stop' })
        break
      }
      if (this.stopRequested) break
      if (this.restartRequested) {
        await this.until(() => !this.restartRequested || this.stopRequested)
        if (this.stopRequested) break
        continue
      }
      if (this.pauseRequested || this.pausedAtLoad) {
        this.state = 'paused'
        this.emit({ type: 'paused', id: this.s.id })
        await new Promise<void>((resolve) => (this.resumeSignal = resolve))
        this.resumeSignal = undefined
        if (this.stopRequested) break
        if (!this.pauseRequested && !this.restartRequested) this.emit({ type: 'resumed', id: this.s.id })
        continue
      }
      // the source completed by itself (a finite source)
      this.sourceEnded = true
      break
    }
    this.finish()
  }

  private finish(): void {
    this.finished = true
    if (this.state !== 'failed') this.state = 'stopped'
    for (const { timer, wake } of this.sleeping) {
      this.scheduler.clearTimeout(timer)
      wake()
    }
    this.sleeping.clear()
    this.settleCaughtUpWaiters()
    if (this.caughtUpTimer !== undefined) this.scheduler.clearTimeout(this.caughtUpTimer)
    this.caughtUpTimer = undefined
    const waiters = this.caughtUpWaiters.splice(0)
    for (const w of waiters) w.reject(new ProjectionStoppedError(this.s.id, 'whenCaughtUp()'))
    this.emit({ type: 'stopped', id: this.s.id, offset: this.savedOffset })
    this.unregisterMetrics()
    this.resolveDone()
  }

  /** One run: load the offset, then source -> guard -> handler -> saves. Built anew on every (re)start. */
  private attempt(): SourceGraph<unknown, unknown> {
    return Source.fromPromise(this.s.store.load(this.s.id))
      .flatMapConcat((stored) => this.runFrom(stored))
      .mapError((e) => {
        this.onAttemptFailed(e)
        return e
      })
  }

  private runFrom(stored: StoredOffset): SourceGraph<unknown, unknown> {
    if (stored.paused || this.stopRequested || this.pauseRequested || this.restartRequested) {
      this.pausedAtLoad = stored.paused
      return Source.empty()
    }
    const afterFailure = this.failedSinceStart
    this.failedSinceStart = false
    this.version = stored.version
    this.resetSequences = this.s.gaps === 'off' && stored.sequences.size > 0
    this.savedOffset = stored.offset
    this.received = 0
    this.settled = 0
    this.sourceEnded = false
    this.state = 'running'
    const killSwitch = KillSwitches.shared(`projection ${this.s.id.name}`)
    this.attemptSwitch = killSwitch
    if (!afterFailure) this.emit({ type: 'started', id: this.s.id, offset: stored.offset })
    else {
      this.restarts++
      this.emit({ type: 'restarted', id: this.s.id, offset: stored.offset, restarts: this.restarts })
    }

    let envelopes: Source<E, unknown> = Source.fromGraph(this.s.provider.source(stored.offset))
      .mapMaterializedValue((m) => {
        this.subscription = hasCaughtUp(m) ? m : undefined
        return m
      })
      .via(killSwitch.flow<E>())
      .map((env) => {
        this.received++
        return env
      })
    if (this.s.gaps !== 'off') {
      const provider = this.s.provider
      const byId = provider.eventsById
      envelopes = envelopes.via(
        sequenceGuard<E>({
          id: this.s.id,
          last: new Map(stored.sequences),
          fromStart: stored.offset === undefined,
          gaps: this.s.gaps,
          repair:
            byId === undefined
              ? undefined
              : (aggregateId, from, to) => {
                  this.received += to - from + 1
                  return Source.fromGraph(byId.call(provider, aggregateId, from, to)).runCollect(this.runOptions(' repair'))
                },
          onDuplicate: () => {
            this.duplicatesDropped++
            this.settled++
          },
        }),
      )
    }
    return this.deliver(envelopes).watchTermination((_, done) => {
      done.then(
        () => {
          if (this.attemptSwitch === killSwitch) this.attemptSwitch = undefined
          this.scheduleCaughtUpCheck()
        },
        () => {
          if (this.attemptSwitch === killSwitch) this.attemptSwitch = undefined
        },
      )
    })
  }

  private deliver(envelopes: Source<E, unknown>): Source<number, unknown> {
    const m = this.s.mode
    switch (m.kind) {
      case 'atMostOnce':
        return envelopes.via(
          this.step('handler', async (env: E) => {
            const one = [env]
            await this.commit(one, false)
            await this.handle(env, 1, m.handler, env)
            this.processed++
            // Settled only once handled: caught up means every envelope received was handled.
            this.settle(one)
            return 1
          }),
        )
      case 'atLeastOnce':
        return envelopes
          .via(
            this.step('handler', async (env: E) => {
              await this.handle(env, 1, m.handler, env)
              this.processed++
              return env
            }),
          )
          .groupedWithin(m.afterEnvelopes, m.afterDurationMs)
          .via(this.step('save', (envs: E[]) => this.commit(envs).then(() => envs.length)))
      case 'atLeastOnceFlow':
        return envelopes
          .via(m.flow)
          .map((env) => {
            this.processed++
            return env
          })
          .groupedWithin(m.afterEnvelopes, m.afterDurationMs)
          .via(this.step('save', (envs: E[]) => this.commit(envs).then(() => envs.length)))
      case 'atLeastOnceGrouped':
        return envelopes.groupedWithin(m.size, m.withinMs).via(
          this.step('handler', async (envs: E[]) => {
            await this.handle(envs[envs.length - 1]!, envs.length, m.handler, envs)
            this.processed += envs.length
            await this.commit(envs)
            return envs.length
          }),
        )
      case 'exactlyOnce':
        return envelopes.via(
          this.step('handler', async (env: E) => {
            const one = [env]
            await this.handle(env, 1, () => this.transact(m.store, one, (tx) => m.handler(env, tx)), undefined)
            this.processed++
            await this.afterSave(one)
            return 1
          }),
        )
      case 'exactlyOnceGrouped':
        return envelopes.groupedWithin(m.size, m.withinMs).via(
          this.step('handler', async (envs: E[]) => {
            await this.handle(envs[envs.length - 1]!, envs.length, () => this.transact(m.store, envs, (tx) => m.handler(envs, tx)), undefined)
            this.processed += envs.length
            await this.afterSave(envs)
            return envs.length
          }),
        )
    }
  }

  /**
   * A `mapAsync(1, f)` named after the projection (`room-summaries handler`), so that snapshots,
   * metrics and stall reports say which step of which projection holds things up.
   */
  private step<I, O>(what: string, f: (x: I) => Promise<O>): Flow<I, O, unknown> {
    return Flow.fromGraph(mapAsync<I, O>(1, f)).named(`${ProjectionId.format(this.s.id)} ${what}`)
  }

  /** Runs the handler and the offset save in one transaction of the store; keeps the new version once committed. */
  private async transact(store: TransactionalOffsetStore<unknown>, envs: readonly E[], handler: (tx: unknown) => unknown): Promise<void> {
    const update = this.updateOf(envs)
    const expected = this.version
    const id = this.s.id
    this.version = await store.transaction((tx) => {
      const r = handler(tx)
      return isThenable(r) ? Promise.resolve(r).then(() => store.saveIn(tx, id, update, expected)) : store.saveIn(tx, id, update, expected)
    })
    this.savedOffset = update.offset
    if (update.resetSequences === true) this.resetSequences = false
  }

  /** Saves the offset of the last of `envs` (compare-and-set), then acknowledges them (and, unless told otherwise, settles them). */
  private async commit(envs: readonly E[], settle = true): Promise<void> {
    const update = this.updateOf(envs)
    this.version = await this.s.store.save(this.s.id, update, this.version)
    this.savedOffset = update.offset
    if (update.resetSequences === true) this.resetSequences = false
    await this.afterSave(envs, settle)
  }

  /** What saving `envs` writes: with the guard, the sequence numbers; without, none (and the reset, once). */
  private updateOf(envs: readonly E[]): OffsetUpdate {
    if (this.s.gaps !== 'off') return updateOf(envs)
    const offset = envs[envs.length - 1]!.offset
    return this.resetSequences ? { offset, sequences: NO_SEQUENCES, resetSequences: true } : { offset, sequences: NO_SEQUENCES }
  }

  private async afterSave(envs: readonly E[], settle = true): Promise<void> {
    let acks: Promise<void>[] | undefined
    for (const e of envs) if (typeof e.ack === 'function') (acks ??= []).push(e.ack())
    if (acks !== undefined) await Promise.all(acks)
    if (settle) this.settle(envs)
  }

  /** `envs` are done with: counts them, reports progress, and looks whether the projection caught up. */
  private settle(envs: readonly E[]): void {
    this.settled += envs.length
    const last = envs[envs.length - 1]!
    if (last.occurredAt !== undefined) this.lastOccurredAt = last.occurredAt.getTime()
    this.emit({ type: 'progress', id: this.s.id, offset: last.offset, processed: this.processed })
    this.caughtUpPollMs = CAUGHT_UP_POLL_MS
    if (this.caughtUpWaiters.length > 0) this.checkCaughtUp()
  }

  /**
   * Calls `work(arg)` under the failure strategy, for `count` envelopes ending with `last`. The
   * function and its argument are passed apart so that the per-envelope modes allocate no
   * closure or array per envelope.
   */
  private async handle<A>(last: E, count: number, work: (arg: A) => unknown, arg: A): Promise<void> {
    const r = this.s.recovery
    for (let attempt = 1; ; attempt++) {
      try {
        await work(arg)
        return
      } catch (e) {
        // A lost compare-and-set is not the handler's fault: the run restarts from what is stored.
        if (e instanceof OffsetConflictError) throw e
        const error = asError(e)
        this.lastError = error
        const retry = attempt <= r.retries && !this.stopRequested
        const skip = !retry && (r.strategy === 'skip' || r.strategy === 'retryAndSkip')
        this.emit({ type: 'failed', id: this.s.id, error, offset: last.offset, aggregateId: last.aggregateId, next: retry ? 'retry' : skip ? 'skip' : 'restart' })
        if (retry) {
          await this.sleep(r.delayMs)
          continue
        }
        if (skip) {
          this.skipped += count
          return
        }
        throw new HandlerError(this.s.id, last.offset, last.aggregateId, attempt, e)
      }
    }
  }

  private onAttemptFailed(e: unknown): void {
    const error = asError(e)
    this.attemptSwitch = undefined
    if (this.stopRequested) return
    this.lastError = error
    this.state = 'failed'
    this.failedSinceStart = true
    // handler failures were reported with their envelope already
    if (!(error instanceof HandlerError))
      this.emit({ type: 'failed', id: this.s.id, error, offset: undefined, aggregateId: undefined, next: 'restart' })
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Ends the current run gracefully: the source stops, what is in flight is handled and saved. */
  private interrupt(): void {
    if (this.attemptSwitch !== undefined) this.attemptSwitch.shutdown()
    else this.outerSwitch?.shutdown() // waiting for a restart: end the wait
    for (const { timer, wake } of this.sleeping) {
      this.scheduler.clearTimeout(timer)
      wake()
    }
    this.sleeping.clear()
  }

  private requireRunning(call: string): void {
    if (this.state === 'stopped' || this.stopRequested) throw new ProjectionStoppedError(this.s.id, call)
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: this.scheduler.setTimeout(() => {
          this.sleeping.delete(entry)
          resolve()
        }, ms),
        wake: resolve,
      }
      this.sleeping.add(entry)
    })
  }

  /** Waits until `condition` holds, looking again after every macrotask-ish turn (control calls only). */
  private async until(condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise<void>((resolve) => setTimeout(resolve, 1))
  }

  /**
   * Options of the runs the projection makes. They are named after the projection's id
   * (`room-summaries`, `room-summaries/0-255`), so `runningStreams(name)`, stall reports and
   * metrics can tell them apart; a gap repair's run adds ` repair`.
   */
  private runOptions(suffix = ''): { name: string; scheduler?: Scheduler } {
    const name = ProjectionId.format(this.s.id) + suffix
    return this.s.scheduler === undefined ? { name } : { name, scheduler: this.s.scheduler }
  }

  private isCaughtUp(): boolean {
    if (this.state !== 'running' || this.received !== this.settled) return this.sourceEnded && this.received === this.settled
    if (this.subscription !== undefined) return this.subscription.isCaughtUp()
    // A source that cannot tell: caught up once nothing arrived for a while (looked at by the
    // caught-up poll, so the per-envelope path does not read the clock) with nothing in flight.
    const now = this.scheduler.now()
    if (this.received !== this.receivedWhenLooked) {
      this.receivedWhenLooked = this.received
      this.unchangedSince = now
      return false
    }
    return now - this.unchangedSince >= 100
  }

  private checkCaughtUp(): void {
    if (this.isCaughtUp()) this.settleCaughtUpWaiters()
  }

  private settleCaughtUpWaiters(): void {
    if (!this.isCaughtUp()) return
    const waiters = this.caughtUpWaiters.splice(0)
    for (const w of waiters) w.resolve()
  }

  /**
   * Counts the events after the saved offset, when the status is read (by the caller or a metrics
   * collector) and the last count is LAG_SAMPLE_MS old: not on a timer, because the count is a
   * query over the whole backlog (at a million events, tens of milliseconds of database time a
   * second) that a projection nobody watches would pay for nothing. The status reports the
   * previous count until the new one arrives.
   */
  private sampleLag(): void {
    const backlog = this.s.provider.backlog
    if (backlog === undefined || this.lagSampling || this.finished) return
    const now = this.scheduler.now()
    if (now - this.lagSampledAt < LAG_SAMPLE_MS) return
    this.lagSampling = true
    this.lagSampledAt = now
    let counted: Promise<number>
    try {
      counted = backlog.call(this.s.provider, this.savedOffset)
    } catch (e) {
      counted = Promise.reject(e)
    }
    counted.then(
      (n) => {
        this.lagSampling = false
        if (!this.finished) this.backlog = n
      },
      () => {
        // the next read tries again; the run itself reports database failures
        this.lagSampling = false
        this.backlog = undefined
      },
    )
  }

  /**
   * Looks again while someone waits: the subscription may reach the head after the last save,
   * and nothing else would tell. The interval doubles (20 ms up to 1 s) while nothing is saved,
   * so a long wait (a backoff, a retry delay) costs few wake-ups, in real and in virtual time.
   */
  private scheduleCaughtUpCheck(): void {
    if (this.caughtUpTimer !== undefined || this.caughtUpWaiters.length === 0) return
    this.caughtUpTimer = this.scheduler.setTimeout(() => {
      this.caughtUpTimer = undefined
      this.checkCaughtUp()
      this.caughtUpPollMs = Math.min(CAUGHT_UP_POLL_MAX_MS, this.caughtUpPollMs * 2)
      this.scheduleCaughtUpCheck()
    }, this.caughtUpPollMs)
  }

  private emit(event: ProjectionEvent): void {
    for (const o of this.observers) {
      try {
        o(event)
      } catch {
        // an observer's failure must not stop the projection
      }
    }
  }
}
