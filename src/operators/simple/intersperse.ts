import { flowOf, type FlowGraph, type NotUsed } from '../../core/Graph.js'
import { requireDefined } from '../../core/args.js'
import { LinearStage } from '../../core/StageLogic.js'

/** Options of {@link intersperse}. */
export interface IntersperseOptions<T> {
  /** Emitted before the first element (even when the stream is empty). */
  readonly start?: T
  /** Emitted after the last element, when upstream completes (even when the stream is empty). */
  readonly end?: T
}

/**
 * Puts `inject` between consecutive elements, and optionally `start` before and `end` after them.
 *
 * ```
 * in:  -a-----b-----c--|
 * out: -a--,--b--,--c--|    intersperse(',')
 * ```
 * - **Emits when** upstream emits (the separator first, when one is due), or for `start`/`end`
 * - **Backpressures when** downstream backpressures
 * - **Completes when** upstream completes and `end`, if any, was emitted
 * - **Fails when** upstream fails
 * - **Cancels when** downstream cancels
 *
 * @example
 * ```ts
 * await Source.from(['a', 'b']).intersperse(', ', { start: '[', end: ']' }).runCollect() // ['[', 'a', ', ', 'b', ']']
 * ```
 * @category simple
 * @since 0.1.0
 */
export function intersperse<T>(inject: T, options: IntersperseOptions<T> = {}): FlowGraph<T, T, NotUsed> {
  requireDefined('intersperse', 'inject', inject)
  return flowOf('intersperse', () => new Intersperse<T>(inject, options.start, options.end), {
    kind: 'intersperse',
    inject,
    start: options.start,
    end: options.end,
  })
}

class Intersperse<T> extends LinearStage<T, T> {
  private first = true
  private held: T | undefined = undefined // an element waiting behind its separator
  constructor(
    private readonly inject: T,
    private start: T | undefined,
    private readonly end: T | undefined,
  ) {
    super()
  }
  override onPull(): void {
    if (this.start !== undefined) {
      const s = this.start
      this.start = undefined
      this.push(this.out, s)
    } else if (this.held !== undefined) {
      const h = this.held
      this.held = undefined
      this.push(this.out, h)
      if (this.isClosed(this.in)) this.finish()
    } else this.pull(this.in)
  }
  onPush(): void {
    const elem = this.grab(this.in)
    if (this.first) {
      this.first = false
      this.push(this.out, elem)
    } else {
      this.held = elem
      this.push(this.out, this.inject)
    }
  }
  override onUpstreamFinish(): void {
    if (this.held === undefined) this.finish()
  }
  private finish(): void {
    if (this.start !== undefined) {
      // nothing was pulled yet: start and end both still to come
      const s = this.start
      this.start = undefined
      this.held = undefined
      if (this.isAvailable(this.out)) {
        this.push(this.out, s)
        if (this.end === undefined) this.completeStage()
        else this.pushThenComplete(this.out, this.end)
      } else {
        this.setHandler(this.out, {
          onPull: () => {
            this.push(this.out, s)
            if (this.end === undefined) this.completeStage()
            else this.pushThenComplete(this.out, this.end)
          },
          onDownstreamFinish: (cause) => this.cancelStage(cause),
        })
      }
    } else if (this.end !== undefined) this.pushThenComplete(this.out, this.end)
    else this.completeStage()
  }
}
