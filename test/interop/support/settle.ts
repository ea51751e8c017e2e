import { flushMicrotasks } from '../../../src/core/Scheduler.js'
import { macrotask } from '../../support/macrotask.js'

/** Lets Promise reactions, `process.nextTick` callbacks and one host turn run. */
export async function settle(turns = 1): Promise<void> {
  for (let i = 0; i < turns; i++) {
    await flushMicrotasks()
    await macrotask()
    await flushMicrotasks()
  }
}
