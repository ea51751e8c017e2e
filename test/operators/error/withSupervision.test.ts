import { describe, expect, it } from 'vitest'
import { Flow, Sink, Source, Supervision, type Decider } from '../../../src/index.js'
import { flowOf } from '../../../src/core/Graph.js'
import { LinearStage } from '../../../src/core/StageLogic.js'
import { withSupervision } from '../../../src/operators/error/withSupervision.js'
import { demandInvariant, equivalentTo } from '../../../src/testkit/index.js'
import { flowCleanup, ints, RUNS } from '../../support/operators.js'

class Bad extends Error {}
/** The user function fails on multiples of 4. */
const bad = (x: number): boolean => x % 4 === 0
function check(x: number): number {
  if (bad(x)) throw new Bad(`bad ${x}`)
  return x
}
const resume = Supervision.resumingDecider
const restart = Supervision.restartingDecider
const supervised =
  <R>(flow: Flow<number, R>, decider: Decider) =>
  (): Flow<number, R> =>
    flow.withSupervision(decider)

describe('withSupervision', () => {
  describe('demand', () => {
    it('never emits more than requested, terminates once, sends nothing after cancel, for resume and restart', async () => {
      for (const decider of [resume, restart]) {
        await demandInvariant(supervised(Flow.create<number>().map(check), decider), { input: ints(), numRuns: RUNS / 2 })
        await demandInvariant(supervised(Flow.create<number>().scan(0, (a, x) => a + check(x)), decider), { input: ints(), numRuns: RUNS / 2 })
        await demandInvariant(supervised(Flow.create<number>().mapConcat((x) => [check(x), x]), decider), { input: ints(), numRuns: RUNS / 2 })
      }
    })
  })

  describe('model: resume drops the element and keeps the state', () => {
    const ok = (xs: number[]): number[] => xs.filter((x) => !bad(x))
    const opts = { input: ints(), numRuns: RUNS }
    it('map', () => equivalentTo(supervised(Flow.create<number>().map((x) => check(x) * 2), resume), (xs) => ok(xs).map((x) => x * 2), opts))
    it('filter', () => equivalentTo(supervised(Flow.create<number>().filter((x) => check(x) > 0), resume), (xs) => ok(xs).filter((x) => x > 0), opts))
    it('filterMap', () =>
      equivalentTo(supervised(Flow.create<number>().filterMap((x) => (check(x) > 0 ? x : undefined)), resume), (xs) => ok(xs).filter((x) => x > 0), opts))
    it('mapConcat', () => equivalentTo(supervised(Flow.create<number>().mapConcat((x) => [check(x), x]), resume), (xs) => ok(xs).flatMap((x) => [x, x]), opts))
    it('scan', () =>
      equivalentTo(supervised(Flow.create<number>().scan(0, (a, x) => a + check(x)), resume), (xs) => {
        const out = [0]
        for (const x of ok(xs)) out.push(out.at(-1)! + x)
        return out
      }, opts))
    it('fold', () => equivalentTo(supervised(Flow.create<number>().fold(0, (a, x) => a + check(x)), resume), (xs) => [ok(xs).reduce((a, x) => a + x, 0)], opts))
    it('statefulMap', () =>
      equivalentTo(
        supervised(Flow.create<number>().statefulMap(() => 0, (s, x) => [s + check(x), s + x]), resume),
        (xs) => {
          let s = 0
          return ok(xs).map((x) => (s += x))
        },
        opts,
      ))
    it('takeWhile and dropWhile', async () => {
      await equivalentTo(supervised(Flow.create<number>().takeWhile((x) => check(x) < 30), resume), (xs) => {
        const kept = ok(xs)
        const i = kept.findIndex((x) => x >= 30)
        return i < 0 ? kept : kept.slice(0, i)
      }, opts)
      await equivalentTo(supervised(Flow.create<number>().dropWhile((x) => check(x) < 30), resume), (xs) => {
        const i = xs.findIndex((x) => !bad(x) && x >= 30)
        return i < 0 ? [] : xs.slice(i)
      }, opts)
    })
  })

  describe('model: restart drops the element and resets the state', () => {
    const opts = { input: ints(), numRuns: RUNS }
    it('scan emits its zero again', () =>
      equivalentTo(supervised(Flow.create<number>().scan(0, (a, x) => a + check(x)), restart), (xs) => {
        const out = [0]
        let acc = 0
        for (const x of xs) {
          acc = bad(x) ? 0 : acc + x
          out.push(acc)
        }
        return out
      }, opts))
    it('fold starts from zero', () =>
      equivalentTo(supervised(Flow.create<number>().fold(0, (a, x) => a + check(x)), restart), (xs) => {
        let acc = 0
        for (const x of xs) acc = bad(x) ? 0 : acc + x
        return [acc]
      }, opts))
    it('statefulMap creates a fresh state', () =>
      equivalentTo(
        supervised(Flow.create<number>().statefulMap(() => 0, (s, x) => [s + check(x), s + x]), restart),
        (xs) => {
          let s = 0
          const out: number[] = []
          for (const x of xs) {
            if (bad(x)) s = 0
            else out.push((s += x))
          }
          return out
        },
        opts,
      ))
    it('stateless operators behave as with resume', () =>
      equivalentTo(supervised(Flow.create<number>().map(check), restart), (xs) => xs.filter((x) => !bad(x)), opts))
  })

  describe('edges', () => {
    it('supervises rejected Promises in the async family: resume drops the element, stop (and no decider) fails', async () => {
      const resume: Decider = () => 'resume'
      const rejectAt2 = (x: number): Promise<number> => (x === 2 ? Promise.reject(new Error('rejected')) : Promise.resolve(x * 10))
      const xs = Source.from([1, 2, 3, 4])
      const sort = (ys: number[]): number[] => [...ys].sort((a, b) => a - b)
      expect(await xs.mapAsync(2, rejectAt2).withSupervision(resume).runCollect()).toEqual([10, 30, 40])
      expect(sort(await xs.mapAsyncUnordered(2, rejectAt2).withSupervision(resume).runCollect())).toEqual([10, 30, 40])
      expect(await xs.filterAsync(2, (x) => (x === 2 ? Promise.reject(new Error('r')) : Promise.resolve(true))).withSupervision(resume).runCollect()).toEqual([1, 3, 4])
      expect(await xs.mapAsyncPartitioned(2, (x) => x % 2, rejectAt2).withSupervision(resume).runCollect()).toEqual([10, 30, 40])
      expect(sort(await xs.mapAsyncPartitionedUnordered(2, (x) => x % 2, rejectAt2).withSupervision(resume).runCollect())).toEqual([10, 30, 40])
      expect(await xs.mapAsync(2, rejectAt2).withAttributes({ supervision: resume }).runCollect()).toEqual([10, 30, 40])
      await expect(xs.mapAsync(2, rejectAt2).withSupervision(() => 'stop').runCollect()).rejects.toThrow('rejected')
      await expect(xs.mapAsync(2, rejectAt2).runCollect()).rejects.toThrow('rejected')
    })

    it('supervises the simple operators of 0.2.0: resume drops the element, restart also resets the state', async () => {
      const resume: Decider = () => 'resume'
      const restart: Decider = () => 'restart'
      const boomAt2 = <R>(f: (x: number) => R) => (x: number): R => {
        if (x === 2) throw new Error('bad')
        return f(x)
      }
      const xs = Source.from([1, 2, 3, 3, 4])
      expect(await xs.filterNot(boomAt2((x) => x === 4)).withSupervision(resume).runCollect()).toEqual([1, 3, 3])
      expect(await xs.takeUntil(boomAt2((x) => x === 4)).withSupervision(resume).runCollect()).toEqual([1, 3, 3, 4])
      expect(await xs.collectWhile(boomAt2((x) => x * 10)).withSupervision(resume).runCollect()).toEqual([10, 30, 30, 40])
      expect(await xs.groupedAdjacentBy(boomAt2((x) => x)).withSupervision(resume).runCollect()).toEqual([[1], [3, 3], [4]])
      expect(await xs.doOnFirst(boomAt2(() => {})).withSupervision(resume).runCollect()).toEqual([1, 2, 3, 3, 4])
      // the first comparison of two 3s throws; resume keeps the state, restart forgets the last element
      const eqOnce = () => {
        let thrown = false
        return (a: number, b: number): boolean => {
          if (a === 3 && b === 3 && !thrown) {
            thrown = true
            throw new Error('compare')
          }
          return a === b
        }
      }
      const threes = Source.from([1, 3, 3, 3, 4])
      expect(await threes.dropRepeated(eqOnce()).withSupervision(resume).runCollect()).toEqual([1, 3, 4])
      expect(await threes.dropRepeated(eqOnce()).withSupervision(restart).runCollect()).toEqual([1, 3, 3, 4])
    })

    it('.withAttributes({ supervision }) alone switches supervision on, on Source, Flow and Sink', async () => {
      const bad = (x: number): number => {
        if (x === 2) throw new Error('bad')
        return x * 10
      }
      const resume: Decider = () => 'resume'
      expect(await Source.from([1, 2, 3]).map(bad).withAttributes({ supervision: resume }).runCollect()).toEqual([10, 30])
      const flow = Flow.create<number>().map(bad).withAttributes({ supervision: resume })
      expect(await Source.from([1, 2, 3]).via(flow).runCollect()).toEqual([10, 30])
      const sink = flow.toMat(Sink.collect<number>(), (_l, r) => r).withAttributes({ supervision: resume })
      expect(await Source.from([1, 2, 3]).runWith(sink)).toEqual([10, 30])
      // a stage's own decider wins over the outer one
      const stop: Decider = () => 'stop'
      const inner = Source.from([1, 2, 3]).map(bad).withAttributes({ supervision: stop }).withAttributes({ supervision: resume })
      await expect(inner.runCollect()).rejects.toThrow('bad')
      expect(() => Source.single(1).withAttributes({ supervision: 'resume' as never })).toThrow('withAttributes(supervision): expected a function, got string')
    })

    it('stop (and no supervision) fail the stream with the error', async () => {
      await expect(Source.from([1, 4]).map(check).withSupervision(Supervision.stoppingDecider).runCollect()).rejects.toBeInstanceOf(Bad)
      await expect(Source.from([1, 4]).map(check).runCollect()).rejects.toBeInstanceOf(Bad)
    })

    it('lets the decider choose per error', async () => {
      const decider: Decider = (e) => (e instanceof Bad ? 'resume' : 'stop')
      expect(await Source.from([1, 4, 5]).map(check).withSupervision(decider).runCollect()).toEqual([1, 5])
      const other = Source.from([1, 2]).map((x) => { if (x === 2) throw new TypeError('other'); return x }).withSupervision(decider)
      await expect(other.runCollect()).rejects.toBeInstanceOf(TypeError)
    })

    it('fails with the decider\'s own error when it throws', async () => {
      const out = Source.from([4]).map(check).withSupervision(() => { throw new RangeError('decider') }).runCollect()
      await expect(out).rejects.toBeInstanceOf(RangeError)
    })

    it('does not supervise errors thrown while a stage starts', async () => {
      const out = Source.from([1]).statefulMap(() => { throw new Bad('create') }, (s, x) => [s, x]).withSupervision(resume).runCollect()
      await expect(out).rejects.toBeInstanceOf(Bad)
    })

    it('drops an element whose completion handler failed and completes', async () => {
      const out = await Source.from([1, 2]).statefulMap(() => 0, (s, x) => [s + x, x], () => { throw new Bad('end') }).withSupervision(resume).runCollect()
      expect(out).toEqual([1, 2])
    })

    it('an inner decider wins over an outer one', async () => {
      const inner = Flow.create<number>().map(check).withSupervision(resume)
      const out = Source.from([1, 4, 5]).via(inner).map((x) => { if (x === 5) throw new Bad('outer'); return x }).withSupervision(Supervision.stoppingDecider)
      await expect(out.runCollect()).rejects.toThrow('outer')
      expect(await Source.from([1, 4, 5]).via(inner).withSupervision(Supervision.stoppingDecider).runCollect()).toEqual([1, 5])
    })

    it('leaves stages that do not support supervision alone, and supports custom stages with restartState', async () => {
      class Counter extends LinearStage<number, number> {
        count = 0
        restarts = 0
        onPush(): void {
          const x = this.grab(this.in)
          if (bad(x)) throw new Bad('counter')
          this.push(this.out, ++this.count)
        }
        restartState(): void {
          this.count = 0
          this.restarts++
        }
      }
      const counter = flowOf<number, number>('counter', () => new Counter())
      expect(await Source.from([1, 2, 4, 5]).via(counter).withSupervision(restart).runCollect()).toEqual([1, 2, 1])
      class Plain extends LinearStage<number, number> {
        onPush(): void {
          this.push(this.out, check(this.grab(this.in)))
        }
      }
      const plain = flowOf<number, number>('plain', () => new Plain())
      await expect(Source.from([4]).via(plain).withSupervision(resume).runCollect()).rejects.toBeInstanceOf(Bad)
    })

    it('rejects a decider that is not a function', () => {
      expect(() => withSupervision(Flow.create<number>().module, 'resume' as never)).toThrow('withSupervision(decider): expected a function, got string')
    })
  })

  describe('cleanup', () => {
    it('stops every stage and releases upstream after completion, failure and cancel', async () => {
      await flowCleanup(() => Flow.create<number>().map(check).withSupervision(resume), [1, 4, 3])
      await flowCleanup(() => Flow.create<number>().scan(0, (a, x) => a + check(x)).withSupervision(restart), [1, 4, 3])
    })
  })
})
