/**
 * What a stream ref needs from its transport: post a message, hear messages and the peer going
 * away, close. A `MessagePort` is one such transport ({@link messagePortRefPort}); a network
 * connection multiplexing several refs can be another.
 *
 * @module
 * @internal
 */
import type { RefMessage } from './protocol.js'
import type { MessagePortLike } from '../MessagePortLike.js'

/** @internal */
export interface RefPort {
  /** Sends a message to the peer. Never throws for a peer that went away; the message is dropped. */
  post(message: RefMessage): void
  /** Starts delivery: `onMessage` for each message (unchecked), `onClose` once if the peer goes away. */
  listen(onMessage: (data: unknown) => void, onClose: () => void): void
  /** Stops delivery and releases the transport; idempotent. */
  close(): void
}

/**
 * A {@link RefPort} over a `MessagePort` (browser or Node). Elements are copied with structured
 * clone. The `close` event (Node, recent browsers) reports a peer that went away; where it does
 * not exist, the idle timeout does.
 *
 * @internal
 */
export function messagePortRefPort(port: MessagePortLike): RefPort {
  let closed = false
  let onMessageListener: ((event: { readonly data: unknown }) => void) | null = null
  let onCloseListener: (() => void) | null = null
  return {
    post(message) {
      if (!closed) port.postMessage(message)
    },
    listen(onMessage, onClose) {
      onMessageListener = (event) => {
        if (!closed) onMessage(event.data)
      }
      onCloseListener = () => {
        if (!closed) onClose()
      }
      port.addEventListener('message', onMessageListener)
      port.addEventListener('close', onCloseListener)
      port.start()
    },
    close() {
      if (closed) return
      closed = true
      if (onMessageListener !== null) port.removeEventListener('message', onMessageListener)
      if (onCloseListener !== null) port.removeEventListener('close', onCloseListener)
      port.close()
    },
  }
}
