export { fromReadableStream } from '../../operators/interop/fromReadableStream.js'
export { toReadableStream, type ToReadableStreamOptions } from '../../operators/interop/toReadableStream.js'
export { toWritableStream } from '../../operators/interop/toWritableStream.js'
