export type { Publisher, Subscriber, Subscription, Processor } from './types.js'
export { UNBOUNDED, SpecViolationError, rules, addDemand, isValidRequest } from './rules.js'
