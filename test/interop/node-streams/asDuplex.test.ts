import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { flowOf } from '../../../src/core/Graph.js'
import { LinearStage } from '../../../src/core/StageLogic.js'
import { Flow } from '../../../src/index.js'
import { asDuplex } from '../../../src/interop/node-streams/index.js'
import { elements } from '../../../src/testkit/index.js'
import { MB, MemoryProbe } from '../support/memory.js'
import { settle } from '../support/settle.js'

function collector<T>(seen: T[], options: { highWaterMark?: number; slow?: (i: number) => boolean } = {}): Writable {
  return new Writable({
    objectMode: true,
    highWaterMark: options.highWaterMark ?? 16,
    write(x: T, _enc, callback) {
      seen.push(x)
      if (options.slow?.(seen.length) === true) setImmediate(callback)
      else callback()
    },
  })
}

/** A pass-through stage that records that it stopped (so a test can see the run end). */
function watch<T>(state: { stopped: boolean }): Flow<T, T> {
  return Flow.fromGraph(
    flowOf<T, T>('watch', () => {
      class Watch extends LinearStage<T, T> {
        onPush(): void {
          this.push(this.out, this.grab(this.in))
        }
        override postStop(): void {
          state.stopped = true
        }
      }
      return new Watch()
    }),
  )
}

describe('asDuplex', () => {
  it('runs the flow inside stream.pipeline: the output equals the Array computation, in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        elements(fc.integer({ min: -1000, max: 1000 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.boolean(), { maxLength: 40 }),
        async (xs, whm, rhm, slow) => {
          const seen: number[] = []
          const flow = Flow.create<number>()
            .filter((x) => x % 3 !== 0)
            .map((x) => x * 2)
          await pipeline(
            Readable.from(xs),
            asDuplex(flow, { writableHighWaterMark: whm, readableHighWaterMark: rhm }),
            collector(seen, { slow: (i) => slow[i] === true }),
          )
          expect(seen).toEqual(xs.filter((x) => x % 3 !== 0).map((x) => x * 2))
        },
      ),
      { numRuns: 100 },
    )
  })

  it('lets the pipeline finish when the flow completes early (later writes are dropped)', async () => {
    const seen: number[] = []
    const state = { stopped: false }
    await pipeline(Readable.from([1, 2, 3, 4, 5, 6]), asDuplex(watch<number>(state).take(2)), collector(seen))
    expect(seen).toEqual([1, 2])
    expect(state.stopped).toBe(true)
  })

  it('fails the pipeline with the error when the flow fails', async () => {
    const boom = new Error('flow')
    const source = Readable.from([1, 2, 3])
    const flow = Flow.create<number>().map((x) => {
      if (x === 2) throw boom
      return x
    })
    await expect(pipeline(source, asDuplex(flow), collector([]))).rejects.toBe(boom)
    expect(source.destroyed).toBe(true)
  })

  it('destroying the Duplex stops the run', async () => {
    const state = { stopped: false }
    const duplex = asDuplex(watch<number>(state))
    duplex.write(1)
    await settle()
    expect(state.stopped).toBe(false)
    duplex.destroy()
    await settle()
    expect(state.stopped).toBe(true)
  })

  it('keeps memory bounded: 500 MB through the flow to a slow Writable', async () => {
    let produced = 0
    const readable = new Readable({
      read() {
        this.push(produced++ < 500 ? Buffer.allocUnsafe(MB) : null)
      },
    })
    const memory = new MemoryProbe()
    let written = 0
    const slow = new Writable({
      objectMode: true,
      highWaterMark: 2,
      write(_chunk: Buffer, _enc, callback) {
        if (++written % 100 === 0) memory.sample()
        setImmediate(callback)
      },
    })
    const flow = Flow.create<Buffer>().map((chunk) => chunk)
    await pipeline(readable, asDuplex(flow, { writableHighWaterMark: 2, readableHighWaterMark: 2 }), slow)
    expect(written).toBe(500)
    expect(memory.growthMb).toBeLessThan(50)
  })
})
