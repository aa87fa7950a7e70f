/** A regex that must (or, for fail patterns, must not) appear in the container output. */
export interface LogPattern {
  /** The pattern as the user wrote it, without the ` xN` suffix; used in messages. */
  source: string
  regex: RegExp
  /** How many matching lines are required (` xN`); fail patterns always use 1. */
  count: number
}

export interface HttpProbe {
  url: string
  /** Exact status to expect; undefined means any 2xx. */
  status?: number
  body?: RegExp
}

export type HealthMode = 'auto' | 'true' | 'false'

/** Everything one container run needs; top-level inputs are the defaults for every scenario. */
export interface ScenarioOptions {
  name: string
  command?: string[]
  args: string[]
  env: [string, string][]
  logPatterns: LogPattern[]
  logOrder: boolean
  failPatterns: LogPattern[]
  timeoutSec: number
  settleSec: number
  http: HttpProbe[]
  /** After the log checks pass (or a probe first answers), wrong answers are retried this long. */
  httpGraceSec: number
  health: HealthMode
  exitCode?: number
  user?: string
  workdir?: string
  network?: string
  ports: string[]
}

export interface SmokeOptions {
  enabled: boolean
  scenarios: ScenarioOptions[]
  /** Values only ever reach docker through a 0600 env file, never argv. */
  secrets: [string, string][]
  junitPath?: string
}

export type SmokeResult = 'passed' | 'failed' | 'skipped'

export interface CheckReport {
  name: string
  result: 'passed' | 'failed'
  /** Milliseconds from `docker run` until the check passed (or the scenario gave up). */
  timeMs: number
  matchedLine?: string
}

export interface ScenarioReport {
  name: string
  result: SmokeResult
  message: string
  /** The output line that names why it failed, e.g. the exception that ends a traceback. */
  cause?: string
  durationMs: number
  checks: CheckReport[]
  /** The last lines of output only: the whole output is never kept in memory. */
  outputTail: string[]
  /** Lines that scrolled out of `outputTail`. */
  droppedLines: number
  exitCode?: number
}

export interface SmokeReport {
  result: SmokeResult
  message: string
  durationMs: number
  scenarios: ScenarioReport[]
}
