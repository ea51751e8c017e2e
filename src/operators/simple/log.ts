import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/** Where {@link log} writes; `console` fits. */
export interface Logger {
  debug(message: string, ...rest: unknown[]): void
  error(message: string, ...rest: unknown[]): void
  /** Used at level `'info'` when present (otherwise `debug`). */
  info?(message: string, ...rest: unknown[]): void
  /** Used at level `'warn'` when present (otherwise `error`). */
  warn?(message: string, ...rest: unknown[]): void
}

/** Options of {@link log}. */
export interface LogOptions<T> {
  /** What to log of each element (default: the element). */
  readonly extract?: (x: T) => unknown
  /** Where to log (default: `console`). */
  readonly logger?: Logger
}

/**
 * Logs elements, completion, failure and cancellation under `name`, and passes elements on unchanged.
 * Elements, completion and cancellation are logged at the level of the `logLevel` attribute
 * (default `'debug'`), failures at `'error'`; `logLevel: 'off'` silences it:
 * `source.log('n').withAttributes({ logLevel: 'info' })`.
 *
 * ```
 * in:  -1--2--|
 * out: -1--2--|      log('numbers')
 * ```
 * - **Emits when** upstream emits
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes
 * - **Fails when** upstream fails
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * const lines: string[] = []
 * const logger = { debug: (m: string) => lines.push(m), error: (m: string) => lines.push(m) }
 * await Source.range(1, 2).log('n', { logger }).runCollect()
 * // lines: ['[n] element: 1', '[n] element: 2', '[n] upstream finished']
 * ```
 * @category simple
 * @since 0.1.0
 */
export function log<T>(name: string, options: LogOptions<T> = {}): FlowGraph<T, T, NotUsed> {
  if (typeof name !== 'string') throw new TypeError(`log(name): expected a string, got ${name === null ? 'null' : typeof name}`)
  const extract = options.extract ?? ((x: T) => x)
  requireFunction('log', 'extract', extract)
  const logger = options.logger ?? console
  if (typeof logger !== 'object' || logger === null || typeof logger.debug !== 'function' || typeof logger.error !== 'function')
    throw new TypeError('log(logger): expected an object with debug and error methods')
  return flowOf('log', () => new Log(name, extract, logger))
}

type Write = ((message: string, ...rest: unknown[]) => void) | null

class Log<T> extends LinearStage<T, T> {
  /** Where elements, completion and cancellation go, and where failures go; `null` when the level is `'off'`. Chosen at start from the `logLevel` attribute. */
  private write: Write = null
  private writeError: Write = null
  constructor(
    private readonly label: string,
    private readonly extract: (x: T) => unknown,
    private readonly logger: Logger,
  ) {
    super()
  }
  override preStart(): void {
    const l = this.logger
    const level = this.attributes.logLevel ?? 'debug'
    if (level === 'off') return
    this.writeError = l.error.bind(l)
    this.write =
      level === 'info' ? (l.info ?? l.debug).bind(l) : level === 'warn' ? (l.warn ?? l.error).bind(l) : level === 'error' ? l.error.bind(l) : l.debug.bind(l)
  }
  onPush(): void {
    const elem = this.grab(this.in)
    if (this.write !== null) this.write(`[${this.label}] element: ${String(this.extract(elem))}`)
    this.push(this.out, elem)
  }
  override onUpstreamFinish(): void {
    if (this.write !== null) this.write(`[${this.label}] upstream finished`)
    super.onUpstreamFinish()
  }
  override onUpstreamFailure(error: unknown): void {
    if (this.writeError !== null) this.writeError(`[${this.label}] upstream failed`, error)
    super.onUpstreamFailure(error)
  }
  override onDownstreamFinish(cause: unknown): void {
    if (this.write !== null) this.write(`[${this.label}] downstream cancelled`)
    super.onDownstreamFinish(cause)
  }
}
