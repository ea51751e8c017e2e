/**
 * sluice/worker: location transparency across threads. Stream references ({@link SourceRef},
 * {@link SinkRef}) carry a running stream, with its demand, over a `MessagePort` to a Web Worker
 * or a Node `worker_threads` worker; {@link WorkerPool} runs a function in a pool of workers as a
 * backpressured `Flow`. Nothing here imports `node:*`: workers are created by a factory you pass.
 *
 * @module
 */
export { StreamRefs, type StreamRefOptions, type StreamRefReceiveOptions } from './StreamRefs.js'
export type { SourceRef } from './SourceRef.js'
export type { SinkRef } from './SinkRef.js'
export type { MessagePortLike } from './MessagePortLike.js'
export { StreamRefError } from './StreamRefError.js'
export { StreamRefProtocolError } from './StreamRefProtocolError.js'
export { StreamRefSequenceError } from './StreamRefSequenceError.js'
export { StreamRefTimeoutError } from './StreamRefTimeoutError.js'
export { StreamRefRemoteError } from './StreamRefRemoteError.js'
export { StreamRefPeerLostError } from './StreamRefPeerLostError.js'
export { WorkerPool, type WorkerPoolOptions } from './WorkerPool.js'
export { serveTasks, type TaskEndpoint } from './serveTasks.js'
export type { WorkerLike, NodeWorkerLike, WebWorkerLike } from './WorkerLike.js'
export { WorkerCrashedError } from './WorkerCrashedError.js'
export { WorkerTaskError } from './WorkerTaskError.js'
