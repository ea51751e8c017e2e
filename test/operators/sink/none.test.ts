import { describe } from 'vitest'
import { Sink } from '../../../src/index.js'
import { none } from '../../../src/operators/sink/none.js'
import { quantifierLaws } from './internal/quantifierLaws.js'

describe('none', () => {
  quantifierLaws({
    name: 'none',
    op: none,
    viaSink: (p) => Sink.none(p),
    p: (x) => x > 30,
    model: (xs) => !xs.some((x) => x > 30),
    decides: (x) => x > 30,
  })
})
