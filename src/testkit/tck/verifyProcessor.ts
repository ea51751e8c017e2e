/**
 * The Processor part of the Reactive Streams TCK: a Processor obeys the Publisher rules on its
 * output side, the Subscriber rules on its input side, and passes demand and failures through.
 *
 * @module
 */
import type { Processor, Publisher, Subscriber } from '../../spec/types.js'
import { show } from '../internal/deepEqual.js'
import { TestkitAssertionError } from '../TestkitAssertionError.js'
import { helperPublisher } from './internal/helperPublisher.js'
import { ManualSubscriber } from './internal/ManualSubscriber.js'
import { ManualSubscription } from './internal/ManualSubscription.js'
import { tckEnv, untested, type TckCheck, type TckOptions } from './TckCheck.js'
import { verifyPublisher } from './verifyPublisher.js'
import { verifySubscriber } from './verifySubscriber.js'

/**
 * What {@link verifyProcessor} needs.
 *
 * @category testkit
 * @since 0.1.0
 */
export interface ProcessorTckOptions<T> extends TckOptions {
  /** A fresh identity Processor (what comes in goes out unchanged) for each check. */
  createProcessor(): Processor<T, T>
  /** The `i`-th element (default: `i` itself, for numbers). */
  createElement?(i: number): T
  /** A Publisher of `n` elements to feed the Processor with (default: a small correct one of the TCK's, of `createElement(i)`). */
  createHelperPublisher?(n: number): Publisher<T>
  /** As in {@link verifyPublisher}. */
  readonly maxElementsFromPublisher?: number
  readonly boundedRecursionDepth?: number
  readonly maxSupportedSubscribers?: number
}

const quiet: Subscriber<unknown> = { onSubscribe: (s) => s.request(1), onNext() {}, onError() {}, onComplete() {} }

/**
 * Checks a Processor: every {@link verifyPublisher} check on its output (fed by a helper
 * Publisher), every {@link verifySubscriber} check on its input, and the Processor rules (§4):
 * demand from downstream reaches upstream, elements pass through, and an upstream failure
 * reaches downstream.
 *
 * @example
 * ```ts
 * const checks = verifyProcessor({ createProcessor: () => Flow.create<number>().toProcessor().run() })
 * ```
 * @see {@link verifyPublisher}, {@link verifySubscriber}
 * @category testkit
 * @since 0.1.0
 */
export function verifyProcessor<T>(options: ProcessorTckOptions<T>): TckCheck[] {
  const env = tckEnv(options)
  const element = options.createElement?.bind(options) ?? ((i: number) => i as unknown as T)
  const helper = (n: number): Publisher<T> => options.createHelperPublisher?.(n) ?? helperPublisher(n, element)
  const timing = {
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.noSignalMs !== undefined ? { noSignalMs: options.noSignalMs } : {}),
    ...(options.scheduler !== undefined ? { scheduler: options.scheduler } : {}),
  }
  const publisherChecks = verifyPublisher<T>({
    ...timing,
    createPublisher: (n) => {
      const processor = options.createProcessor()
      helper(n).subscribe(processor)
      return processor
    },
    createFailedPublisher: () => {
      const processor = options.createProcessor()
      helperPublisher(0, element, new Error('TCK: upstream failure')).subscribe(processor)
      return processor
    },
    ...(options.maxElementsFromPublisher !== undefined ? { maxElementsFromPublisher: options.maxElementsFromPublisher } : {}),
    ...(options.boundedRecursionDepth !== undefined ? { boundedRecursionDepth: options.boundedRecursionDepth } : {}),
    ...(options.maxSupportedSubscribers !== undefined ? { maxSupportedSubscribers: options.maxSupportedSubscribers } : {}),
  }).map((c) => ({ ...c, name: `publisher side: ${c.name}` }))
  const subscriberChecks = verifySubscriber<T>({
    ...timing,
    createSubscriber: () => options.createProcessor(),
    triggerRequest: (s) => (s as Processor<T, T>).subscribe(quiet as Subscriber<T>),
    createElement: element,
  }).map((c) => ({ ...c, name: `subscriber side: ${c.name}` }))

  const own: TckCheck[] = [
    {
      rule: '4.1',
      name: 'passes demand from downstream to upstream and elements from upstream to downstream',
      kind: 'required',
      run: async () => {
        const processor = options.createProcessor()
        const up = new ManualSubscription<T>(env, processor, 'upstream Subscription')
        const down = new ManualSubscriber<T>(env)
        up.sendSubscribe()
        processor.subscribe(down.subscriber)
        await down.expectSubscription('1.9')
        down.request(1)
        await up.expectTotalRequested('4.1', 1)
        const x = element(0)
        up.sendNext(x)
        const got = await down.expectNext('4.1')
        if (show(got) !== show(x)) throw new TestkitAssertionError(`§4.1: an identity Processor turned ${show(x)} into ${show(got)}`, x, got)
        up.sendComplete()
        await down.expectComplete('4.1')
        up.assertNoViolations()
        down.assertNoViolations()
      },
    },
    {
      rule: '4.2',
      name: 'propagates an upstream onError to its Subscriber',
      kind: 'required',
      run: async () => {
        const processor = options.createProcessor()
        const up = new ManualSubscription<T>(env, processor, 'upstream Subscription')
        const down = new ManualSubscriber<T>(env)
        up.sendSubscribe()
        processor.subscribe(down.subscriber)
        await down.expectSubscription('1.9')
        down.request(1)
        await up.expectTotalRequested('4.2', 1)
        up.sendNext(element(0))
        await down.expectNext('4.2')
        down.request(1)
        const boom = new Error('TCK: upstream failure')
        up.sendError(boom)
        const got = await down.expectError('4.2')
        if (got !== boom) throw new TestkitAssertionError(`§4.2: the Processor signalled onError(${show(got)}) instead of the upstream error`, boom, got)
        up.assertNoViolations()
        down.assertNoViolations()
      },
    },
    untested('4.2', 'may recover from onError, then considers the Subscription cancelled', 'recovering is the Processor\u2019s choice; an identity Processor propagates'),
  ]
  return [...publisherChecks, ...subscriberChecks, ...own]
}
