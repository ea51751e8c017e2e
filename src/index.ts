/**
 * sluice: demand-driven streams for TypeScript.
 *
 * @example
 * ```ts
 * import { Source } from 'sluice'
 * await Source.range(1, 5).map((x) => x * x).runCollect() // [1, 4, 9, 16, 25]
 * ```
 * @module
 */
export * from './dsl/index.js'
export * from './core/index.js'
export type { Publisher, Subscriber, Subscription, Processor } from './spec/types.js'
export { SpecViolationError } from './spec/rules.js'
// ---- interop ----
export * from './interop/index.js'
