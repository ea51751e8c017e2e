/**
 * One stage that runs a chain of `map`, `filter` and `filterMap` stages: a run fuses such a chain
 * when none of its stages carries attributes (a name, supervision). The output is the same
 * element for element — a law with a property test (test/core/fusion.test.ts) — but an element
 * crosses one stage instead of several.
 *
 * @module
 */
import { rules } from '../spec/rules.js'
import type { FusibleOp } from './Module.js'
import { LinearStage } from './StageLogic.js'

const MAP = 0
const FILTER = 1
const FILTER_MAP = 2

/** @internal */
export class FusedStage extends LinearStage<unknown, unknown> {
  private readonly kinds: number[]
  private readonly fns: ((x: unknown) => unknown)[]
  /** Which op is running: a failure is reported as raised by that operator. */
  private at = 0

  constructor(
    ops: readonly FusibleOp[],
    private readonly names: readonly string[],
  ) {
    super()
    this.kinds = ops.map((op) => (op.kind === 'map' ? MAP : op.kind === 'filter' ? FILTER : FILTER_MAP))
    this.fns = ops.map((op) => op.f)
  }

  onPush(): void {
    let x = this.grab(this.in)
    const kinds = this.kinds
    const fns = this.fns
    for (let i = 0; i < fns.length; i++) {
      this.at = i
      const kind = kinds[i]
      if (kind === MAP) {
        x = fns[i]!(x)
        // what the unfused map's push would have refused
        if (x === undefined || x === null) throw rules.nullElement(`${this.names[i]!}.out: push`)
      } else if (kind === FILTER) {
        if (!fns[i]!(x)) return this.pull(this.in)
      } else {
        x = fns[i]!(x)
        if (x === undefined || x === null) return this.pull(this.in)
      }
    }
    this.push(this.out, x)
  }

  override failureOrigin(): string {
    return this.names[this.at]!
  }
}
