import { describe, expect, it } from 'vitest'
import { failedStage, Source } from '../../../src/index.js'
import { log, type Logger } from '../../../src/operators/simple/log.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'

/** A logger that keeps its lines. */
function recorder(): Logger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    debug: (m: string) => void lines.push(m),
    error: (m: string, ...rest: unknown[]) => void lines.push(`${m} ${rest.map((r) => (r instanceof Error ? r.message : String(r))).join(' ')}`),
  }
}
const quiet = (): Logger => ({ debug() {}, error() {} })

describe('log', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel', () =>
      demandInvariant(() => log<number>('n', { logger: quiet() }), { input: ints(), numRuns: RUNS }))
  })

  describe('model', () => {
    it('passes elements on unchanged (a prefix when cancelled)', () =>
      equivalentTo(() => log<number>('n', { logger: quiet() }), (xs) => xs, { input: ints(), numRuns: RUNS }))

    it('logs each element, then completion', async () => {
      const logger = recorder()
      await Source.from([1, 2]).log('n', { logger, extract: (x) => x * 10 }).runCollect()
      expect(logger.lines).toEqual(['[n] element: 10', '[n] element: 20', '[n] upstream finished'])
    })
  })

  describe('edges', () => {
    it('logs at the level of the logLevel attribute, failures at error, nothing when off', async () => {
      const byLevel = (): Logger & { seen: string[] } => {
        const seen: string[] = []
        const at = (level: string) => (m: string) => void seen.push(`${level} ${m}`)
        return { seen, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
      }
      const info = byLevel()
      await Source.single(1).log('n', { logger: info }).withAttributes({ logLevel: 'info' }).runCollect()
      expect(info.seen).toEqual(['info [n] element: 1', 'info [n] upstream finished'])
      const warn = byLevel()
      await Source.failed(new Error('x')).log('n', { logger: warn }).withAttributes({ logLevel: 'warn' }).runCollect().catch(() => {})
      expect(warn.seen).toEqual(['error [n] upstream failed'])
      const off = byLevel()
      await Source.single(1).concat(Source.failed(new Error('x'))).log('n', { logger: off }).withAttributes({ logLevel: 'off' }).runCollect().catch(() => {})
      expect(off.seen).toEqual([])
      // a logger without info falls back to debug; the default level is debug
      const plain = recorder()
      await Source.single(1).log('n', { logger: plain }).withAttributes({ logLevel: 'info' }).take(1).runCollect()
      expect(plain.lines[0]).toBe('[n] element: 1')
    })

    it('completes an empty stream without any demand, logging the completion', async () => {
      const logger = recorder()
      const [up, down] = probeFlow(log<number>('e', { logger }))
      up.sendComplete()
      await down.expectSubscriptionAndComplete()
      expect(logger.lines).toEqual(['[e] upstream finished'])
    })

    it('rejects bad arguments at build time', () => {
      expectBuildError(() => log(42 as never), TypeError, 'log(name): expected a string, got number')
      expectBuildError(() => log('n', { extract: 1 as never }), TypeError, 'log(extract): expected a function, got 1')
      expectBuildError(() => log('n', { logger: {} as never }), TypeError, 'log(logger): expected an object with debug and error methods')
      expectBuildError(() => Source.single(1).log(null as never), TypeError, 'log(name): expected a string, got null')
    })

    it('logs and passes an upstream failure on', async () => {
      const boom = new Error('boom')
      const logger = recorder()
      const [up, down] = probeFlow(log<number>('f', { logger }))
      down.request(1)
      up.sendError(boom)
      await down.expectError(boom)
      expect(logger.lines).toEqual(['[f] upstream failed boom'])
    })

    it('logs a downstream cancel mid-stream and cancels upstream', async () => {
      const logger = recorder()
      const [up, down] = probeFlow(log<number>('c', { logger }))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      down.cancel()
      await up.expectCancellation()
      expect(logger.lines).toEqual(['[c] element: 1', '[c] downstream cancelled'])
    })

    it('completes with no demand outstanding', async () => {
      const [up, down] = probeFlow(log<number>('n', { logger: quiet() }))
      down.request(1)
      up.sendNext(1)
      await down.expectNext(1)
      up.sendComplete()
      await down.expectComplete()
    })

    it('fails with the error extract threw, naming log, and cancels upstream', async () => {
      const boom = new Error('cannot show')
      const [up, down] = probeFlow(
        log<number>('x', {
          logger: quiet(),
          extract: () => {
            throw boom
          },
        }),
      )
      down.request(1)
      up.sendNext(1)
      const err = await down.expectError(boom)
      expect(failedStage(err)?.stage).toBe('log')
      await up.expectCancellation()
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases the upstream iterator after completion, failure and cancel', () =>
      flowCleanup(() => log<number>('n', { logger: quiet() }), [1, 2, 3]))
  })
})
