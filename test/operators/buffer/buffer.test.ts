import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BufferOverflowError, Flow, Source } from '../../../src/index.js'
import { buffer, type OverflowStrategy } from '../../../src/operators/buffer/buffer.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { expectBuildError, flowCleanup, ints, probeFlow, RUNS } from '../../support/operators.js'
import { checkAgainstModel, scripts, type StageModel } from '../../support/probeModel.js'

const strategies: OverflowStrategy[] = ['backpressure', 'dropHead', 'dropTail', 'dropBuffer', 'dropNew', 'fail']

/** Pekko's buffer, as a model: what it holds, what it drops, when it asks upstream. */
class BufferModel implements StageModel<number> {
  readonly out: number[] = []
  failed = false
  private readonly q: number[] = []
  private demand = 0
  maxHeld = 0
  constructor(
    private readonly size: number,
    private readonly strategy: OverflowStrategy,
  ) {}
  upstreamPulled(): boolean {
    return !this.failed && (this.strategy !== 'backpressure' || this.q.length < this.size)
  }
  send(x: number): void {
    if (this.demand > 0) {
      this.out.push(x)
      this.demand--
      return
    }
    if (this.q.length < this.size) this.q.push(x)
    else
      switch (this.strategy) {
        case 'dropHead':
          this.q.shift()
          this.q.push(x)
          break
        case 'dropTail':
          this.q.pop()
          this.q.push(x)
          break
        case 'dropBuffer':
          this.q.length = 0
          this.q.push(x)
          break
        case 'dropNew':
          break
        case 'fail':
          this.failed = true
          break
        case 'backpressure':
          throw new Error('model: sent to a full backpressuring buffer')
      }
    this.maxHeld = Math.max(this.maxHeld, this.q.length)
  }
  request(): void {
    this.demand++
    if (this.q.length > 0) {
      this.out.push(this.q.shift()!)
      this.demand--
    }
  }
  drain(): number[] {
    return this.q.splice(0)
  }
}

describe('buffer', () => {
  it('keeps the demand contract under every strategy', async () => {
    for (const s of strategies) await demandInvariant(() => buffer<number>(3, s), { input: ints(), numRuns: 20 })
  })

  it('with backpressure, emits what it received (Array identity)', () =>
    equivalentTo(() => buffer<number>(2, 'backpressure'), (xs) => xs, { input: ints(), numRuns: RUNS }))

  it('never holds more than size and drops exactly what its strategy says', () =>
    fc.assert(
      fc.asyncProperty(fc.constantFrom(...strategies), fc.integer({ min: 1, max: 4 }), scripts(), async (strategy, size, script) => {
        const model = new BufferModel(size, strategy)
        await checkAgainstModel(buffer<number>(size, strategy), model, script)
        expect(model.maxHeld).toBeLessThanOrEqual(size)
      }),
      { numRuns: 120 },
    ))

  it('rejects bad arguments at build time', () => {
    expectBuildError(() => buffer(0, 'dropHead'), RangeError, 'buffer(size): expected a positive integer, got 0')
    expectBuildError(
      () => buffer(2, 'dropOld' as never),
      TypeError,
      `buffer(strategy): expected one of 'backpressure', 'dropHead', 'dropTail', 'dropBuffer', 'dropNew', 'fail', got "dropOld"`,
    )
  })

  it('completes an empty stream, and completes after the buffered elements', async () => {
    expect(await Source.empty<number>().buffer(2, 'dropHead').runCollect()).toEqual([])
    const [src, sink] = probeFlow(Flow.create<number>().buffer(4, 'backpressure'))
    src.sendNext(1).sendNext(2).sendComplete()
    await sink.expectNoMessage(10)
    sink.request(5)
    await sink.expectNext(1, 2)
    await sink.expectComplete()
  })

  it("fails with a BufferOverflowError under 'fail'", async () => {
    const [src, sink] = probeFlow(Flow.create<number>().buffer(1, 'fail'))
    src.sendNext(1).sendNext(2)
    const err = await sink.expectError(BufferOverflowError)
    expect((err as Error).message).toBe('buffer: buffer of 1 element(s) overflowed')
  })

  it('fails with an upstream failure, dropping what it holds', async () => {
    const boom = new Error('up')
    const [src, sink] = probeFlow(Flow.create<number>().buffer(4, 'dropHead'))
    src.sendNext(1).sendError(boom)
    expect(await sink.expectError()).toBe(boom)
  })

  it('cancels upstream when downstream cancels', async () => {
    const [src, sink] = probeFlow(Flow.create<number>().buffer(4, 'dropHead'))
    src.sendNext(1)
    sink.cancel()
    await src.expectCancellation()
  })

  it('leaves nothing behind after completion, failure and cancel', async () => {
    for (const s of strategies) await flowCleanup(() => buffer<number>(2, s), [1, 2, 3])
  })
})
