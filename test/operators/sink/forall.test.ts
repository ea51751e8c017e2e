import { describe } from 'vitest'
import { Sink } from '../../../src/index.js'
import { forall } from '../../../src/operators/sink/forall.js'
import { quantifierLaws } from './internal/quantifierLaws.js'

describe('forall', () => {
  quantifierLaws({
    name: 'forall',
    op: forall,
    viaSink: (p) => Sink.forall(p),
    p: (x) => x < 30,
    model: (xs) => xs.every((x) => x < 30),
    decides: (x) => !(x < 30),
  })
})
