import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { captureBuildSites, failedStage, Sink, Source } from '../../src/index.js'

const here = /buildSites\.test\.ts:(\d+):\d+$/
const source = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n')

/** The line in this file a site points at. */
function lineOf(site: string | undefined): number {
  const m = here.exec(site ?? '')
  if (m === null) throw new Error(`not a site in this file: ${String(site)}`)
  return Number(m[1])
}

/** The line of this file that carries the comment `// site: <tag>`. */
function marked(tag: string): number {
  return source.findIndex((l) => l.endsWith(`// site: ${tag}`)) + 1
}

const boom = (x: number): number => {
  if (x === 2) throw new Error('boom')
  return x
}

describe('build sites', () => {
  afterEach(() => {
    captureBuildSites(true)
  })

  it('failedStage names an unfused operator and the line that built it', async () => {
    const err = await Source.from([1, 2, 3])
      .mapAsync(1, async (x) => x)
      .map(boom) // site: unfused
      .runWith(Sink.collect()) // site: unfused-run
      .catch((e: unknown) => e)
    const origin = failedStage(err)
    expect(origin?.stage).toBe('map')
    expect(lineOf(origin?.builtAt)).toBe(marked('unfused'))
    expect(lineOf(origin?.site)).toBe(marked('unfused-run'))
  })

  it('inside a fused chain, the operator that threw and its own line', async () => {
    const err = await Source.range(1, 5)
      .map((x) => x + 1)
      .filter((x) => x > 0)
      .map(boom) // site: fused
      .map((x) => x * 2)
      .runFold(0, (a, b) => a + b)
      .catch((e: unknown) => e)
    const origin = failedStage(err)
    expect(origin?.stage).toBe('map')
    expect(lineOf(origin?.builtAt)).toBe(marked('fused'))
  })

  it('a named stage is reported under its name, and still fuses', async () => {
    const err = await Source.range(1, 5)
      .map(boom) // site: named
      .named('parse-order')
      .runWith(Sink.ignore())
      .catch((e: unknown) => e)
    expect(failedStage(err)?.stage).toBe('parse-order')
    expect(lineOf(failedStage(err)?.builtAt)).toBe(marked('named'))
  })

  it('errors the runtime raises name the stage that raised them and where it was built', async () => {
    const err = await Source.empty<number>()
      .runWith(Sink.head()) // site: head
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    expect(failedStage(err)?.stage).toBe('head')
    expect(lineOf(failedStage(err)?.builtAt)).toBe(marked('head'))
  })

  it('a source and a sink report their own lines', async () => {
    const failing = Source.failed<number>(new Error('no source')) // site: failed
    const err = await failing.runWith(Sink.ignore()).catch((e: unknown) => e)
    expect(failedStage(err)?.stage).toBe('failed')
    expect(lineOf(failedStage(err)?.builtAt)).toBe(marked('failed'))
    const sinkErr = await Source.single(1)
      .runWith(Sink.forEach(() => { throw new Error('sink') })) // site: forEach
      .catch((e: unknown) => e)
    expect(failedStage(sinkErr)?.stage).toBe('forEach')
    expect(lineOf(failedStage(sinkErr)?.builtAt)).toBe(marked('forEach'))
  })

  it('switched off (as NODE_ENV=production does), nothing is captured but the stage name stays', async () => {
    captureBuildSites(false)
    const err = await Source.range(1, 5).map(boom).runWith(Sink.ignore()).catch((e: unknown) => e)
    expect(failedStage(err)?.stage).toBe('map')
    expect(failedStage(err)?.builtAt).toBeUndefined()
  })
})
