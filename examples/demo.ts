/**
 * `npm run demo` (until the event-store demo replaces it): a fast producer, a slow consumer and
 * an async boundary between them. The progress line shows that the producer is held to the
 * consumer's pace and that the boundary's buffer never holds more than its bound.
 */
import { Source } from '../src/index.js'

const total = 2_000
const bufferSize = 32
let produced = 0
let consumed = 0
let maxInFlight = 0
const started = performance.now()

function progress(final = false): void {
  const secs = (performance.now() - started) / 1000
  const inFlight = produced - consumed
  maxInFlight = Math.max(maxInFlight, inFlight)
  const bar = '#'.repeat(Math.round((inFlight / (bufferSize + 2)) * 20)).padEnd(20, '.')
  process.stdout.write(
    `\rproduced ${String(produced).padStart(5)}  consumed ${String(consumed).padStart(5)}  ` +
      `${(consumed / secs).toFixed(0).padStart(5)} el/s  buffer [${bar}] ${String(inFlight).padStart(3)}/${bufferSize}` +
      (final ? '\n' : ''),
  )
}

const timer = setInterval(progress, 100)
await Source.iterate(0, (x) => x + 1)
  .map((x) => {
    produced++ // the producer could run at millions per second; demand holds it back
    return x
  })
  .async({ bufferSize })
  .take(total)
  .mapConcat((x) => [x]) // a step on the consumer's side of the boundary
  .runForEach((x) => {
    consumed++
    // a slow consumer: ~0.5 ms of work per element
    const until = performance.now() + 0.5
    while (performance.now() < until);
    if (x % 200 === 0) progress()
  })
clearInterval(timer)
progress(true)
console.log(`done: the producer made ${produced} elements for ${consumed} consumed; at most ${maxInFlight} were in flight (bound ${bufferSize} + 1 per stage).`)
