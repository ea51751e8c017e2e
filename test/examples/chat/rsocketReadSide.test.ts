import { describe, expect, it } from 'vitest'
import { runRSocketDemo } from '../../../examples/chat/rsocketDemo.js'

describe('chat example: the read side served over RSocket', () => {
  it('another process follows the live messages in small batches, in order, none twice', async () => {
    const summary = await runRSocketDemo(60)
    expect(summary.read).toBe(60)
    expect(summary.problems).toEqual([])
    expect(summary.rooms).toEqual(['room-1', 'room-2'])
  }, 30_000)
})
