import { Readable, Writable } from 'node:stream'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Keep, Source } from '../../../src/index.js'
import { fromReadable, toWritable } from '../../../src/interop/node-streams/index.js'
import { elements, TestSource } from '../../../src/testkit/index.js'
import { MB, MemoryProbe } from '../support/memory.js'
import { settle } from '../support/settle.js'

describe('toWritable', () => {
  it("writes the elements unchanged and in order, never more than the Writable's highWaterMark ahead", async () => {
    await fc.assert(
      fc.asyncProperty(elements(fc.integer(), { maxLength: 25 }), fc.integer({ min: 1, max: 4 }), fc.array(fc.boolean(), { maxLength: 30 }), async (xs, hwm, slow) => {
        let produced = 0
        let written = 0
        const seen: number[] = []
        const ahead: number[] = []
        const writable = new Writable({
          objectMode: true,
          highWaterMark: hwm,
          write(x: number, _enc, callback) {
            ahead.push(produced - written)
            seen.push(x)
            written++
            if (slow[written] === true) setImmediate(callback)
            else callback()
          },
        })
        await Source.from(xs)
          .map((x) => {
            produced++
            return x
          })
          .runWith(toWritable(writable))
        expect(seen).toEqual(xs)
        for (const a of ahead) expect(a).toBeLessThanOrEqual(hwm) // write() said false at hwm: we waited for 'drain'
        expect(writable.writableFinished).toBe(true)
      }),
      { numRuns: 100 },
    )
  })

  it("waits for 'drain' when write() returns false", async () => {
    const callbacks: (() => void)[] = []
    const writable = new Writable({
      objectMode: true,
      highWaterMark: 1,
      write(_x, _enc, callback) {
        callbacks.push(callback)
      },
    })
    const [probe, done] = TestSource.probe<number>().toMat(toWritable(writable), Keep.both).run()
    await probe.expectRequest()
    probe.sendNext(1) // write() returns false: the buffer is at highWaterMark
    await probe.expectNoRequest(20)
    callbacks.shift()!() // 'drain'
    await probe.expectRequest()
    probe.sendNext(2).sendComplete()
    await settle()
    callbacks.shift()!()
    await done
    expect(writable.writableFinished).toBe(true)
  })

  it("cancels upstream and rejects on the Writable's 'error'", async () => {
    const boom = new Error('EPIPE')
    const writable = new Writable({
      objectMode: true,
      write(_x, _enc, callback) {
        callback(boom)
      },
    })
    const [probe, done] = TestSource.probe<number>().toMat(toWritable(writable), Keep.both).run()
    await probe.expectRequest()
    probe.sendNext(1)
    expect(await probe.expectCancellation()).toBe(boom)
    await expect(done).rejects.toBe(boom)
  })

  it('destroys the Writable with the error when upstream fails', async () => {
    const boom = new Error('upstream')
    const writable = new Writable({ objectMode: true, write: (_x, _e, cb) => cb() })
    const errors: unknown[] = []
    writable.on('error', (e) => errors.push(e))
    await expect(Source.failed(boom).runWith(toWritable(writable))).rejects.toBe(boom)
    await settle()
    expect(writable.destroyed).toBe(true)
    expect(errors).toEqual([boom])
  })

  it('leaves the Writable open with end: false, and fails when it finishes early', async () => {
    const writable = new Writable({ objectMode: true, write: (_x, _e, cb) => cb() })
    await Source.from([1, 2]).runWith(toWritable(writable, { end: false }))
    expect(writable.writableEnded).toBe(false)

    const early = new Writable({ objectMode: true, write: (_x, _e, cb) => cb() })
    const [probe, done] = TestSource.probe<number>().toMat(toWritable(early), Keep.both).run()
    await probe.expectRequest()
    early.end()
    await expect(done).rejects.toThrow('toWritable: the Writable finished before the stream completed')
    await probe.expectCancellation()
  })

  it('keeps memory bounded: 500 MB from a fast Node Readable through sluice map to a slow Node Writable', async () => {
    let produced = 0
    const readable = new Readable({
      read() {
        this.push(produced++ < 500 ? Buffer.allocUnsafe(MB) : null)
      },
    })
    const memory = new MemoryProbe()
    let bytes = 0
    const writable = new Writable({
      highWaterMark: 4 * MB,
      write(chunk: Buffer, _enc, callback) {
        bytes += chunk.length
        if (bytes % (100 * (MB - 1)) === 0) memory.sample()
        setImmediate(callback) // slow: one chunk per host turn
      },
    })
    await fromReadable<Buffer>(readable)
      .map((chunk) => chunk.subarray(1))
      .runWith(toWritable(writable))
    expect(bytes).toBe(500 * (MB - 1))
    expect(memory.growthMb).toBeLessThan(50)
  })
})
