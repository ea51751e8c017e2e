/**
 * What `RestartSource`, `RestartFlow` and `RestartSink` share: counting restarts, backing off on
 * the stage's scheduler, and treating a throwing factory like a failed inner stream.
 *
 * @module
 */
import { StageLogic } from '../../../core/StageLogic.js'
import { backoffDelay, type Backoff } from './backoff.js'

const RESTART = 'restart'

/** @internal */
export abstract class RestartStage extends StageLogic {
  private restartCount = 0
  private resetDeadline = 0
  private starting = false
  /** True while waiting for the restart timer. */
  protected backingOff = false
  /** Upstream or downstream of the whole stage ended: the inner stream's end is final. */
  protected finishing = false

  constructor(protected readonly backoff: Backoff) {
    super()
  }

  /** Builds and runs the inner stream (calls the user's factory). */
  protected abstract startInner(): void
  /** The inner stream failed (or its factory threw) and will not be restarted. */
  protected abstract innerFailedFinally(error: unknown): void

  /**
   * The first start runs as a callback right after `preStart`: materializing a substream from
   * inside `preStart` would have its stages started twice (see the report on `Interpreter.start`).
   */
  private readonly firstStart = this.getAsyncCallback<void>(() => this.start())

  override preStart(): void {
    this.firstStart()
  }

  override onTimer(key: unknown): void {
    if (key === RESTART) this.start()
  }

  override onHandlerError(error: unknown): boolean {
    if (!this.starting) return false
    // The factory (or building the inner graph) threw: that is one more failure of the inner stream.
    this.starting = false
    this.innerFailed(error)
    return true
  }

  /** The inner stream completed: restart, unless that was its last permitted end. */
  protected innerCompleted(onlyOnFailures: boolean): boolean {
    if (this.finishing || onlyOnFailures || this.maxRestartsReached()) return false
    this.scheduleRestart()
    return true
  }

  /** The inner stream failed: restart, or fail for good. */
  protected innerFailed(error: unknown): void {
    if (this.finishing || this.maxRestartsReached()) return this.innerFailedFinally(error)
    this.scheduleRestart()
  }

  private start(): void {
    this.backingOff = false
    this.resetDeadline = this.scheduler.now() + this.backoff.withinMs
    this.starting = true
    this.startInner()
    this.starting = false
  }

  private maxRestartsReached(): boolean {
    if (this.scheduler.now() > this.resetDeadline) this.restartCount = 0 // it ran long enough: start counting anew
    return this.restartCount >= this.backoff.maxRestarts
  }

  private scheduleRestart(): void {
    this.backingOff = true
    this.scheduleOnce(RESTART, backoffDelay(this.backoff, this.restartCount, Math.random()))
    this.restartCount++
  }
}
