export { fromReadableStream } from './fromReadableStream.js'
export { toReadableStream, type ToReadableStreamOptions } from './toReadableStream.js'
export { toWritableStream } from './toWritableStream.js'
