/**
 * The bridges that run anywhere (Node, browsers, Deno): async iterables, WHATWG streams and
 * events. They import nothing from Node. RxJS is in `sluice/rxjs`, Node streams in `sluice/node`.
 *
 * @module
 */
export * from './async-iterable/index.js'
export * from './web-streams/index.js'
export * from './events/index.js'
export type { PushBufferOptions, PushOverflowStrategy } from '../operators/interop/internal/BoundedPushSource.js'
