/**
 * The error a failed probe expectation throws.
 *
 * @module
 */

/**
 * A probe expectation was not met. The message says what was expected, what arrived instead (or
 * that nothing did) and after how long; `expected` and `actual` let test runners show a diff.
 * Its `name` is `'AssertionError'`, as runners expect.
 *
 * @category testkit
 * @since 0.1.0
 */
export class TestkitAssertionError extends Error {
  override readonly name = 'AssertionError'
  /** Runners (vitest, jest) show a diff of `expected` and `actual` when this is true. */
  readonly showDiff: boolean
  constructor(
    message: string,
    readonly expected?: unknown,
    readonly actual?: unknown,
  ) {
    super(message)
    this.showDiff = expected !== undefined || actual !== undefined
  }
}
