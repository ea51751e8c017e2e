/**
 * Interpreter.ts and StageLogic.ts keep their own copies of the connection state bits of ports.ts
 * (V8 does not fold a constant imported from another module; see the comment above the copies):
 * every copy must agree with the original, or a stage would test one bit and set another.
 */
import { describe, expect, it } from 'vitest'
import { STATE_BITS as interpreterBits } from '../../src/core/Interpreter.js'
import * as ports from '../../src/core/ports.js'
import { STATE_BITS as stageBits } from '../../src/core/StageLogic.js'

describe('connection state bits', () => {
  it.each([
    ['Interpreter.ts', interpreterBits],
    ['StageLogic.ts', stageBits],
  ])('%s copies them from ports.ts unchanged', (_file, bits) => {
    const original = ports as unknown as Record<string, unknown>
    expect(Object.keys(bits).length).toBeGreaterThan(0)
    for (const [name, value] of Object.entries(bits)) expect({ name, value }).toEqual({ name, value: original[name] })
  })

  it('the bits are distinct powers of two, PENDING the union of the P_ signals', () => {
    const single = [ports.PULLED, ports.HAS_ELEM, ports.UP_DONE, ports.DOWN_DONE, ports.IN_CLOSED, ports.OUT_CLOSED, ports.FAILED, ports.P_PULL, ports.P_PUSH, ports.P_CLOSE, ports.P_CANCEL, ports.REPULL]
    expect(new Set(single).size).toBe(single.length)
    for (const bit of single) expect(bit & (bit - 1)).toBe(0)
    expect(ports.PENDING).toBe(ports.P_PULL | ports.P_PUSH | ports.P_CLOSE | ports.P_CANCEL)
  })
})
