import { describe, expect, it } from 'vitest'
import { Source } from '../../src/index.js'
import { expectTimeline, parseTimeline, renderTimeline, TestkitAssertionError, timelineSource, VirtualScheduler } from '../../src/testkit/index.js'

describe('parseTimeline', () => {
  it('reads ticks, elements, groups and terminals', () => {
    const t = parseTimeline('out: -a-(bc)|  a comment', { a: 1, b: 2, c: 3 })
    expect(t.events).toEqual([
      { time: 1, kind: 'next', value: 1 },
      { time: 3, kind: 'next', value: 2 },
      { time: 3, kind: 'next', value: 3 },
      { time: 7, kind: 'complete' },
    ])
    expect(t.duration).toBe(8)
  })
  it('reads subscription and cancel marks, bracketed elements, open ends and tick sizes', () => {
    const up = parseTimeline('up:  ^-----!', {}, { tickMs: 10 })
    expect([up.subscribedAt, up.cancelledAt, up.events]).toEqual([0, 60, []])
    expect(parseTimeline('-[1,a]-x...').events).toEqual([
      { time: 1, kind: 'next', value: '1,a' },
      { time: 7, kind: 'next', value: 'x' },
    ])
    expect(parseTimeline('--x...').open).toBe(true)
    const boom = new Error('boom')
    expect(parseTimeline('-#', {}, { error: boom }).events).toEqual([{ time: 1, kind: 'error', error: boom }])
  })
  it('rejects malformed timelines with the tick', () => {
    expect(() => parseTimeline('-a|b')).toThrow("parseTimeline: 'b' after the stream terminated at tick 3 in '-a|b'")
    expect(() => parseTimeline('-(ab')).toThrow(/'\(' without '\)'/)
    expect(() => parseTimeline('-(a(b))')).toThrow(/nested group/)
  })
  it('renders events back', () => {
    const t = parseTimeline('-a-(bc)-|', { a: 1, b: 2, c: 3 })
    expect(renderTimeline(t.events, { a: 1, b: 2, c: 3 })).toBe('-a-(bc)-|')
    expect(renderTimeline([{ time: 0, kind: 'next', value: 42 }, { time: 6, kind: 'error', error: 1 }])).toBe('[42]--#')
  })
})

describe('expectTimeline and timelineSource', () => {
  it('passes a matching timeline', async () => {
    await expectTimeline(timelineSource('-a-b|').map((x) => x.toUpperCase()), '-A-B|')
  })
  it('fails with both timelines drawn', async () => {
    const err = await expectTimeline(timelineSource('-a-b|'), '-a--b|').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TestkitAssertionError)
    expect((err as Error).message).toContain('expected: -a--b|\n  actual:   -a-b|')
  })
  it('records subscription and cancel on the source', async () => {
    const { mat } = await expectTimeline(timelineSource('-a-b-c-d|').take(2), '-a-(b|)')
    expect(mat.subscription()).toBe('^--!')
  })
  it('uses tickMs and a given scheduler', async () => {
    const scheduler = new VirtualScheduler()
    await expectTimeline(timelineSource('-a-b|', {}, { tickMs: 100 }), '-a-b|', {}, { tickMs: 100, scheduler })
    expect(scheduler.now()).toBe(400)
  })
  it('matches # against the error option', async () => {
    const boom = new RangeError('boom')
    await expectTimeline(Source.failed(boom), '#', {}, { error: RangeError })
    await expect(expectTimeline(Source.failed(boom), '#', {}, { error: TypeError })).rejects.toThrow(/expected timeline/)
  })
  it('cancels an endless stream at the end of the window', async () => {
    const { mat } = await expectTimeline(timelineSource('-a-b-c-d-e|'), '-a-b')
    expect(mat.cancelledAt).toBe(3)
  })
})
