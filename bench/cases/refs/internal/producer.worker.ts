// The producing side of the worker ref benchmark. On { cmd: 'ref', n, id }: runs range(0, n) into a
// SourceRef and posts it back. On { cmd: 'raw', n, batch, port }: posts 0..n-1 over `port` in
// arrays of `batch` numbers, then { done: true } (no flow control: the raw ceiling).
import { parentPort } from 'node:worker_threads'
import { Source } from '../../../../src/index.js'
import { StreamRefs } from '../../../../src/channels/worker/index.js'

type Command = { cmd: 'ref'; n: number; id: number } | { cmd: 'raw'; n: number; batch: number; port: MessagePort; id: number }

parentPort!.on('message', (m: Command) => {
  if (m.cmd === 'ref') {
    const ref = Source.range(0, m.n).runWith(StreamRefs.sourceRef<number>())
    parentPort!.postMessage({ id: m.id, ref }, [ref.port as never])
    return
  }
  const { n, batch, port } = m
  for (let i = 0; i < n; i += batch) {
    const items = new Array<number>(Math.min(batch, n - i))
    for (let j = 0; j < items.length; j++) items[j] = i + j
    port.postMessage(items)
  }
  port.postMessage({ done: true })
  port.close()
})
