// The operators of this family, one line per file.
export * from './asAsyncIterable.js'
export * from './fromEventEmitter.js'
export * from './fromEventTarget.js'
export * from './fromReadableStream.js'
export * from './toAsyncIterable.js'
export * from './toReadableStream.js'
export * from './toWritableStream.js'
