import { metrics, type Meter } from '@opentelemetry/api'
import { AggregationTemporality, DataPointType, MeterProvider, MetricReader, type Histogram, type ResourceMetrics } from '@opentelemetry/sdk-metrics'
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest'
import {
  collectMetrics,
  Keep,
  metricDescriptors,
  otelMetrics,
  type OtelMeter,
  type OtelMetrics,
  type RunningStream,
  Source,
  VirtualScheduler,
} from '../../src/index.js'
import { callTimingOn } from '../../src/operators/async/internal/callTiming.js'
import { TestSink } from '../../src/testkit/index.js'
import { macrotask } from '../support/macrotask.js'
import { TestRecorder } from './metricsRecorder.js'

/** A reader that collects when the test asks (no timer). */
class ManualReader extends MetricReader {
  constructor(temporality = AggregationTemporality.CUMULATIVE) {
    super({ aggregationTemporalitySelector: () => temporality })
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve()
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve()
  }
}

interface Point {
  readonly name: string
  readonly attributes: Record<string, unknown>
  readonly value: unknown
}

function pointsOf(rm: ResourceMetrics): Point[] {
  return rm.scopeMetrics.flatMap((s) =>
    s.metrics.flatMap((m) => m.dataPoints.map((p) => ({ name: m.descriptor.name, attributes: { ...p.attributes }, value: p.value }) as Point)),
  )
}

const providers: MeterProvider[] = []
const handles: OtelMetrics[] = []
afterEach(async () => {
  for (const h of handles.splice(0)) h.stop()
  for (const p of providers.splice(0)) await p.shutdown()
})

function setup(temporality?: AggregationTemporality) {
  const reader = new ManualReader(temporality)
  const provider = new MeterProvider({ readers: [reader] })
  providers.push(provider)
  return { reader, meter: provider.getMeter('sluice') }
}

describe('otelMetrics', () => {
  it('a Meter of @opentelemetry/api fits OtelMeter', () => {
    expectTypeOf<Meter>().toExtend<OtelMeter>()
    handles.push(otelMetrics(metrics.getMeter('noop'))) // the API's no-op meter (no SDK installed) works too
  })

  it('exports through a real MeterProvider the same numbers collectMetrics reports', async () => {
    const { reader, meter } = setup()
    handles.push(otelMetrics(meter))
    let stream: RunningStream | undefined
    const [queue, probe] = Source.queue<number>(16)
      .map((x) => x * 2)
      .buffer(4, 'backpressure')
      .toMat(TestSink.probe<number>(), Keep.both)
      .run({ name: 'exported', onStart: (s) => (stream = s) })
    for (let i = 0; i < 10; i++) queue.offer(i)
    probe.request(3)
    await macrotask()
    const recorder = new TestRecorder()
    const c = collectMetrics({ recorder, scheduler: new VirtualScheduler(), streams: () => [stream!] })
    c.collect()
    c.stop()
    const { resourceMetrics } = await reader.collect()
    const exported = pointsOf(resourceMetrics).filter((p) => p.attributes.stream === 'exported')
    const reported = recorder.calls.map((m) => ({ name: m.name, attributes: { ...m.attributes }, value: m.value }))
    const key = (p: Point) => `${p.name} ${JSON.stringify(p.attributes)}`
    expect(exported.map(key).sort()).toEqual(reported.map(key).sort())
    for (const p of reported) expect(exported.find((e) => key(e) === key(p))?.value).toBe(p.value)
    expect(reported.find((p) => p.name === 'sluice.stage.elements_out' && p.attributes.stage === 'buffer')?.value).toBe(3)
    probe.cancel()
  })

  it('registers each metric with its kind, unit and description', async () => {
    const { reader, meter } = setup()
    handles.push(otelMetrics(meter))
    const queue = Source.queue<number>(4).mapAsync(1, async (x) => x).toMat(TestSink.probe<number>(), Keep.left).run()
    queue.offer(1)
    await macrotask()
    const { resourceMetrics } = await reader.collect()
    const descriptors = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics.map((m) => ({ ...m.descriptor, dataPointType: m.dataPointType })))
    const inOut = descriptors.find((d) => d.name === 'sluice.stage.elements_out')!
    expect(inOut).toMatchObject({ unit: '{element}', dataPointType: DataPointType.SUM, description: 'Elements the stage pushed downstream' })
    expect(descriptors.find((d) => d.name === 'sluice.stage.buffer.limit')).toMatchObject({ unit: '{element}', dataPointType: DataPointType.GAUGE })
    for (const d of descriptors) expect(metricDescriptors.map((m) => m.name)).toContain(d.name)
    queue.complete()
  })

  it('records mapAsync durations in a histogram (ms, on the run’s clock)', async () => {
    const { reader, meter } = setup()
    handles.push(otelMetrics(meter))
    const scheduler = new VirtualScheduler()
    const later = (x: number) => new Promise<number>((resolve) => scheduler.setTimeout(() => resolve(x), x * 10))
    const done = Source.from([1, 2, 3]).mapAsync(3, later).runCollect({ scheduler, name: 'timed' })
    await scheduler.advance(100)
    await done
    const { resourceMetrics } = await reader.collect()
    const metric = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === 'sluice.mapAsync.duration')!
    expect(metric.descriptor.unit).toBe('ms')
    expect(metric.dataPointType).toBe(DataPointType.HISTOGRAM)
    const point = metric.dataPoints.find((p) => p.attributes.stream === 'timed')!
    const h = point.value as Histogram
    expect(h).toMatchObject({ count: 3, sum: 60, min: 10, max: 30 })
    expect(point.attributes).toMatchObject({ stage: 'mapAsync' })
  })

  it('counters are cumulative; with a delta reader the SDK exports what was added since the last export', async () => {
    const { reader, meter } = setup(AggregationTemporality.DELTA)
    handles.push(otelMetrics(meter))
    const [queue, probe] = Source.queue<number>(16).toMat(TestSink.probe<number>(), Keep.both).run({ name: 'delta' })
    const elementsOut = async () =>
      pointsOf((await reader.collect()).resourceMetrics).find((p) => p.name === 'sluice.stage.elements_out' && p.attributes.stream === 'delta')?.value
    for (let i = 0; i < 5; i++) queue.offer(i)
    probe.request(2)
    await macrotask()
    expect(await elementsOut()).toBe(2)
    probe.request(3)
    await macrotask()
    expect(await elementsOut()).toBe(3)
    probe.cancel()
  })

  it('stop() removes the callback and stops timing', async () => {
    const { reader, meter } = setup()
    const h = otelMetrics(meter)
    expect(callTimingOn).toBe(true)
    h.stop()
    h.stop() // idempotent
    expect(callTimingOn).toBe(false)
    const queue = Source.queue<number>(4).toMat(TestSink.probe<number>(), Keep.left).run({ name: 'after-stop' })
    const { resourceMetrics } = await reader.collect()
    expect(pointsOf(resourceMetrics).filter((p) => p.attributes.stream === 'after-stop')).toEqual([])
    queue.complete()
  })

  it('rejects something that is not a Meter, naming the argument', () => {
    expect(() => otelMetrics(undefined as never)).toThrow(new TypeError("otelMetrics(meter): expected an OpenTelemetry Meter (metrics.getMeter('sluice')), got undefined"))
    expect(() => otelMetrics({} as never)).toThrow(/^otelMetrics\(meter\): .*got an object without createObservableCounter$/)
    const { meter } = setup()
    expect(() => otelMetrics(meter, { streams: 3 as never })).toThrow(new TypeError('otelMetrics(options.streams): expected a function, got 3'))
  })
})
