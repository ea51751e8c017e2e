/**
 * Every operator as a standalone blueprint factory, grouped by family. Each returns a
 * `SourceGraph`, `FlowGraph` or `SinkGraph` that the DSL accepts (`source.via(simple.take(3))`);
 * most are also methods on `Source` and `Flow`.
 *
 * @example
 * ```ts
 * import { Source } from 'sluice'
 * import { simple } from 'sluice/operators'
 * await Source.range(1, 10).via(simple.take(3)).runCollect() // [1, 2, 3]
 * ```
 * @module
 */
export * as async from './async/index.js'
export * as buffer from './buffer/index.js'
export * as channels from './channels/index.js'
export * as error from './error/index.js'
export * as fanIn from './fan-in/index.js'
export * as fanOut from './fan-out/index.js'
export * as interop from './interop/index.js'
export * as lifecycle from './lifecycle/index.js'
export * as restart from './restart/index.js'
export * as simple from './simple/index.js'
export * as sink from './sink/index.js'
export * as source from './source/index.js'
export * as substream from './substream/index.js'
export * as time from './time/index.js'
