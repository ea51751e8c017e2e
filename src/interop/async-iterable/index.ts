export { asAsyncIterable, type AsyncIterableOptions } from '../../operators/interop/asAsyncIterable.js'
export { toAsyncIterable, type ToAsyncIterableOptions } from '../../operators/interop/toAsyncIterable.js'
export { fromAsyncIterable } from '../../operators/source/fromAsyncIterable.js'
