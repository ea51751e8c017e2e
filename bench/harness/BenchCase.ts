/**
 * One benchmark case: one library doing one scenario. The driver (`npm run bench`) runs each
 * (scenario, library) pair in a fresh `node --expose-gc` child process, so that no library shares
 * V8's inline caches or JIT state with another, and reports each library's median as a ratio to
 * the scenario's baseline measured in the same run.
 *
 * Cases live in `bench/cases/<group>/<name>.case.ts`, each exporting `cases: BenchCase[]`.
 */
export interface BenchCase<Ctx = unknown> {
  /** Scenario id, shared by all libraries doing the same work, e.g. `'S1'` or `'projection.sqlite.exactly-once'`. */
  readonly scenario: string
  /** What the scenario does, one line, e.g. `'range(1e6) -> map -> filter -> scan -> last'`. */
  readonly title: string
  /** Who does it: `'sluice'`, `'plain loop'`, `'rxjs'`, `'@most/core'`, `'emmett'`, ... */
  readonly library: string
  /** The reference the scenario's ratios are computed against (exactly one per scenario). */
  readonly baseline?: boolean
  /** Environment variables the case needs (e.g. `PG_URL`); without them it is reported as skipped. */
  readonly requires?: readonly string[]
  /** Timed passes (default 5). */
  readonly passes?: number
  /** Once per child process, untimed: open databases, load data, start servers. */
  setup?(): Promise<Ctx> | Ctx
  /** Untimed, before every pass (warm-up included): reset state the pass consumes. */
  beforePass?(context: Ctx): Promise<void> | void
  /** One timed pass. Resolves with a checksum; every pass and every library of a scenario must agree. */
  run(context: Ctx): Promise<number> | number
  /** Once, untimed, at the end: close what setup opened. */
  teardown?(context: Ctx): Promise<void> | void
  /**
   * Also report the live heap (MiB), for memory-bound scenarios: the peak, over one extra untimed
   * pass, of the heap (plus array buffers) left after a full `gc()` (sampled every few ms while the pass waits on the
   * host, and once at its end), minus the heap before that pass.
   */
  readonly measureHeap?: boolean
  /** A remark the report prints under the group's table, e.g. how a library without an operator expresses the scenario. */
  readonly note?: string
  /** A goal the report checks this case against (met, or missed by how much). */
  readonly target?: BenchTarget
  /** Wall-clock limit for the whole child process (setup, warm-up, passes, teardown), in ms; default 60,000. */
  readonly timeoutMs?: number
}

/**
 * A goal for one case, checked in the report: its ratio at most `withinRatio`, below the ratio of
 * each library in `aheadOf` (`'*'`: every other non-baseline library of the scenario), its live
 * heap at most `maxHeapMiB`.
 */
export interface BenchTarget {
  readonly withinRatio?: number
  readonly aheadOf?: readonly string[]
  readonly maxHeapMiB?: number
}

/**
 * A (scenario, library) pair a case file declares it cannot express, with the reason; the report
 * shows `n/a` and lists the reason. Case files may export `notApplicable: NotApplicable[]`.
 */
export interface NotApplicable {
  readonly scenario: string
  readonly library: string
  readonly reason: string
}
