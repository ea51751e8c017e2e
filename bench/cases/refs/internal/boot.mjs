// Boots a TypeScript worker for the benchmarks: registers tsx's loader in this thread, then
// imports the module named in workerData.entry (Node 20 does not pass `--import tsx` to workers).
import { workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
await import(workerData.entry)
