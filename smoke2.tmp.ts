import { Source, Sink } from './src/index.js'
const p = Source.range(0, 20).log('up', {logger: {debug: (m) => console.log(m), error: console.log}}).runWith(Sink.asPublisher())
const orig = p.subscribe.bind(p)
p.subscribe = (s: any) => orig({ onSubscribe(sub: any) { s.onSubscribe({ request(n: number) { console.log('REQ', n); sub.request(n) }, cancel() { sub.cancel() } }) }, onNext: (x: any) => { try { s.onNext(x) } catch (e) { console.log("THROW", e); throw e } }, onError: (e: any) => s.onError(e), onComplete: () => s.onComplete() })
const { Interpreter } = await import("./src/core/Interpreter.js"); const o = (Interpreter.prototype as any).handlerFailed; (Interpreter.prototype as any).handlerFailed = function (l: any, e: any) { console.log("FAILED", l.name, e); return o.call(this, l, e) }
const r = await Promise.race([Source.fromPublisher(p).runCollect(), new Promise(r => setTimeout(() => r('TIMEOUT'), 500))])
console.log(r)
