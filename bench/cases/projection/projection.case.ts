/**
 * Projections, 1,000,000 events (`SLUICE_BENCH_PROJECTION_EVENTS` lowers it for a quick run): see
 * `projectionCases.ts`.
 */
import type { BenchCase } from '../../harness/BenchCase.js'
import { projectionCases } from './projectionCases.js'

const EVENTS = Number(process.env.SLUICE_BENCH_PROJECTION_EVENTS ?? 1_000_000)

export const cases: BenchCase[] = projectionCases(EVENTS, 'sluice_bench_projection', 'projection')
