import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { liveView } from '../../examples/live/liveView.js'

describe("the demos' live view", () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('on a terminal, redraws the block in place: up over the previous drawing, then clear to the end', () => {
    const written: string[] = []
    let n = 0
    const view = liveView(() => `frame ${++n}\nline two`, { tty: true, everyMs: 250, out: (t) => written.push(t) })
    vi.advanceTimersByTime(250)
    expect(written).toEqual(['frame 1\nline two\n'])
    vi.advanceTimersByTime(250)
    expect(written[1]).toBe('\u001b[2A\r\u001b[Jframe 2\nline two\n')
    view.log('a message')
    // the block is erased, the message printed where it was, and the block drawn again below it
    expect(written[2]).toBe('\u001b[2A\r\u001b[Ja message\n')
    expect(written[3]).toBe('frame 3\nline two\n')
    view.stop()
    vi.advanceTimersByTime(1000)
    expect(written).toHaveLength(4)
  })

  it('elsewhere (a pipe, a CI log), appends a block now and then and never moves the cursor', () => {
    const written: string[] = []
    let n = 0
    const view = liveView(() => `frame ${++n}`, { tty: false, plainEveryMs: 1000, out: (t) => written.push(t) })
    vi.advanceTimersByTime(2500)
    view.log('a message')
    view.stop()
    expect(written).toEqual(['frame 1\n\n', 'frame 2\n\n', 'a message\n\n'])
    expect(written.join('')).not.toContain('\u001b[')
  })
})
