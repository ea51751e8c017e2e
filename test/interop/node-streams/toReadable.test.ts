import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Source } from '../../../src/index.js'
import { toReadable } from '../../../src/interop/node-streams/index.js'
import { elements } from '../../../src/testkit/index.js'
import { MB, MemoryProbe } from '../support/memory.js'
import { settle } from '../support/settle.js'

describe('toReadable', () => {
  it('gives the elements unchanged and in order, never more than highWaterMark ahead of the reader', async () => {
    await fc.assert(
      fc.asyncProperty(elements(fc.integer(), { maxLength: 25 }), fc.integer({ min: 1, max: 4 }), fc.array(fc.boolean(), { maxLength: 30 }), async (xs, hwm, pauses) => {
        let produced = 0
        const readable = toReadable(
          Source.from(xs).map((x) => {
            produced++
            return x
          }),
          { highWaterMark: hwm },
        )
        const seen: number[] = []
        for await (const x of readable) {
          seen.push(x as number)
          if (pauses[seen.length] === true) await settle()
          expect(produced - seen.length).toBeLessThanOrEqual(hwm)
        }
        expect(seen).toEqual(xs)
      }),
      { numRuns: 100 },
    )
  })

  it('pulls nothing before it is read', async () => {
    let pulled = 0
    const readable = toReadable(
      Source.repeat('x').map((x) => {
        pulled++
        return x
      }),
      { highWaterMark: 2 },
    )
    await settle(2)
    expect(pulled).toBe(0)
    expect(readable.read()).toBe(null) // asks Node to _read
    await settle(2)
    expect(pulled).toBe(2)
    readable.destroy()
  })

  it('destroying the Readable cancels the run', async () => {
    let returned = false
    async function* numbers(): AsyncGenerator<number> {
      try {
        for (let i = 0; ; i++) yield i
      } finally {
        returned = true
      }
    }
    const readable = toReadable(Source.fromAsyncIterable(numbers()), { highWaterMark: 1 })
    const seen: number[] = []
    for await (const x of readable) {
      seen.push(x as number)
      if (seen.length === 3) break // destroys the Readable
    }
    await settle(2)
    expect(seen).toEqual([0, 1, 2])
    expect(readable.destroyed).toBe(true)
    expect(returned).toBe(true)
  })

  it("destroys the Readable with the run's failure", async () => {
    const boom = new Error('boom')
    const readable = toReadable(Source.failed(boom))
    const error = await new Promise((resolve) => readable.on('error', resolve))
    expect(error).toBe(boom)
    expect(readable.destroyed).toBe(true)
  })

  it('produces a byte stream with objectMode: false', async () => {
    const readable = toReadable(Source.from(['ab', 'cd']).map((s) => Buffer.from(s)), { objectMode: false })
    const chunks: Buffer[] = []
    for await (const c of readable) chunks.push(c as Buffer)
    expect(Buffer.concat(chunks).toString()).toBe('abcd')
  })

  it('keeps memory bounded when a fast source is piped to a slow Writable (500 MB)', async () => {
    const memory = new MemoryProbe()
    let written = 0
    const slow = new Writable({
      highWaterMark: 2,
      objectMode: true,
      write(_chunk, _enc, callback) {
        if (++written % 100 === 0) memory.sample()
        setImmediate(callback)
      },
    })
    await pipeline(toReadable(Source.unfold(0, (n) => (n < 500 ? [n + 1, Buffer.allocUnsafe(MB)] : undefined)), { highWaterMark: 2 }), slow)
    expect(written).toBe(500)
    expect(memory.growthMb).toBeLessThan(50)
  })
})
