import { requireFunction } from '../../core/args.js'
import { sourceOf, type NotUsed, type SourceGraph } from '../../core/Graph.js'
import { SourceStage } from '../../core/StageLogic.js'

/**
 * Opens a resource with `create` when the stream starts, emits what `read` returns for each pull
 * until it returns `undefined`, and closes the resource with `close`: exactly once, whether the
 * stream completes, fails or is cancelled.
 *
 * ```
 * out:    -a--b--c--|       unfoldResource(open, readLine, close)
 * close:            ^       (also on cancel, and after read throws)
 * ```
 * - **Emits when** downstream pulls and `read` returns an element
 * - **Completes when** `read` returns `undefined` (after `close`)
 * - **Fails when** `create`, `read` or `close` throws (the resource is still closed once it was opened)
 * - **Cancels when** downstream cancels (the resource is closed)
 *
 * `close` runs inside the stream when it completes or is cancelled, so a throwing `close` fails
 * the stream; after a failure it runs as the stage stops and what it throws goes to the run's
 * `onUnhandledError` hook.
 *
 * @example
 * ```ts
 * const lines = ['first', 'second']
 * const source = Source.unfoldResource(
 *   () => ({ next: 0 }),                                         // open a cursor
 *   (cursor) => lines[cursor.next++],                            // read; undefined ends the stream
 *   () => console.log('cursor closed'),                          // close, exactly once
 * )
 * await source.runCollect() // ['first', 'second']
 * ```
 * @see {@link unfoldResourceAsync}, {@link operators!source.unfold | unfold}
 * @category restart
 * @since 0.1.0
 */
export function unfoldResource<R, T>(create: () => R, read: (resource: R) => T | undefined, close: (resource: R) => void): SourceGraph<T, NotUsed> {
  requireFunction('unfoldResource', 'create', create)
  requireFunction('unfoldResource', 'read', read)
  requireFunction('unfoldResource', 'close', close)
  return sourceOf('unfoldResource', () => new UnfoldResource(create, read, close))
}

class UnfoldResource<R, T> extends SourceStage<T> {
  private resource: R = undefined as R
  private open = false
  constructor(
    private readonly create: () => R,
    private readonly read: (resource: R) => T | undefined,
    private readonly close: (resource: R) => void,
  ) {
    super()
  }
  override preStart(): void {
    this.resource = this.create()
    this.open = true
  }
  onPull(): void {
    const elem = this.read(this.resource)
    if (elem !== undefined && elem !== null) return this.push(this.out, elem)
    this.closeResource()
    this.completeStage()
  }
  override onDownstreamFinish(): void {
    this.closeResource()
    this.completeStage()
  }
  override postStop(): void {
    this.closeResource() // after a failure; a no-op when it was closed already
  }
  private closeResource(): void {
    if (!this.open) return
    this.open = false // before the call: a close that throws is not called again
    this.close(this.resource)
  }
}
