import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { runningStreams, type RunningStream, Sink, Source } from '../../src/index.js'

// vitest workers do not run with --expose-gc; the flag can still be set at run time
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

async function collect(): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await new Promise((r) => setTimeout(r, 5))
    gc()
  }
}

describe('the registry of running streams', () => {
  it('does not keep alive a stuck run that nothing references any more', async () => {
    let ref: WeakRef<RunningStream> | undefined
    // A Promise nobody can settle: once dropped, the run can never move again.
    ;(() => {
      Source.single(1)
        .mapAsync(1, () => new Promise<number>(() => {}))
        .runWith(Sink.ignore(), { name: 'abandoned', onStart: (s) => (ref = new WeakRef(s)) })
    })()
    expect(runningStreams('abandoned')).toHaveLength(1)
    await collect()
    expect(ref!.deref()).toBeUndefined()
    expect(runningStreams('abandoned')).toEqual([])
  })

  it('keeps listing a stuck run that something can still wake', async () => {
    let settle: ((x: number) => void) | undefined
    const done = Source.single(1)
      .mapAsync(1, () => new Promise<number>((resolve) => (settle = resolve)))
      .runWith(Sink.collect(), { name: 'waiting' })
    await collect()
    expect(runningStreams('waiting')).toHaveLength(1)
    settle!(2)
    expect(await done).toEqual([2])
    expect(runningStreams('waiting')).toEqual([])
  })
})
