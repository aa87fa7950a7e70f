/**
 * The check plan of one scenario: which checks must pass, and what happens after they have.
 * Pure, so every combination of inputs is unit-tested without an engine.
 */
import { describeProbe } from './http-probe.js'
import { describePattern } from './line-matcher.js'
import type { ScenarioOptions } from './types.js'

/** `settle`: the only check when none is asked; `stay-up`: the window after every check passed. */
export type CheckKind = 'log' | 'http' | 'health' | 'exit' | 'settle' | 'stay-up'

export interface PlannedCheck {
  kind: CheckKind
  name: string
  /** Which log pattern or HTTP probe this check is about. */
  index: number
}

export interface CheckPlan {
  checks: PlannedCheck[]
  /**
   * Seconds a service must still be running after every check has passed (smoke-settle),
   * 0 for none: batch jobs (smoke-exit-code), `smoke-settle: 0`, and scenarios without
   * checks, whose only check is the settle time itself.
   */
  stayUpSec: number
  wantHealth: boolean
  /** Set when the scenario cannot run at all; it fails with this message. */
  impossible?: string
}

export function planChecks(s: ScenarioOptions, imageHasHealthcheck: boolean): CheckPlan {
  const checks: PlannedCheck[] = [
    ...s.logPatterns.map((p, index) => ({
      kind: 'log' as const,
      name: `log ${describePattern(p)}`,
      index
    })),
    ...s.http.map((p, index) => ({
      kind: 'http' as const,
      name: `http ${describeProbe(p)}`,
      index
    }))
  ]
  // A batch job (exit code expected) is not judged by a service health check it inherited.
  const wantHealth =
    s.health === 'true' || (s.health === 'auto' && imageHasHealthcheck && s.exitCode === undefined)
  if (wantHealth) checks.push({ kind: 'health', name: 'health: healthy', index: 0 })
  if (s.exitCode !== undefined) {
    checks.push({ kind: 'exit', name: `exit code ${s.exitCode}`, index: 0 })
  }
  const noChecks = checks.length === 0
  if (noChecks) {
    checks.push({ kind: 'settle', name: `stays up ${s.settleSec}s or exits 0`, index: 0 })
  }
  const plan: CheckPlan = {
    checks,
    stayUpSec: noChecks || s.exitCode !== undefined ? 0 : s.settleSec,
    wantHealth
  }
  if (s.health === 'true' && !imageHasHealthcheck) {
    plan.impossible = 'smoke-health is true but the image declares no HEALTHCHECK'
  }
  return plan
}

/** "3 s", "0.5 s": how the stay-up window and grace period are named in messages. */
export function secondsText(sec: number): string {
  return `${sec} s`
}

export function stayUpName(sec: number): string {
  return `stays up ${secondsText(sec)} after ready`
}
