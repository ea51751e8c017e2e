/**
 * The Reactive Streams TCK: checks of the specification's rules as plain async functions.
 * `registerWithVitest` lives in `./vitest.js`, the only module that imports vitest.
 *
 * @module
 */
export { TckSkip, type TckCheck, type TckOptions } from './TckCheck.js'
export { verifyPublisher, type PublisherTckOptions } from './verifyPublisher.js'
export { verifySubscriber, verifySubscriberWhitebox, type SubscriberTckOptions, type WhiteboxTckOptions } from './verifySubscriber.js'
export { verifyProcessor, type ProcessorTckOptions } from './verifyProcessor.js'
export { WhiteboxProbe, type SubscriberPuppet } from './WhiteboxProbe.js'
export { whiteboxFromSource } from './whiteboxFromSource.js'
