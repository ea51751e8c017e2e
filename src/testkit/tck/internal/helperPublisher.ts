/**
 * A small, correct Publisher the TCK feeds Processors with: it honours demand, never re-enters
 * onNext from request (a trampoline), validates request(n) (§3.9) and stops on cancel.
 *
 * @internal
 */
import { addDemand, isValidRequest, rules } from '../../../spec/rules.js'
import type { Publisher, Subscriber } from '../../../spec/types.js'

export function helperPublisher<T>(count: number, element: (i: number) => T, failWith?: unknown): Publisher<T> {
  return {
    subscribe(subscriber: Subscriber<T>) {
      if (subscriber === null || subscriber === undefined) throw rules.nullSubscriber('helperPublisher')
      let demand = 0
      let next = 0
      let done = false
      let emitting = false
      const stop = (): void => {
        done = true
      }
      const drain = (): void => {
        if (emitting) return
        emitting = true
        try {
          while (!done && demand > 0 && next < count) {
            demand--
            subscriber.onNext(element(next++))
          }
          if (!done && next >= count && count !== Number.MAX_SAFE_INTEGER) {
            stop()
            subscriber.onComplete()
          }
        } finally {
          emitting = false
        }
      }
      subscriber.onSubscribe({
        request(n: number) {
          if (done || failWith !== undefined) return
          if (!isValidRequest(n)) {
            stop()
            subscriber.onError(rules.nonPositiveRequest(n))
            return
          }
          demand = addDemand(demand, n)
          drain()
        },
        cancel() {
          stop()
        },
      })
      if (failWith !== undefined) {
        if (!done) {
          stop()
          subscriber.onError(failWith)
        }
        return
      }
      if (count === 0) drain()
    },
  }
}
