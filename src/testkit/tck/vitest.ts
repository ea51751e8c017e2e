/**
 * Registers TCK checks as vitest tests. The only testkit module that imports vitest.
 *
 * @module
 */
import { describe, it } from 'vitest'
import { TckSkip, type TckCheck } from './TckCheck.js'

/**
 * Registers each check as a vitest test named after its rule: required and optional checks run
 * (a {@link TckSkip} marks the test skipped), untested rules appear as skipped tests with the
 * reason, so that a report lists every rule.
 *
 * @example
 * ```ts
 * import { registerWithVitest } from 'sluice/testkit/vitest'
 * registerWithVitest(verifyPublisher({ createPublisher: (n) => Source.range(0, n).runWith(Sink.asPublisher()) }), { title: 'asPublisher' })
 * ```
 * @category testkit
 * @since 0.1.0
 */
export function registerWithVitest(checks: readonly TckCheck[], options: { readonly title?: string } = {}): void {
  const register = (): void => {
    for (const check of checks) {
      const name = `§${check.rule} ${check.name}${check.kind === 'optional' ? ' (optional)' : ''}`
      if (check.kind === 'untested') {
        it.skip(`${name} (untested: ${check.reason ?? 'not observable'})`, () => {})
        continue
      }
      it(name, async (ctx) => {
        try {
          await check.run()
        } catch (e) {
          if (e instanceof TckSkip) {
            ctx.skip(e.message)
            return
          }
          throw e
        }
      })
    }
  }
  if (options.title !== undefined) describe(options.title, register)
  else register()
}
