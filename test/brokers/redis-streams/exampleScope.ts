/**
 * What the TSDoc examples of sluice/redis find in scope besides sluice: `client`, an ioredis client
 * on database 9 of REDIS_URL (flushed before each example), and `redisHost` (`host:port`).
 */
import { Redis } from 'ioredis'

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
export const redisHost: string = new URL(url).host
export const client: Redis = new Redis(url, { db: 9, lazyConnect: true })
