/**
 * What a {@link FlowMonitor} has seen last.
 *
 * @category lifecycle
 * @since 0.1.0
 */
export type FlowMonitorState<T> =
  | { readonly kind: 'initialized' }
  | { readonly kind: 'received'; readonly value: T }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'finished' }

/**
 * The handle `monitor()` materializes: the state of the stream at that point, read at any time
 * from outside the stream. Reading allocates; passing an element does not.
 *
 * @category lifecycle
 * @since 0.1.0
 */
export class FlowMonitor<T> {
  /** @internal */ kind: FlowMonitorState<T>['kind'] = 'initialized'
  /** @internal */ last: T | undefined = undefined
  /** @internal */ error: unknown = undefined

  /** The last event: nothing yet, the last element passed, the failure, or the end (completion or cancel). */
  get state(): FlowMonitorState<T> {
    switch (this.kind) {
      case 'received':
        return { kind: 'received', value: this.last as T }
      case 'failed':
        return { kind: 'failed', error: this.error }
      case 'finished':
        return { kind: 'finished' }
      case 'initialized':
        return { kind: 'initialized' }
    }
  }
}
