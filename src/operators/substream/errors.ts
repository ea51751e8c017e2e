/**
 * The typed failures of the substream operators.
 *
 * @module
 */

/**
 * `groupBy` saw a new key while `maxSubstreams` substreams were already open, under the default
 * `{ overflow: 'fail' }` policy. Names the operator and the limit.
 *
 * @example
 * ```ts
 * const err = await Source.range(0, 10)
 *   .groupBy(2, (x) => x % 3)
 *   .mergeSubstreams()
 *   .runCollect()
 *   .catch((e: unknown) => e)
 * err instanceof TooManySubstreamsError // true; 3 keys, limit 2
 * ```
 * @category substream
 * @since 0.1.0
 */
export class TooManySubstreamsError extends Error {
  override readonly name = 'TooManySubstreamsError'
  constructor(
    readonly operator: string,
    readonly maxSubstreams: number,
  ) {
    super(
      `${operator}(maxSubstreams): a new key would open substream number ${maxSubstreams + 1} but maxSubstreams is ${maxSubstreams}; ` +
        `raise the limit, or pass { overflow: 'backpressure' } to wait until a substream closes`,
    )
  }
}

/**
 * A substream `Source` handed out by an operator (`prefixAndTail`'s tail, a raw `groupBy` or
 * `splitWhen` substream) was not run within its subscription timeout, so the operator gave up on
 * it. Running it afterwards fails with this error.
 *
 * @category substream
 * @since 0.1.0
 */
export class SubstreamTimeoutError extends Error {
  override readonly name = 'SubstreamTimeoutError'
  constructor(
    readonly operator: string,
    readonly timeoutMs: number,
  ) {
    super(`${operator}: the substream Source was not run within ${timeoutMs} ms, so it was cancelled`)
  }
}
