import type { CheckPlan } from './checks.js'
import type { OutputTail } from './output-tail.js'
import type { CheckReport, ScenarioReport } from './types.js'
import type { ScenarioState } from './verdict.js'

/**
 * The report of a decided scenario: every check with the time it passed (or failed) since
 * the container started; checks still open when the scenario ended count as failed then.
 */
export function scenarioReport(
  name: string,
  state: ScenarioState,
  tail: OutputTail,
  startedAt: number,
  now: number
): ScenarioReport {
  const decision = state.decision
  if (!decision) throw new Error('smoke scenario ended without a decision')
  const checks: CheckReport[] = state.checks.map(c => {
    const passed = c.passedAt !== undefined && c.failedAt === undefined
    const at = c.failedAt ?? c.passedAt ?? decision.at
    const out: CheckReport = {
      name: c.check.name,
      result: passed ? 'passed' : 'failed',
      timeMs: Math.max(0, at - state.t0)
    }
    if (c.matchedLine !== undefined) out.matchedLine = c.matchedLine
    return out
  })
  const report: ScenarioReport = {
    name,
    result: decision.result,
    message: decision.message,
    durationMs: now - startedAt,
    checks,
    outputTail: tail.lines(),
    droppedLines: tail.dropped
  }
  if (decision.cause !== undefined) report.cause = decision.cause
  if (state.exitCode !== undefined) report.exitCode = state.exitCode
  return report
}

/** A scenario that could not start: every planned check fails with the reason. */
export function impossibleReport(
  name: string,
  plan: CheckPlan,
  durationMs: number
): ScenarioReport {
  return {
    name,
    result: 'failed',
    message: plan.impossible ?? 'the scenario cannot run',
    durationMs,
    checks: plan.checks.map(c => ({ name: c.name, result: 'failed', timeMs: 0 })),
    outputTail: [],
    droppedLines: 0
  }
}
