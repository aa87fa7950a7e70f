/**
 * The verdict of one scenario as a small state machine: the runner feeds it events (output
 * lines, probe attempts, health statuses, the exit) with their time, and asks it when it next
 * needs a tick. It does no I/O and reads no clock, so every verdict is unit-tested directly.
 */
import { stayUpName, secondsText, type CheckPlan, type PlannedCheck } from './checks.js'
import { CauseFinder } from './crash-cause.js'
import { crashKind, type CrashKind } from './crash-signatures.js'
import { describeProbe, type ProbeAttempt } from './http-probe.js'
import { describePattern, LogMatcher } from './line-matcher.js'
import { plainText } from './report-text.js'
import type { LogPattern, ScenarioOptions } from './types.js'

/** How long a crash may take to print the line that names its cause. */
export const CAUSE_WAIT_MS = 1000
/** Lines kept to look back from a signature that comes last (Node's version banner). */
const RECENT_LINES = 40

export interface CheckState {
  check: PlannedCheck
  passedAt?: number
  /** A check that failed by itself (a fail pattern, a wrong answer), not by the scenario ending. */
  failedAt?: number
  matchedLine?: string
}

export interface Decision {
  result: 'passed' | 'failed'
  message: string
  /** The output line that names why it failed (a crash's exception line). */
  cause?: string
  at: number
}

const CRASH_LABEL: Record<CrashKind, string> = {
  python: 'Python exception',
  node: 'Node error',
  go: 'Go panic',
  java: 'Java exception'
}

interface Crash {
  pattern: LogPattern
  finder: CauseFinder
  check: CheckState
  deadline: number
}

export class ScenarioState {
  readonly checks: CheckState[]
  decision?: Decision
  exitCode?: number
  /** When every check had passed: the stay-up window starts here. */
  readyAt?: number
  private readonly matcher: LogMatcher
  private readonly recent: string[] = []
  private crash?: Crash
  private readonly graceFrom: (number | undefined)[]
  private readonly lastProbe: string[]
  private healthStatus = 'not reported yet'

  constructor(
    private readonly s: ScenarioOptions,
    private readonly plan: CheckPlan,
    /** When the container was started; check times are measured from here. */
    readonly t0: number
  ) {
    this.matcher = new LogMatcher(s.logPatterns, s.failPatterns, s.logOrder)
    this.checks = plan.checks.map(check => ({ check }))
    this.graceFrom = s.http.map(() => (s.logPatterns.length === 0 ? undefined : Infinity))
    this.lastProbe = s.http.map(() => 'no attempt yet')
    this.maybeReady(t0)
  }

  /** The next time `tick` must be called, if any. */
  nextDeadline(): number | undefined {
    if (this.decision) return undefined
    if (this.crash) return this.crash.deadline
    if (this.readyAt !== undefined) return this.readyAt + this.plan.stayUpSec * 1000
    const settle = this.find('settle')
    const timeout = this.t0 + this.s.timeoutSec * 1000
    return settle ? Math.min(timeout, this.t0 + this.s.settleSec * 1000) : timeout
  }

  tick(now: number): void {
    const due = this.nextDeadline()
    if (due === undefined || now < due) return
    if (this.crash) return this.decideCrash(now)
    if (this.readyAt !== undefined) {
      const stayUp = this.find('stay-up')
      if (stayUp) stayUp.passedAt = now
      const after = `stayed up ${secondsText(this.plan.stayUpSec)} after ready`
      return this.decide('passed', `all checks passed; ${after}`, now)
    }
    const settle = this.find('settle')
    if (settle && now >= this.t0 + this.s.settleSec * 1000) {
      settle.passedAt = now
      return this.decide('passed', `the container stayed up for ${this.s.settleSec}s`, now)
    }
    this.decide(
      'failed',
      `timed out after ${this.s.timeoutSec}s waiting for: ${this.waitingFor()}`,
      now
    )
  }

  /** One line of output (stdout or stderr); colour codes are ignored for matching. */
  line(raw: string, now: number): void {
    if (this.decision) return
    const line = plainText(raw)
    if (this.crash) {
      this.crash.finder.push(line)
      if (this.crash.finder.done) this.decideCrash(now)
      return
    }
    const verdict = this.matcher.test(line)
    this.remember(line)
    if (verdict.failed) return this.startCrash(verdict.failed.pattern, line, now)
    for (const i of verdict.completed) {
      this.pass(this.checks[i], now, this.matcher.progress[i].matchedLine)
    }
    if (verdict.completed.length > 0 && this.matcher.done) {
      // The grace period for probes starts once the service says it is ready.
      for (const [i, from] of this.graceFrom.entries()) {
        if (from === Infinity) this.graceFrom[i] = now
      }
    }
    this.maybeReady(now)
  }

  /** Whether the runner should keep probing `index`. */
  probing(index: number): boolean {
    return !this.decision && this.find('http', index)?.passedAt === undefined
  }

  probe(index: number, a: ProbeAttempt, now: number): void {
    const check = this.find('http', index)
    if (this.decision || !check || check.passedAt !== undefined) return
    if (a.ok) {
      this.pass(check, now, a.detail)
      return this.maybeReady(now)
    }
    this.lastProbe[index] = a.detail
    if (this.graceFrom[index] === undefined && a.answered) this.graceFrom[index] = now
    const from = this.graceFrom[index] ?? Infinity
    if (now - from < this.s.httpGraceSec * 1000) return
    check.failedAt = now
    const grace = secondsText(this.s.httpGraceSec)
    this.decide(
      'failed',
      `${describeProbe(this.s.http[index])}: got ${a.detail} after the ${grace} grace period (smoke-http-grace)`,
      now
    )
  }

  health(status: 'starting' | 'healthy' | 'unhealthy', now: number, why = ''): void {
    if (this.decision) return
    this.healthStatus = status
    const check = this.find('health')
    if (status === 'healthy' && check) {
      this.pass(check, now)
      this.maybeReady(now)
    } else if (status === 'unhealthy') {
      const after = this.readyAt !== undefined ? ` ${this.sinceReady(now)} after ready` : ''
      this.decide(
        'failed',
        `container became unhealthy${after}${why ? ` (last check ${why})` : ''}`,
        now
      )
    }
  }

  /** `docker run` itself failed: the container never ran. */
  dockerFailed(message: string, now: number): void {
    this.decide('failed', message, now)
  }

  /** The container exited; every line it wrote has been fed in before this. */
  exited(code: number, now: number): void {
    if (this.decision) return
    this.exitCode = code
    if (this.crash) return this.decideCrash(now)
    if (this.readyAt !== undefined) {
      const must = secondsText(this.plan.stayUpSec)
      const msg = `the container exited with code ${code} ${this.sinceReady(now)} after ready; a service must stay up ${must} (smoke-settle)`
      return this.decide('failed', msg, now)
    }
    const exit = this.find('exit')
    if (exit && code !== this.s.exitCode) {
      return this.decide(
        'failed',
        `the container exited with code ${code}, expected ${this.s.exitCode}`,
        now
      )
    }
    if (exit) exit.passedAt = now
    const settle = this.find('settle')
    if (settle && code === 0) settle.passedAt = now
    // "before: the container to stay up" would only restate the exit.
    const missing = this.waitingFor()
    if (missing || (code !== 0 && !exit)) {
      return this.decide(
        'failed',
        `the container exited with code ${code}${missing ? ` before: ${missing}` : ''}`,
        now
      )
    }
    this.decide('passed', exit ? `exited with code ${code} as expected` : 'exited with code 0', now)
  }

  private startCrash(pattern: LogPattern, line: string, now: number): void {
    const check: CheckState = {
      check: { kind: 'log', name: `fail-log /${pattern.source}/`, index: -1 },
      failedAt: now,
      matchedLine: line
    }
    this.checks.push(check)
    const finder = new CauseFinder(crashKind(pattern.source), line, this.recent)
    this.crash = { pattern, finder, check, deadline: now + CAUSE_WAIT_MS }
    if (finder.done) this.decideCrash(now)
  }

  private decideCrash(now: number): void {
    const crash = this.crash as Crash
    const cause = crash.finder.cause()
    const kind = crashKind(crash.pattern.source)
    const clipped = cause.length > 300 ? `${cause.slice(0, 300)}…` : cause
    const message = kind
      ? `the container crashed (${CRASH_LABEL[kind]}): ${clipped}`
      : `output matched fail pattern /${crash.pattern.source}/: ${JSON.stringify(clipped)}`
    this.decide('failed', message, now, cause)
  }

  private maybeReady(now: number): void {
    if (this.decision || this.readyAt !== undefined || this.crash) return
    if (this.checks.some(c => c.passedAt === undefined && c.check.kind !== 'settle')) return
    if (this.find('settle')) return
    if (this.plan.stayUpSec <= 0) return this.decide('passed', 'all checks passed', now)
    this.readyAt = now
    this.checks.push({
      check: { kind: 'stay-up', name: stayUpName(this.plan.stayUpSec), index: 0 }
    })
  }

  private pass(c: CheckState | undefined, now: number, line?: string): void {
    if (!c || c.passedAt !== undefined) return
    c.passedAt = now
    if (line !== undefined) c.matchedLine = line
  }

  private decide(result: Decision['result'], message: string, at: number, cause?: string): void {
    if (this.decision) return
    this.decision = { result, message, at, ...(cause !== undefined ? { cause } : {}) }
  }

  private find(kind: CheckState['check']['kind'], index = 0): CheckState | undefined {
    return this.checks.find(c => c.check.kind === kind && c.check.index === index)
  }

  private waitingFor(): string {
    return this.checks
      .filter(c => c.passedAt === undefined && c.failedAt === undefined)
      .map(c => this.describe(c.check))
      .filter(Boolean)
      .join(', ')
  }

  private describe(c: PlannedCheck): string {
    switch (c.kind) {
      case 'log': {
        const p = this.matcher.progress[c.index]
        return describePattern(p.pattern, p.seen)
      }
      case 'http':
        return `${describeProbe(this.s.http[c.index])} (last: ${this.lastProbe[c.index]})`
      case 'health':
        return `healthy (status: ${this.healthStatus})`
      case 'exit':
        return `exit code ${this.s.exitCode}`
      default:
        return ''
    }
  }

  private sinceReady(now: number): string {
    return secondsText(Math.round((now - (this.readyAt ?? now)) / 100) / 10)
  }

  private remember(line: string): void {
    this.recent.push(line)
    if (this.recent.length > RECENT_LINES) this.recent.shift()
  }
}
