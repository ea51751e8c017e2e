/**
 * `npm run demo:backpressure [-- --stall]`: a fast producer, a slow service and an async boundary
 * between them. A live table of the stream's stages (`formatSnapshot`) shows the producer held to
 * the service's pace, the boundary's buffer bounded, and the service's calls in flight.
 *
 * With `--stall`, one call to the service never answers: the stall detector names the stage that
 * holds the stream up and where it was built; then the call is answered and the stream goes on.
 */
import { detectStalls, Flow, Source, type RunningStream } from '../src/index.js'
import { async } from '../src/operators/index.js'
import { liveView } from './live/liveView.js'
import { streamTables } from './live/streamTables.js'

const stall = process.argv.includes('--stall')
const total = 5_000
const bufferSize = 32
const parallelism = 4
let produced = 0
let consumed = 0
let maxInFlight = 0
const started = performance.now()

let stream: RunningStream | undefined
const view = liveView(streamTables(() => [stream]))

/** The slow service: answers after ~2 ms, or, for the call that stalls, when `unstall()` is called. */
let unstall: (() => void) | undefined
const stallAt = Math.floor(total / 2)
function callService(x: number): Promise<number> {
  if (stall && x === stallAt) return new Promise((resolve) => (unstall = () => resolve(x)))
  return new Promise((resolve) => setTimeout(resolve, 2, x))
}

// `.named` names every stage of the graph it is called on that has no name yet: on a graph of
// one operator, that operator.
const slowService = Flow.fromGraph(async.mapAsync(parallelism, callService)).named('slow-service')

const detector = stall
  ? detectStalls({
      thresholdMs: 1_000,
      onStall: (report) => {
        view.log(`${report.message}\n(--stall: answering the call to '${report.culprit.name}' now)`)
        unstall?.()
      },
      onResume: (resolved) => view.log(resolved.message),
    })
  : undefined

await Source.iterate(0, (x) => x + 1)
  .map((x) => {
    produced++ // the producer could run at millions per second; demand holds it back
    return x
  })
  .async({ bufferSize })
  .take(total)
  .via(slowService)
  .runForEach(
    () => {
      consumed++
      maxInFlight = Math.max(maxInFlight, produced - consumed)
    },
    { name: 'backpressure', onStart: (s) => (stream = s) },
  )
view.stop()
detector?.stop()
const secs = (performance.now() - started) / 1000
console.log(
  `done: the producer made ${produced} elements for ${consumed} consumed in ${secs.toFixed(1)} s (${(consumed / secs).toFixed(0)} el/s); ` +
    `at most ${maxInFlight} were in flight (bound: ${bufferSize} in the boundary's buffer + ${parallelism} at the service + 1 per stage).`,
)
