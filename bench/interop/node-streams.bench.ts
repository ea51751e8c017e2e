/**
 * Issue 6's Node streams benchmark: a Node Readable -> map -> a Node Writable, through sluice
 * (`fromReadable(...).map(f).runWith(toWritable(...))`, and `asDuplex(flow)` inside
 * `stream.pipeline`) against `stream.pipeline` with a `Transform`, beside a plain loop that
 * applies `f` to the same data without streams (the baseline). Object mode (many small
 * elements: the per-element cost) and byte mode (64 KB chunks: the per-chunk cost).
 */
import { Readable, Transform, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Flow } from '../../src/index.js'
import { asDuplex, fromReadable, toWritable } from '../../src/interop/node-streams/index.js'
import { runSuite } from '../lib.js'

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

function plainObjects(): number {
  let sum = 0
  for (let i = 0; i < N; i++) sum += f(i)
  return sum
}

async function sluiceObjects(): Promise<number> {
  const { writable, result } = summing()
  await fromReadable<number>(numbers()).map(f).runWith(toWritable(writable))
  return result()
}

async function sluiceDuplexObjects(): Promise<number> {
  const { writable, result } = summing()
  await pipeline(numbers(), asDuplex(Flow.create<number>().map(f)), writable)
  return result()
}

async function nodeObjects(): Promise<number> {
  const { writable, result } = summing()
  const transform = new Transform({
    objectMode: true,
    transform(x: number, _enc, callback) {
      callback(null, f(x))
    },
  })
  await pipeline(numbers(), transform, writable)
  return result()
}

const CHUNK = 64 * 1024
const CHUNKS = 16_384 // 1 GB (the same 64 KB Buffer, so memory bandwidth does not dominate)
const data = Buffer.alloc(CHUNK, 7)
const g = (chunk: Buffer): Buffer => chunk.subarray(1) // a cheap per-chunk step

function chunks(): Readable {
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

function plainBytes(): number {
  let bytes = 0
  for (let i = 0; i < CHUNKS; i++) bytes += g(data).length
  return bytes
}

async function sluiceBytes(): Promise<number> {
  const { writable, result } = counting()
  await fromReadable<Buffer>(chunks()).map(g).runWith(toWritable(writable))
  return result()
}

async function sluiceDuplexBytes(): Promise<number> {
  const { writable, result } = counting()
  await pipeline(chunks(), asDuplex(Flow.create<Buffer>().map(g), { readableObjectMode: false, writableObjectMode: false }), writable)
  return result()
}

async function nodeBytes(): Promise<number> {
  const { writable, result } = counting()
  const transform = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      callback(null, g(chunk))
    },
  })
  await pipeline(chunks(), transform, writable)
  return result()
}

export default async function (): Promise<void> {
  await runSuite({
    title: 'Node Readable (object mode) -> map -> Node Writable',
    elements: N,
    cases: [
      { name: 'plain loop', run: plainObjects, baseline: true },
      { name: 'stream.pipeline + Transform', run: nodeObjects },
      { name: 'sluice fromReadable/map/toWritable', run: sluiceObjects },
      { name: 'sluice asDuplex in stream.pipeline', run: sluiceDuplexObjects },
    ],
  })
  await runSuite({
    title: 'Node Readable (64 KB chunks, 1 GB) -> map -> Node Writable',
    elements: CHUNKS,
    cases: [
      { name: 'plain loop', run: plainBytes, baseline: true },
      { name: 'stream.pipeline + Transform', run: nodeBytes },
      { name: 'sluice fromReadable/map/toWritable', run: sluiceBytes },
      { name: 'sluice asDuplex in stream.pipeline', run: sluiceDuplexBytes },
    ],
  })
}
