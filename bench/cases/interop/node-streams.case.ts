/**
 * sluice's Node streams adapters (ported from issue 6's benchmark): a Node Readable -> map -> a
 * Node Writable through sluice (`fromReadable(...).map(f).runWith(toWritable(...))`, and
 * `asDuplex(flow)` inside `stream.pipeline`) against `stream.pipeline` with a `Transform`, beside
 * a plain loop that applies the function to the same data without streams (the baseline). Object
 * mode (many small elements: the per-element cost) and byte mode (64 KiB chunks: the per-chunk cost).
 */
import { Readable, Transform, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { BenchCase } from '../../harness/BenchCase.js'
import { Flow } from '../../../src/index.js'
import { asDuplex, fromReadable, toWritable } from '../../../src/interop/node-streams/index.js'

const N = 200_000
const BATCH = 16 // objects pushed per _read (Node's default objectMode highWaterMark)
const f = (x: number): number => x * 2

function numbers(): Readable {
  let i = 0
  return new Readable({
    objectMode: true,
    read() {
      for (let k = 0; k < BATCH && i < N; k++) this.push(i++)
      if (i >= N) this.push(null)
    },
  })
}

function summing(): { writable: Writable; result: () => number } {
  let sum = 0
  const writable = new Writable({
    objectMode: true,
    write(x: number, _enc, callback) {
      sum += x
      callback()
    },
  })
  return { writable, result: () => sum }
}

const CHUNK = 64 * 1024
const CHUNKS = 16_384 // 1 GiB (the same 64 KiB Buffer, so memory bandwidth does not dominate)
const g = (chunk: Buffer): Buffer => chunk.subarray(1) // a cheap per-chunk step

function chunks(data: Buffer): Readable {
  let i = 0
  return new Readable({
    read() {
      this.push(i++ < CHUNKS ? data : null)
    },
  })
}

function counting(): { writable: Writable; result: () => number } {
  let bytes = 0
  const writable = new Writable({
    write(chunk: Buffer, _enc, callback) {
      bytes += chunk.length
      callback()
    },
  })
  return { writable, result: () => bytes }
}

const objects = { scenario: 'interop.node.objects', title: `Node Readable (object mode, ${N.toLocaleString('en')}) -> map -> Node Writable` }
const bytes = { scenario: 'interop.node.bytes', title: 'Node Readable (64 KiB chunks, 1 GiB) -> map -> Node Writable' }
const data = (): Buffer => Buffer.alloc(CHUNK, 7)

export const cases: BenchCase[] = [
  {
    ...objects,
    library: 'plain loop',
    baseline: true,
    run: () => {
      let sum = 0
      for (let i = 0; i < N; i++) sum += f(i)
      return sum
    },
  },
  {
    ...objects,
    library: 'node streams',
    run: async () => {
      const { writable, result } = summing()
      await pipeline(numbers(), new Transform({ objectMode: true, transform: (x: number, _enc, callback) => callback(null, f(x)) }), writable)
      return result()
    },
  },
  {
    ...objects,
    library: 'sluice',
    run: async () => {
      const { writable, result } = summing()
      await fromReadable<number>(numbers()).map(f).runWith(toWritable(writable))
      return result()
    },
  },
  {
    ...objects,
    library: 'sluice asDuplex',
    run: async () => {
      const { writable, result } = summing()
      await pipeline(numbers(), asDuplex(Flow.create<number>().map(f)), writable)
      return result()
    },
  },
  {
    ...bytes,
    library: 'plain loop',
    baseline: true,
    setup: data,
    run: (context) => {
      let total = 0
      for (let i = 0; i < CHUNKS; i++) total += g(context as Buffer).length
      return total
    },
  },
  {
    ...bytes,
    library: 'node streams',
    setup: data,
    run: async (context) => {
      const { writable, result } = counting()
      await pipeline(chunks(context as Buffer), new Transform({ transform: (chunk: Buffer, _enc, callback) => callback(null, g(chunk)) }), writable)
      return result()
    },
  },
  {
    ...bytes,
    library: 'sluice',
    setup: data,
    run: async (context) => {
      const { writable, result } = counting()
      await fromReadable<Buffer>(chunks(context as Buffer)).map(g).runWith(toWritable(writable))
      return result()
    },
  },
  {
    ...bytes,
    library: 'sluice asDuplex',
    setup: data,
    run: async (context) => {
      const { writable, result } = counting()
      await pipeline(chunks(context as Buffer), asDuplex(Flow.create<Buffer>().map(g), { readableObjectMode: false, writableObjectMode: false }), writable)
      return result()
    },
  },
]
