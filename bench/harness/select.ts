import { byScenarioId } from './compare.js'
import type { CaseEntry } from './discover.js'

/**
 * Picks the cases named on the command line (`npm run bench -- S1 rxjs`). Each word names a
 * scenario (`S2` selects `S2`, `S2.p1` and `S2.p8`), else a library (`most` selects `@most/core`,
 * case-insensitive), else a group (`eventstore`). Words of one kind add up; kinds narrow each
 * other: `S1 rxjs effect` is S1 and its variants for RxJS and Effect. The baseline of every
 * selected scenario is always run too, since ratios come from the same run. No words: every case.
 *
 * @example
 * selectCases(entries, ['S1', 'rxjs'])
 */
export function selectCases(entries: readonly CaseEntry[], words: readonly string[]): CaseEntry[] {
  const scenarioMatch = (word: string, scenario: string): boolean => scenario === word || scenario.startsWith(`${word}.`)
  const libraryMatch = (word: string, library: string): boolean => library.toLowerCase().includes(word.toLowerCase())
  const scenarios: string[] = []
  const libraries: string[] = []
  const groups: string[] = []
  for (const word of words) {
    if (entries.some((e) => scenarioMatch(word, e.benchCase.scenario))) scenarios.push(word)
    else if (entries.some((e) => libraryMatch(word, e.benchCase.library))) libraries.push(word)
    else if (entries.some((e) => e.group === word)) groups.push(word)
    else throw new Error(`npm run bench -- ${words.join(' ')}: "${word}" names no scenario, library or group`)
  }
  const picked = entries.filter(
    (e) =>
      (scenarios.length === 0 || scenarios.some((w) => scenarioMatch(w, e.benchCase.scenario))) &&
      (libraries.length === 0 || libraries.some((w) => libraryMatch(w, e.benchCase.library))) &&
      (groups.length === 0 || groups.includes(e.group)),
  )
  const chosen = new Set(picked.map((e) => e.benchCase.scenario))
  return entries.filter((e) => picked.includes(e) || (e.benchCase.baseline === true && chosen.has(e.benchCase.scenario)))
}

/**
 * The order the children run in: group by group, scenario by scenario, the baseline first and then
 * the other libraries, so that a scenario's ratios come from cases run minutes apart at most, not
 * from either end of a long run on a machine whose load drifts.
 *
 * @example
 * for (const entry of runOrder(selectCases(entries, words))) await runChild(entry, childJs)
 */
export function runOrder(entries: readonly CaseEntry[]): CaseEntry[] {
  const groups = [...new Set(entries.map((e) => e.group))]
  return [...entries].sort(
    (a, b) =>
      groups.indexOf(a.group) - groups.indexOf(b.group) ||
      byScenarioId(a.benchCase.scenario, b.benchCase.scenario) ||
      Number(b.benchCase.baseline === true) - Number(a.benchCase.baseline === true) ||
      entries.indexOf(a) - entries.indexOf(b),
  )
}
