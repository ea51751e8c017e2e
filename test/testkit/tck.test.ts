import { describe, expect, it } from 'vitest'
import { Flow, Sink, Source } from '../../src/index.js'
import {
  verifyProcessor,
  verifyPublisher,
  verifySubscriber,
  verifySubscriberWhitebox,
  whiteboxFromSource,
  type TckCheck,
} from '../../src/testkit/index.js'
import { registerWithVitest } from '../../src/testkit/tck/vitest.js'

const publisherChecks = verifyPublisher<number>({
  createPublisher: (n) => Source.range(0, n).runWith(Sink.asPublisher<number>()),
  createFailedPublisher: () => Source.failed<number>(new Error('failed on purpose')).runWith(Sink.asPublisher<number>()),
})
const subscriberChecks = verifySubscriber<number>({
  createSubscriber: () => Source.asSubscriber<number>().to(Sink.ignore()).run(),
})
const whiteboxChecks = verifySubscriberWhitebox<number>({ createSubscriber: whiteboxFromSource(Source.asSubscriber<number>()) })
const processorChecks = verifyProcessor<number>({ createProcessor: () => Flow.create<number>().toProcessor().run() })

registerWithVitest(publisherChecks, { title: 'TCK: Source.range(...).runWith(Sink.asPublisher())' })
registerWithVitest(subscriberChecks, { title: 'TCK: Source.asSubscriber() (blackbox)' })
registerWithVitest(whiteboxChecks, { title: 'TCK: Source.asSubscriber() (whitebox)' })
registerWithVitest(processorChecks, { title: 'TCK: Flow.create().toProcessor()' })

describe('TCK coverage', () => {
  const rules = (checks: readonly TckCheck[]): Set<string> => new Set(checks.map((c) => c.rule))
  it('lists every Publisher rule 1.1-1.11 and every Subscription rule 3.1-3.17', () => {
    const seen = rules(publisherChecks)
    for (let i = 1; i <= 11; i++) expect(seen, `1.${i}`).toContain(`1.${i}`)
    for (let i = 1; i <= 17; i++) expect(seen, `3.${i}`).toContain(`3.${i}`)
  })
  it('lists every Subscriber rule 2.1-2.13', () => {
    const seen = rules([...subscriberChecks, ...whiteboxChecks])
    for (let i = 1; i <= 13; i++) expect(seen, `2.${i}`).toContain(`2.${i}`)
  })
  it('lists the Processor rules 4.1-4.2', () => {
    const seen = rules(processorChecks)
    expect(seen).toContain('4.1')
    expect(seen).toContain('4.2')
  })
})
