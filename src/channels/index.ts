/**
 * sluice/channels: in-process message channels that streams and plain code share — queues that
 * answer at once, and hubs that connect many producers or many consumers to one running stream.
 *
 * @module
 */
export { sourceQueue, type SourceQueue, type QueueOfferResult } from '../operators/channels/sourceQueue.js'
export { sinkQueue, type SinkQueue, type SinkQueueOptions } from '../operators/channels/sinkQueue.js'
export { MergeHub, type DrainingControl } from './MergeHub.js'
export { BroadcastHub, type BroadcastHubOptions } from './BroadcastHub.js'
export { PartitionHub, type PartitionHubOptions } from './PartitionHub.js'
