/**
 * sluice/rsocket: Reactive Streams demand across the network with RSocket, over TCP or
 * WebSocket. A server exposes Sources and Flows as routes, a client turns a route into a Source
 * or a Flow, and REQUEST_N frames carry the demand between them.
 *
 * @module
 */
export { RSocketServer, type RSocketServerOptions } from './RSocketServer.js'
export { RSocketClient, type RSocketClientOptions, type RSocketRequestOptions } from './RSocketClient.js'
export { RSocketRoute, type RSocketRequestContext } from './RSocketRoute.js'
export { RSocketSerializer } from './RSocketSerializer.js'
export type { RSocketCommonOptions } from './RSocketCommonOptions.js'
export { RSocketError } from './RSocketError.js'
export { RSocketConnectionError } from './RSocketConnectionError.js'
export { RSocketSetupError } from './RSocketSetupError.js'
export { RSocketFrameError } from './RSocketFrameError.js'
