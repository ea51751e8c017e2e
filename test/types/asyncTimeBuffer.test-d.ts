/**
 * Type inference through the async, time and buffer operators (vitest typecheck; also checked by
 * `npm run typecheck`).
 */
import { describe, expectTypeOf, it } from 'vitest'
import { Flow, Keep, Sink, Source, type Cancellable, type NotUsed } from '../../src/index.js'

describe('async operators', () => {
  const numbers = Source.range(1, 3)
  it('unwrap Promise results and drop null/undefined from the element type', () => {
    expectTypeOf(numbers.mapAsync(2, async (x) => `${x}`)).toEqualTypeOf<Source<string, NotUsed>>()
    expectTypeOf(numbers.mapAsync(2, (x) => x * 2)).toEqualTypeOf<Source<number, NotUsed>>()
    expectTypeOf(numbers.mapAsync(2, async (x) => (x > 1 ? { x } : undefined))).toEqualTypeOf<Source<{ x: number }, NotUsed>>()
    expectTypeOf(numbers.mapAsyncUnordered(2, (x) => Promise.resolve([x]))).toEqualTypeOf<Source<number[], NotUsed>>()
    expectTypeOf(numbers.mapAsyncPartitioned(2, (x) => x % 2 === 0, async (x, even) => ({ x, even }))).toEqualTypeOf<
      Source<{ x: number; even: boolean }, NotUsed>
    >()
    expectTypeOf(numbers.filterAsync(2, async (x) => x > 1)).toEqualTypeOf<Source<number, NotUsed>>()
    expectTypeOf(numbers.foldAsync('', async (acc, x) => acc + x)).toEqualTypeOf<Source<string, NotUsed>>()
  })
  it('keep the input type of a Flow', () => {
    expectTypeOf(Flow.create<string>().mapAsync(1, async (s) => s.length)).toEqualTypeOf<Flow<string, number, NotUsed>>()
  })
})

describe('buffer operators', () => {
  const numbers = Source.range(1, 3)
  it('infer aggregate and derived types', () => {
    expectTypeOf(numbers.buffer(4, 'dropHead')).toEqualTypeOf<Source<number, NotUsed>>()
    expectTypeOf(numbers.conflate((a, b) => a + b)).toEqualTypeOf<Source<number, NotUsed>>()
    expectTypeOf(numbers.conflateWithSeed((x) => [x], (acc, x) => [...acc, x])).toEqualTypeOf<Source<number[], NotUsed>>()
    expectTypeOf(numbers.batch(10, (x) => new Set([x]), (s, x) => s.add(x))).toEqualTypeOf<Source<Set<number>, NotUsed>>()
    expectTypeOf(numbers.batchWeighted(10, (x) => x, (x) => `${x}`, (s, x) => s + x)).toEqualTypeOf<Source<string, NotUsed>>()
    expectTypeOf(numbers.expand((x) => [`${x}`])).toEqualTypeOf<Source<string, NotUsed>>()
    expectTypeOf(numbers.extrapolate((x) => [x + 1], 0)).toEqualTypeOf<Source<number, NotUsed>>()
  })
})

describe('time operators', () => {
  const numbers = Source.range(1, 3)
  it('keep the element type, group into arrays, widen with keepAlive', () => {
    expectTypeOf(numbers.throttle(1, '1s', { cost: (x) => x })).toEqualTypeOf<Source<number, NotUsed>>()
    expectTypeOf(numbers.delay(10).delayWith(() => (x) => x).debounce('1s').sample(5)).toEqualTypeOf<Source<number, NotUsed>>()
    expectTypeOf(numbers.groupedWithin(10, '1s')).toEqualTypeOf<Source<number[], NotUsed>>()
    expectTypeOf(numbers.groupedWeightedWithin(10, '1s', (x) => x)).toEqualTypeOf<Source<number[], NotUsed>>()
    expectTypeOf(numbers.keepAlive('1s', () => 'ping' as const)).toEqualTypeOf<Source<number | 'ping', NotUsed>>()
    expectTypeOf(numbers.idleTimeout(1).completionTimeout(1).initialTimeout(1).backpressureTimeout(1)).toEqualTypeOf<Source<number, NotUsed>>()
    expectTypeOf(numbers.takeWithin('1m').dropWithin('1h').initialDelay('250ms')).toEqualTypeOf<Source<number, NotUsed>>()
  })
  it('materialize a Cancellable from tick', () => {
    expectTypeOf(Source.tick(0, '1s', 'x')).toEqualTypeOf<Source<string, Cancellable>>()
    expectTypeOf(Source.timer('1s', 1)).toEqualTypeOf<Source<number, NotUsed>>()
    expectTypeOf(Source.tick(0, 1, 1).toMat(Sink.collect(), Keep.both).run()).toEqualTypeOf<[Cancellable, Promise<number[]>]>()
  })
  it('rejects a duration string without a unit', () => {
    // @ts-expect-error '5 seconds' is not a Duration
    numbers.delay('5 seconds')
  })
})
