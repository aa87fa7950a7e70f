/**
 * One scenario: run the container attached, so its output streams from the moment it is
 * created, feed every event into the verdict state, and stop as soon as it has decided.
 */
import { randomUUID } from 'node:crypto'
import * as core from '../util/core.js'
import { usefulStderrLine, type DockerCli, type DockerProcess } from '../docker/cli.js'
import { planChecks } from './checks.js'
import { lastHealthOutput, watchHealth, type HealthWatch } from './health.js'
import { probeOnce, PROBE_RETRY_MS } from './http-probe.js'
import { LineSplitter } from './line-matcher.js'
import { OutputTail } from './output-tail.js'
import { impossibleReport, scenarioReport } from './scenario-report.js'
import type { ScenarioOptions, ScenarioReport } from './types.js'
import { ScenarioState } from './verdict.js'

export interface ScenarioRun {
  docker: DockerCli
  scenario: ScenarioOptions
  /** Container name; also what `onContainer` receives. */
  name: string
  /** The planned `docker run` argv (from smokeRunArgs), executed as is. */
  runArgs: readonly string[]
  /** A promise when the lookup runs alongside the container's start (runSmoke). */
  imageHasHealthcheck: boolean | Promise<boolean>
  onContainer?(name: string): void
  /**
   * Takes the removal of a container that passed, so it runs alongside what comes next (the
   * next scenario, the push); the caller awaits it before the step ends. Without it, or
   * after a failure (whose last lines matter), the removal is awaited here.
   */
  deferRemoval?(removal: Promise<void>): void
  /** Applied to text from the container that goes into messages (HTTP bodies). */
  redact?: (text: string) => string
}

/** Resolves like `p`, or with undefined once `ms` have passed. */
function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<undefined>(resolve => {
    timer = setTimeout(() => resolve(undefined), ms)
  })
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer))
}

/** Re-arms one timer at the state's next deadline after every event; resolves once decided. */
class Referee {
  readonly decided: Promise<void>
  private announce: () => void = () => undefined
  private timer?: NodeJS.Timeout

  constructor(readonly state: ScenarioState) {
    this.decided = new Promise(resolve => (this.announce = resolve))
  }

  /** Call after feeding the state an event. */
  update(): void {
    clearTimeout(this.timer)
    if (this.state.decision) return this.announce()
    const due = this.state.nextDeadline()
    if (due === undefined) return
    this.timer = setTimeout(
      () => {
        this.state.tick(Math.max(Date.now(), due))
        this.update()
      },
      Math.max(0, due - Date.now())
    )
  }

  stop(): void {
    clearTimeout(this.timer)
  }
}

/**
 * The container's events until the checks are known: `docker run` starts while the image's
 * HEALTHCHECK is still being looked up, and what it says meanwhile is replayed, with the time
 * it arrived, once the checks are planned.
 */
class EarlyEvents {
  private queue: Array<(ref: Referee) => void> | undefined = []
  private ref?: Referee

  push(event: (ref: Referee) => void): void {
    if (this.ref) event(this.ref)
    else this.queue?.push(event)
  }

  /** Replays the held events into `ref`, then passes later ones straight through. */
  open(ref: Referee): void {
    const held = this.queue ?? []
    this.queue = undefined
    this.ref = ref
    for (const event of held) event(ref)
  }
}

export async function runScenario(r: ScenarioRun): Promise<ScenarioReport> {
  const started = Date.now()
  // health: true on an image with no HEALTHCHECK can never pass: known before any container.
  const planned =
    typeof r.imageHasHealthcheck === 'boolean'
      ? planChecks(r.scenario, r.imageHasHealthcheck)
      : undefined
  if (planned?.impossible) return impossibleReport(r.scenario.name, planned, Date.now() - started)
  const tail = new OutputTail()
  const abort = new AbortController()
  const events = new EarlyEvents()
  let container: DockerProcess | undefined
  let health: HealthWatch | undefined
  let referee: Referee | undefined
  try {
    r.onContainer?.(r.name)
    // The health stream starts after the container, with --since, so no status can be missed.
    const healthSince = (Date.now() - 1000) / 1000
    const t0 = Date.now()
    container = startContainer(r, tail, events)
    const plan = planned ?? planChecks(r.scenario, await r.imageHasHealthcheck)
    if (plan.impossible) return impossibleReport(r.scenario.name, plan, Date.now() - started)
    const state = new ScenarioState(r.scenario, plan, t0)
    referee = new Referee(state)
    const ref = referee
    if (plan.wantHealth) health = followHealth(r, healthSince, ref)
    events.open(ref)
    for (const i of r.scenario.http.keys()) void probeLoop(r, i, abort.signal, ref)
    ref.update()
    await ref.decided
  } finally {
    referee?.stop()
    abort.abort()
    health?.stop()
    const removal = removeAndDetach(r, container)
    if (referee?.state.decision?.result === 'passed' && r.deferRemoval) r.deferRemoval(removal)
    else await removal
  }
  printOutput(r.scenario.name, tail)
  return scenarioReport(r.scenario.name, referee.state, tail, started, Date.now())
}

/**
 * `docker run` without `-d`: the client attaches before the container starts, so a line
 * written at start-up arrives as fast as a later one, and it exits with the container's code
 * once all output is delivered. The container keeps its fixed name and run label, which is
 * what removal, cancellation and the post step go by.
 */
function startContainer(r: ScenarioRun, tail: OutputTail, events: EarlyEvents): DockerProcess {
  const proc = r.docker.spawn(r.runArgs)
  const dockerSays: string[] = []
  const onLine = (line: string): void => {
    tail.push(line)
    const at = Date.now()
    events.push(ref => {
      ref.state.line(line, at)
      ref.update()
    })
  }
  const out = new LineSplitter(onLine)
  const err = new LineSplitter(line => {
    // The CLI's own errors ("docker: Error response from daemon: …") share the stream.
    if (line.startsWith('docker: ')) dockerSays.push(line)
    onLine(line)
  })
  proc.stdout.on('data', (chunk: Buffer) => out.push(chunk))
  proc.stderr.on('data', (chunk: Buffer) => err.push(chunk))
  void proc.exited.then(code => {
    out.end()
    err.end()
    const at = Date.now()
    events.push(ref => {
      // 125: docker failed; 126/127: the command could not be started.
      if (dockerSays.length > 0 && code >= 125 && code <= 127) {
        ref.state.dockerFailed(`docker run failed: ${usefulStderrLine(dockerSays.join('\n'))}`, at)
      } else {
        ref.state.exited(code, at)
      }
      ref.update()
    })
  })
  return proc
}

function followHealth(r: ScenarioRun, since: number, ref: Referee): HealthWatch {
  return watchHealth(r.docker, r.name, since, status => {
    if (status !== 'unhealthy') {
      ref.state.health(status, Date.now())
      ref.update()
      return
    }
    const at = Date.now()
    void lastHealthOutput(r.docker, r.name).then(why => {
      ref.state.health(status, at, why)
      ref.update()
    })
  })
}

/** Probes every PROBE_RETRY_MS until the probe passes or the scenario is decided. */
async function probeLoop(
  r: ScenarioRun,
  i: number,
  signal: AbortSignal,
  ref: Referee
): Promise<void> {
  const redact = r.redact ?? ((t: string) => t)
  while (!signal.aborted && ref.state.probing(i)) {
    const a = await probeOnce(r.scenario.http[i], signal)
    if (signal.aborted) return
    ref.state.probe(i, { ...a, detail: redact(a.detail) }, Date.now())
    ref.update()
    if (!ref.state.probing(i)) return
    await new Promise<void>(resolve => {
      const timer = setTimeout(done, PROBE_RETRY_MS)
      function done(): void {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        resolve()
      }
      signal.addEventListener('abort', done, { once: true })
    })
  }
}

/** Removing the container ends the attached client; its last buffered lines go to the tail. */
async function removeAndDetach(
  r: ScenarioRun,
  container: DockerProcess | undefined
): Promise<void> {
  await removeContainer(r.docker, r.name)
  if (container && (await within(container.exited, 2000)) === undefined) container.kill()
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
