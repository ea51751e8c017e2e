import { describe } from 'vitest'
import { Sink } from '../../../src/index.js'
import { exists } from '../../../src/operators/sink/exists.js'
import { quantifierLaws } from './internal/quantifierLaws.js'

describe('exists', () => {
  quantifierLaws({
    name: 'exists',
    op: exists,
    viaSink: (p) => Sink.exists(p),
    p: (x) => x > 30,
    model: (xs) => xs.some((x) => x > 30),
    decides: (x) => x > 30,
  })
})
