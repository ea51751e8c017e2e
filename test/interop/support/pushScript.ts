/**
 * A model of the bounded push buffer shared by the push-only bridges (events, Observables), and
 * a driver that plays the same script against a real bridge, for property tests.
 */
import fc from 'fast-check'
import type { SourceGraph } from '../../../src/core/Graph.js'
import { Source } from '../../../src/dsl/Source.js'
import type { PushOverflowStrategy } from '../../../src/operators/interop/internal/BoundedPushSource.js'
import { TestSink } from '../../../src/testkit/index.js'
import { settle } from './settle.js'

/** A synchronous burst of values from the producer, or demand from downstream. */
export type PushStep = { readonly emit: readonly number[] } | { readonly request: number }

export const pushSteps: fc.Arbitrary<PushStep[]> = fc.array(
  fc.oneof(
    fc.array(fc.integer({ min: 0, max: 999 }), { minLength: 1, maxLength: 6 }).map((emit): PushStep => ({ emit })),
    fc.integer({ min: 1, max: 5 }).map((request): PushStep => ({ request })),
  ),
  { maxLength: 12 },
)

export const strategies: fc.Arbitrary<PushOverflowStrategy> = fc.constantFrom('dropHead', 'dropTail', 'dropNew', 'fail')

export interface PushOutcome {
  readonly elements: number[]
  readonly outcome: 'completed' | 'overflowed'
}

/**
 * What the bridge must do: within a burst nothing is delivered (delivery happens when the stage
 * runs, after the producer returned), so the whole burst meets the buffer; then downstream takes
 * what it asked for. At the end the producer completes and downstream asks for everything.
 */
export function model(steps: readonly PushStep[], capacity: number, strategy: PushOverflowStrategy): PushOutcome {
  const buffer: number[] = []
  const out: number[] = []
  let demand = 0
  const deliver = (): void => {
    while (demand > 0 && buffer.length > 0) {
      out.push(buffer.shift()!)
      demand--
    }
  }
  for (const step of steps) {
    if ('emit' in step) {
      for (const x of step.emit) {
        if (buffer.length === capacity) {
          if (strategy === 'dropNew') continue
          if (strategy === 'dropHead') buffer.shift()
          else if (strategy === 'dropTail') buffer.pop()
          else return { elements: out, outcome: 'overflowed' }
        }
        buffer.push(x)
      }
    } else demand += step.request
    deliver()
  }
  return { elements: [...out, ...buffer], outcome: 'completed' }
}

/**
 * Plays `steps` against `source` (built on a producer that `emit` and `complete` drive) and
 * reports what arrived, checking after every step that no more arrived than was requested.
 */
export async function play(
  source: SourceGraph<number, unknown>,
  emit: (x: number) => void,
  complete: () => void,
  steps: readonly PushStep[],
): Promise<PushOutcome & { readonly violations: string[] }> {
  const probe = Source.fromGraph(source).runWith(TestSink.probe<number>())
  await settle()
  const violations: string[] = []
  let requested = 0
  const nexts = (): number => probe.received.filter((s) => s.kind === 'next').length
  for (const step of steps) {
    if ('emit' in step) for (const x of step.emit) emit(x)
    else {
      requested += step.request
      probe.request(step.request)
    }
    await settle()
    if (nexts() > requested) violations.push(`${nexts()} elements arrived with ${requested} requested`)
  }
  complete()
  probe.request(1e9)
  await settle(2)
  const elements = probe.received.flatMap((s) => (s.kind === 'next' ? [s.value] : []))
  const last = probe.received[probe.received.length - 1]
  const terminals = probe.received.filter((s) => s.kind !== 'next').length
  if (terminals !== 1) violations.push(`${terminals} terminal signals`)
  const outcome = last?.kind === 'complete' ? 'completed' : 'overflowed'
  if (last?.kind === 'error' && (last.error as Error).name !== 'BufferOverflowError') violations.push(`unexpected error ${String(last.error)}`)
  return { elements, outcome, violations }
}
