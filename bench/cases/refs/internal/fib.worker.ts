// The worker of the pool benchmark: answers each task with fib(input).
import { parentPort } from 'node:worker_threads'
import { serveTasks } from '../../../../src/channels/worker/serveTasks.js'
import { fib } from './fib.js'

serveTasks((n: number) => fib(n), parentPort!)
