export { asAsyncIterable, type AsyncIterableOptions } from './asAsyncIterable.js'
export { toAsyncIterable, type ToAsyncIterableOptions } from './toAsyncIterable.js'
