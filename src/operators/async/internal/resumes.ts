/**
 * Supervision of rejected Promises in the async family: the runtime supervises what a handler
 * throws, but a rejection arrives later, in a callback, so these stages ask the decider
 * themselves.
 *
 * @module
 */
import type { Attributes } from '../../../core/Attributes.js'

/**
 * True when the stage's supervision decider (from `withSupervision` or the `supervision`
 * attribute) says to go on after `error`: `'resume'` or `'restart'` (the same for a stage that
 * keeps no state between elements: the element is dropped). A throwing decider fails the stage
 * with its own error, as for synchronous errors.
 *
 * @internal
 */
export function resumes(attributes: Attributes, error: unknown): boolean {
  const decider = attributes.supervision
  if (decider === undefined) return false
  const decision = decider(error)
  return decision === 'resume' || decision === 'restart'
}
