/**
 * One scenario: start a detached container, follow its output and exit as streams, and decide
 * as soon as every check has passed, a check cannot pass any more, or time runs out.
 */
import { randomUUID } from 'node:crypto'
import * as core from '@actions/core'
import { usefulStderrLine, type DockerCli, type DockerProcess } from '../docker/cli.js'
import { lastHealthOutput, watchHealth, type HealthWatch } from './health.js'
import { describeProbe, waitForProbe } from './http-probe.js'
import { describePattern, LineSplitter, LogMatcher } from './line-matcher.js'
import { OutputTail } from './output-tail.js'
import { scenarioRunArgs } from './run-args.js'
import type { CheckReport, ScenarioOptions, ScenarioReport } from './types.js'

/** How long to let `docker logs` deliver the last lines once the container has stopped. */
const DRAIN_MS = 3000

export interface ScenarioRun {
  docker: DockerCli
  image: string
  scenario: ScenarioOptions
  /** Container name; also what `onContainer` receives. */
  name: string
  runId: string
  defaultNetwork?: string
  envFile?: string
  imageHasHealthcheck: boolean
  onContainer?(name: string): void
}

interface Check {
  name: string
  /** How the check is named in "waiting for: ..." */
  waitingFor: () => string
  passedAt?: number
  failed?: boolean
  matchedLine?: string
}

export function seconds(sec: number): string {
  return `${sec}s`
}

/** Resolves like `p`, or with undefined once `ms` have passed. */
function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<undefined>(resolve => {
    timer = setTimeout(() => resolve(undefined), ms)
  })
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer))
}

function quote(line: string): string {
  return JSON.stringify(line.length > 200 ? `${line.slice(0, 200)}…` : line)
}

export async function runScenario(r: ScenarioRun): Promise<ScenarioReport> {
  const s = r.scenario
  const started = Date.now()
  const tail = new OutputTail()
  const matcher = new LogMatcher(s.logPatterns, s.failPatterns, s.logOrder)
  const checks: Check[] = []

  const logChecks = matcher.progress.map(p => {
    const c: Check = {
      name: `log ${describePattern(p.pattern)}`,
      waitingFor: () => describePattern(p.pattern, p.seen)
    }
    checks.push(c)
    return c
  })
  const lastProbe: string[] = s.http.map(() => 'no attempt yet')
  const httpChecks = s.http.map((probe, i) => {
    const c: Check = {
      name: `http ${describeProbe(probe)}`,
      waitingFor: () => `${describeProbe(probe)} (last: ${lastProbe[i]})`
    }
    checks.push(c)
    return c
  })
  // A batch job (exit code expected) is not judged by a service health check it inherited.
  const wantHealth =
    s.health === 'true' ||
    (s.health === 'auto' && r.imageHasHealthcheck && s.exitCode === undefined)
  let healthStatus = 'not reported yet'
  const healthCheck: Check | undefined = wantHealth
    ? { name: 'health: healthy', waitingFor: () => `healthy (status: ${healthStatus})` }
    : undefined
  if (healthCheck) checks.push(healthCheck)
  const exitCheck: Check | undefined =
    s.exitCode !== undefined
      ? { name: `exit code ${s.exitCode}`, waitingFor: () => `exit code ${s.exitCode}` }
      : undefined
  if (exitCheck) checks.push(exitCheck)
  const settleCheck: Check | undefined =
    checks.length === 0
      ? {
          name: `stays up ${seconds(s.settleSec)} or exits 0`,
          waitingFor: () => `the container to stay up ${seconds(s.settleSec)}`
        }
      : undefined
  if (settleCheck) checks.push(settleCheck)

  let t0 = Date.now()
  let decided: { result: 'passed' | 'failed'; message: string; at: number } | undefined
  let announce: () => void = () => undefined
  const decision = new Promise<void>(resolve => (announce = resolve))
  const decide = (result: 'passed' | 'failed', message: string): void => {
    if (decided) return
    decided = { result, message, at: Date.now() }
    announce()
  }
  const pending = (): Check[] => checks.filter(c => c.passedAt === undefined)
  const waitingFor = (): string =>
    pending()
      .map(c => c.waitingFor())
      .join(', ')
  let exitCode: number | undefined
  const pass = (c: Check, line?: string): void => {
    if (c.passedAt !== undefined || decided) return
    c.passedAt = Date.now()
    c.matchedLine = line
    // Once the container has exited, the exit handler decides with the full output.
    if (exitCode === undefined && pending().length === 0) decide('passed', 'all checks passed')
  }

  const onLine = (line: string): void => {
    tail.push(line)
    if (decided) return
    const verdict = matcher.test(line)
    if (verdict.failed) {
      const { pattern } = verdict.failed
      const c: Check = {
        name: `fail-log /${pattern.source}/`,
        waitingFor: () => '',
        failed: true,
        passedAt: Date.now(),
        matchedLine: line
      }
      checks.push(c)
      decide('failed', `output matched fail pattern /${pattern.source}/: ${quote(line)}`)
      return
    }
    for (const i of verdict.completed) pass(logChecks[i], matcher.progress[i].matchedLine)
  }

  const onExit = (code: number): void => {
    if (decided) return
    if (exitCheck) {
      if (code !== s.exitCode) {
        decide('failed', `the container exited with code ${code}, expected ${s.exitCode}`)
        return
      }
      exitCheck.passedAt = Date.now()
    } else if (settleCheck && code === 0) {
      settleCheck.passedAt = Date.now()
    }
    // "before: the container to stay up" would only restate the exit.
    const missing = pending()
      .filter(c => c !== settleCheck)
      .map(c => c.waitingFor())
      .join(', ')
    if (code !== 0 && !exitCheck) {
      decide(
        'failed',
        `the container exited with code ${code}${missing ? ` before: ${missing}` : ''}`
      )
    } else if (missing) {
      decide('failed', `the container exited with code ${code} before: ${missing}`)
    } else {
      decide('passed', exitCheck ? `exited with code ${code} as expected` : 'exited with code 0')
    }
  }

  if (s.health === 'true' && !r.imageHasHealthcheck) {
    return {
      name: s.name,
      result: 'failed',
      message: 'smoke-health is true but the image declares no HEALTHCHECK',
      durationMs: Date.now() - started,
      checks: checks.map(c => ({ name: c.name, result: 'failed', timeMs: 0 })),
      outputTail: [],
      droppedLines: 0
    }
  }

  const abort = new AbortController()
  const timers: NodeJS.Timeout[] = []
  let logs: DockerProcess | undefined
  let waiter: DockerProcess | undefined
  let health: HealthWatch | undefined
  try {
    r.onContainer?.(r.name)
    if (healthCheck) {
      health = watchHealth(r.docker, r.name, (Date.now() - 1000) / 1000, status => {
        healthStatus = status
        if (status === 'healthy') pass(healthCheck)
        if (status === 'unhealthy' && !decided) {
          void lastHealthOutput(r.docker, r.name).then(why =>
            decide('failed', `container became unhealthy${why ? ` (last check ${why})` : ''}`)
          )
        }
      })
    }
    t0 = Date.now()
    const run = await r.docker.exec(
      scenarioRunArgs(s, r.image, {
        name: r.name,
        runId: r.runId,
        defaultNetwork: r.defaultNetwork,
        envFile: r.envFile
      }),
      { allowFailure: true }
    )
    if (run.exitCode !== 0) {
      decide(
        'failed',
        `docker run failed: ${usefulStderrLine(run.stderr) || `exit ${run.exitCode}`}`
      )
    } else {
      t0 = Date.now()
      logs = r.docker.spawn(['logs', '-f', r.name])
      const out = new LineSplitter(onLine)
      const err = new LineSplitter(onLine)
      logs.stdout.on('data', (chunk: Buffer) => out.push(chunk))
      logs.stderr.on('data', (chunk: Buffer) => err.push(chunk))
      const logsDone = logs.exited.then(() => {
        out.end()
        err.end()
      })

      waiter = r.docker.spawn(['wait', r.name])
      let waitOut = ''
      waiter.stdout.on('data', (chunk: Buffer) => (waitOut += chunk.toString()))
      waiter.stderr.resume()
      void waiter.exited.then(async status => {
        const code = /^\d+$/.test(waitOut.trim()) ? Number(waitOut.trim()) : undefined
        if (decided) return
        if (status !== 0 || code === undefined) {
          decide('failed', 'the container disappeared before the checks passed')
          return
        }
        exitCode = code
        await within(logsDone, DRAIN_MS)
        onExit(code)
      })

      for (const [i, probe] of s.http.entries()) {
        void waitForProbe(probe, abort.signal, a => (lastProbe[i] = a.detail)).then(a => {
          if (a?.ok) pass(httpChecks[i], a.detail)
        })
      }
      if (settleCheck) {
        timers.push(
          setTimeout(() => {
            settleCheck.passedAt = Date.now()
            decide('passed', `the container stayed up for ${seconds(s.settleSec)}`)
          }, s.settleSec * 1000)
        )
      }
      timers.push(
        setTimeout(
          () =>
            decide(
              'failed',
              `timed out after ${seconds(s.timeoutSec)} waiting for: ${waitingFor()}`
            ),
          s.timeoutSec * 1000
        )
      )
    }

    await decision
  } finally {
    for (const t of timers) clearTimeout(t)
    abort.abort()
    health?.stop()
    await removeContainer(r.docker, r.name)
    // Removing the container ends `logs -f`; what it still had buffered goes into the tail.
    if (logs) {
      const done = await within(logs.exited, 2000)
      if (done === undefined) logs.kill()
    }
    waiter?.kill()
  }
  if (!decided) throw new Error('smoke scenario ended without a decision')
  const result = decided
  printOutput(s.name, tail)
  const report: CheckReport[] = checks.map(c => {
    const passed = c.passedAt !== undefined && !c.failed
    const at = passed || c.failed ? (c.passedAt as number) : result.at
    const out: CheckReport = {
      name: c.name,
      result: passed ? 'passed' : 'failed',
      timeMs: Math.max(0, at - t0)
    }
    if (c.matchedLine !== undefined) out.matchedLine = c.matchedLine
    return out
  })
  const scenario: ScenarioReport = {
    name: s.name,
    result: result.result,
    message: result.message,
    durationMs: Date.now() - started,
    checks: report,
    outputTail: tail.lines(),
    droppedLines: tail.dropped
  }
  if (exitCode !== undefined) scenario.exitCode = exitCode
  return scenario
}

/** `rm -f` on every path; a container that is already gone is not an error. */
export async function removeContainer(docker: DockerCli, name: string): Promise<void> {
  const res = await docker.exec(['rm', '-f', name], { allowFailure: true })
  if (res.exitCode !== 0 && !/no such container/i.test(res.stderr)) {
    core.warning(`could not remove smoke container ${name}: ${usefulStderrLine(res.stderr)}`)
  }
}

/**
 * Prints the kept tail in a collapsed group. Workflow commands are switched off around it so
 * a line like `::add-mask::` or `::set-output` from the image cannot act on the runner.
 */
function printOutput(name: string, tail: OutputTail): void {
  const lines = tail.lines()
  core.startGroup(`Smoke scenario "${name}": container output (${lines.length} lines)`)
  const token = randomUUID()
  core.info(`::stop-commands::${token}`)
  if (tail.dropped > 0) core.info(`… ${tail.dropped} earlier lines not kept`)
  for (const line of lines) core.info(line)
  core.info(`::${token}::`)
  core.endGroup()
}
