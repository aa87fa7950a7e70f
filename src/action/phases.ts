import * as core from '../util/core.js'
import { tagFailure, type FailureKind } from '../util/errors.js'

export interface PhaseTiming {
  name: string
  ms: number
  ok: boolean
}

/** Runs each phase in its own collapsible log group and records how long it took. */
export class Phases {
  readonly timings: PhaseTiming[] = []

  constructor(private readonly clock: () => number = () => performance.now()) {}

  async run<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const start = this.clock()
    let ok = false
    try {
      const result = await core.group(name, fn)
      ok = true
      return result
    } catch (err) {
      tagFailure(err, phaseKind(name))
      throw err
    } finally {
      this.timings.push({ name, ms: Math.round(this.clock() - start), ok })
    }
  }
}

/** The failure kind of a phase, by its name: smoke and push phases, everything else builds. */
export function phaseKind(name: string): FailureKind {
  if (/smoke/i.test(name)) return 'smoke'
  if (/push|login|publish/i.test(name)) return 'push'
  return 'build'
}
