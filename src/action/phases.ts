import * as core from '../util/core.js'

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
    } finally {
      this.timings.push({ name, ms: Math.round(this.clock() - start), ok })
    }
  }
}
