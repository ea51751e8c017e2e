import { requireFunction } from '../../core/args.js'
import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { LinearStage } from '../../core/StageLogic.js'

/** Where {@link log} writes; `console` fits. */
export interface Logger {
  debug(message: string, ...rest: unknown[]): void
  error(message: string, ...rest: unknown[]): void
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

class Log<T> extends LinearStage<T, T> {
  constructor(
    private readonly label: string,
    private readonly extract: (x: T) => unknown,
    private readonly logger: Logger,
  ) {
    super()
  }
  onPush(): void {
    const elem = this.grab(this.in)
    this.logger.debug(`[${this.label}] element: ${String(this.extract(elem))}`)
    this.push(this.out, elem)
  }
  override onUpstreamFinish(): void {
    this.logger.debug(`[${this.label}] upstream finished`)
    super.onUpstreamFinish()
  }
  override onUpstreamFailure(error: unknown): void {
    this.logger.error(`[${this.label}] upstream failed`, error)
    super.onUpstreamFailure(error)
  }
  override onDownstreamFinish(cause: unknown): void {
    this.logger.debug(`[${this.label}] downstream cancelled`)
    super.onDownstreamFinish(cause)
  }
}
