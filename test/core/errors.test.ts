/**
 * Failures name the stage they started in (`failedStage`), user errors travel unchanged, and a
 * stage that breaks the stage protocol fails with a StageProtocolError naming the port.
 */
import { describe, expect, it } from 'vitest'
import { failedStage, NonErrorThrown, Sink, Source, StageProtocolError } from '../../src/index.js'
import { flowOf, sinkOf, sourceOf } from '../../src/core/index.js'
import { deferred } from '../../src/core/deferred.js'
import { LinearStage, SinkStage, SourceStage } from '../../src/core/StageLogic.js'
import { rules } from '../../src/spec/rules.js'

describe('errors name the failing stage', () => {
  it('a throwing user function fails the stream with the original error, recorded against its stage', async () => {
    const boom = new Error('boom')
    const err = await Source.range(1, 5)
      .map((x) => x)
      .filter(() => {
        throw boom
      })
      .map((x) => x)
      .runCollect()
      .catch((e: unknown) => e)
    expect(err).toBe(boom)
    expect(failedStage(err)?.stage).toBe('filter')
  })

  it('uses the name given with named()', async () => {
    const err = await Source.single(1)
      .map(() => {
        throw new Error('x')
      })
      .named('parse-order')
      .runCollect()
      .catch((e: unknown) => e)
    expect(failedStage(err)?.stage).toBe('parse-order')
  })

  it('keeps the first stage as the origin when the failure travels downstream', async () => {
    const boom = new Error('up')
    const err = await Source.range(1, 3)
      .map(() => {
        throw boom
      })
      .map((x) => x)
      .filter(() => true)
      .runWith(Sink.ignore())
      .catch((e: unknown) => e)
    expect(err).toBe(boom)
    expect(failedStage(err)?.stage).toBe('map')
  })

  // Failures raised with failStage(error) (Source.failed, limit's StreamLimitReachedError, a
  // rejected Promise) are recorded too: the first stage to fail with an error is its origin.
  it('names the stage for failures raised with failStage, not thrown (Source.failed, limit)', async () => {
    const boom = new Error('up')
    const err = await Source.failed(boom).map((x) => x).runWith(Sink.ignore()).catch((e: unknown) => e)
    expect(err).toBe(boom)
    expect(failedStage(err)?.stage).toBe('failed')
    const limitErr = await Source.range(1, 5).limit(2).runCollect().catch((e: unknown) => e)
    expect(failedStage(limitErr)?.stage).toBe('limit')
  })

  it('wraps a thrown non-Error in NonErrorThrown with the value as cause', async () => {
    const err = await Source.single(1)
      .map(() => {
        throw 'oops'  
      })
      .runCollect()
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NonErrorThrown)
    expect((err as NonErrorThrown).cause).toBe('oops')
    expect((err as Error).message).toBe('map: a non-Error value was thrown: oops')
    expect(failedStage(err)?.stage).toBe('map')
  })

  it('failedStage is undefined for errors the runtime never saw', () => {
    expect(failedStage(new Error('x'))).toBeUndefined()
    expect(failedStage('x')).toBeUndefined()
  })
})

/** Runs a one-stage source whose behaviour is `onPull`/`preStart`, into a collecting sink. */
function runSource(name: string, behaviour: { preStart?: (s: SourceStage<number>) => void; onPull?: (s: SourceStage<number>) => void }): Promise<number[]> {
  class Misbehaving extends SourceStage<number> {
    override preStart(): void {
      behaviour.preStart?.(this)
    }
    onPull(): void {
      behaviour.onPull?.(this)
    }
  }
  return Source.fromGraph(sourceOf<number>(name, () => new Misbehaving())).runCollect()
}

/** Runs `range(1, 3)` through a one-stage flow whose handlers are given, into a collecting sink. */
function runFlow(name: string, handlers: { onPush?: (s: LinearStage<number, number>) => void; onPull?: (s: LinearStage<number, number>) => void }): Promise<number[]> {
  class Misbehaving extends LinearStage<number, number> {
    onPush(): void {
      if (handlers.onPush !== undefined) handlers.onPush(this)
      else this.push(this.out, this.grab(this.in))
    }
    override onPull(): void {
      if (handlers.onPull !== undefined) handlers.onPull(this)
      else this.pull(this.in)
    }
  }
  return Source.range(1, 3).via(flowOf<number, number>(name, () => new Misbehaving())).runCollect()
}

async function protocolError(p: Promise<unknown>): Promise<StageProtocolError> {
  const err = await p.then(
    () => {
      throw new Error('expected the stream to fail')
    },
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(StageProtocolError)
  expect((err as Error).name).toBe('StageProtocolError')
  return err as StageProtocolError
}

describe('stage protocol misuse throws StageProtocolError naming the port', () => {
  it('push before pull', async () => {
    const err = await protocolError(runSource('eager', { preStart: (s) => s.push(s.out, 1) }))
    expect(err.message).toBe('eager.out: push before pull')
    expect(failedStage(err)?.stage).toBe('eager')
  })

  it('push twice for one pull', async () => {
    class Twice extends SourceStage<number> {
      onPull(): void {
        this.push(this.out, 1)
        this.push(this.out, 2)
      }
    }
    // a sink that pulls once and never again, so the second push has no pull to answer
    const result = deferred<unknown>()
    class PullOnce extends SinkStage<number> {
      override preStart(): void {
        this.pull(this.in)
      }
      onPush(): void {
        this.grab(this.in)
      }
      override onUpstreamFailure(error: unknown): void {
        result.reject(error)
        this.failStage(error)
      }
      override onUpstreamFinish(): void {
        result.resolve(undefined)
        this.completeStage()
      }
    }
    Source.fromGraph(sourceOf<number>('twice', () => new Twice())).runWith(sinkOf<number>('pullOnce', () => new PullOnce()))
    const err = await protocolError(result.promise)
    expect(err.message).toBe('twice.out: push before pull')
    expect(failedStage(err)?.stage).toBe('twice')
  })

  it('pull twice', async () => {
    const err = await protocolError(
      runFlow('greedy', {
        onPull: (s) => {
          s.pull(s.in)
          s.pull(s.in)
        },
      }),
    )
    expect(err.message).toBe('greedy.in: pull twice (already pulled)')
  })

  it('pull before grab', async () => {
    const err = await protocolError(runFlow('hasty', { onPush: (s) => s.pull(s.in) }))
    expect(err.message).toBe('hasty.in: pull before grab (an element is still available)')
  })

  it('grab with nothing available', async () => {
    const err = await protocolError(runFlow('grabby', { onPull: (s) => void s.grab(s.in) }))
    expect(err.message).toBe('grabby.in: grab with no element available')
  })

  // A handler that throws after its stage closed all of its outlets (here a push after complete)
  // has no way to fail downstream: the error goes to onUnhandledError instead of being lost.
  it('a sink that throws from an async callback after its inlet closed is reported, not lost', async () => {
    const unhandled: unknown[] = []
    const settled = deferred<void>()
    // a sink that keeps going after completion to finish async work, whose callback then throws
    class Finisher extends SinkStage<number> {
      private readonly finish = this.getAsyncCallback<void>(() => {
        settled.resolve()
        throw new Error('finishing failed')
      })
      override preStart(): void {
        this.pull(this.in)
      }
      onPush(): void {
        this.grab(this.in)
        this.pull(this.in)
      }
      override onUpstreamFinish(): void {
        this.setKeepGoing(true)
        void Promise.resolve().then(() => this.finish())
      }
    }
    Source.range(1, 3).runWith(sinkOf<number>('finisher', () => new Finisher()), { onUnhandledError: (e) => unhandled.push(e) })
    await settled.promise
    await new Promise((r) => setTimeout(r, 10))
    expect(unhandled).toHaveLength(1)
    expect((unhandled[0] as Error).message).toBe('finishing failed')
    expect(failedStage(unhandled[0])?.stage).toBe('finisher')
  })

  it('push to a closed port is reported (here: to onUnhandledError, as the stream already completed)', async () => {
    const unhandled: unknown[] = []
    class Late extends SourceStage<number> {
      onPull(): void {
        this.complete(this.out)
        this.push(this.out, 1)
      }
    }
    const out = await Source.fromGraph(sourceOf<number>('late', () => new Late())).runWith(Sink.collect<number>(), {
      onUnhandledError: (e) => unhandled.push(e),
    })
    expect(out).toEqual([])
    expect(unhandled).toHaveLength(1)
    expect(unhandled[0]).toBeInstanceOf(StageProtocolError)
    expect((unhandled[0] as Error).message).toBe('late.out: push to a closed port')
  })

  it('push of null or undefined throws a TypeError citing §2.13', async () => {
    for (const bad of [null, undefined]) {
      const err = await runSource('nully', { onPull: (s) => s.push(s.out, bad as never) }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(TypeError)
      expect((err as Error).message).toBe(rules.nullElement('nully.out: push').message)
    }
  })
})
