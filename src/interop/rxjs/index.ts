/**
 * Bridges between sluice and RxJS 7 (`sluice/rxjs`; `rxjs` is an optional peer dependency).
 *
 * @module
 */
export { fromObservable } from './fromObservable.js'
export { toObservable } from './toObservable.js'
export { viaFlow, type ViaFlowOptions } from './viaFlow.js'
export type { PushBufferOptions, PushOverflowStrategy } from '../../operators/interop/internal/BoundedPushSource.js'
