import type { StageLogic } from '../../../core/StageLogic.js'

/**
 * Returns a function that removes the stop hook `owner` registered last (call it right after
 * creating a `SubSinkInlet` or `SubSourceOutlet`, which each register one) once that substream
 * is over.
 *
 * Why: a stage that runs many substreams one after another (flatMapConcat over an endless
 * stream, groupBy, splitWhen, restarts) would otherwise keep one hook per finished substream,
 * and through it the substream's stages, until the owner stops: memory that grows with every
 * substream. `StageLogic.onStop` has no way to unregister; this reaches into its list. A hook
 * that already ran (the owner stopped) is simply not found.
 *
 * @internal
 */
export function releaseLastStopHook(owner: StageLogic): () => void {
  const hooks = owner.stopHooks
  const hook = hooks === null ? undefined : hooks[hooks.length - 1]
  return () => {
    const live = owner.stopHooks
    if (live === null || hook === undefined) return
    const i = live.lastIndexOf(hook)
    if (i >= 0) live.splice(i, 1)
  }
}
