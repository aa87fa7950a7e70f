import * as core from '../util/core.js'
import type { DockerCli } from '../docker/cli.js'
import { oneLine } from '../util/untrusted.js'
import { writeSecretEnvFile } from './env-file.js'
import { imageHasHealthcheck } from './health.js'
import type { PlannedScenarioRun } from './run-args.js'
import { runScenario } from './scenario.js'
import type { ScenarioReport, SmokeOptions, SmokeReport } from './types.js'

/** What the plan decided for the smoke test (see smokeRunArgs). */
export interface SmokeRunPlan {
  /** The image under test, for the HEALTHCHECK lookup. */
  image: string
  /** Where the 0600 env file for smoke-secrets goes (under RUNNER_TEMP in the action). */
  envFile?: string
  runs: readonly PlannedScenarioRun[]
}

export interface SmokeHooks {
  /** Called before `docker run`, so the post step can remove a container main left behind. */
  onContainer?: (name: string) => void
  /** Called with the env file's directory before the secrets are written to it. */
  onTempDir?: (dir: string) => void
  /** Takes the removal of each container that passed (see ScenarioRun.deferRemoval). */
  deferRemoval?: (removal: Promise<void>) => void
}

/**
 * Runs every planned scenario, one container at a time. A failing image yields a `failed`
 * report, never an exception; only broken plumbing (docker missing, unwritable temp dir) throws.
 */
export async function runSmoke(
  docker: DockerCli,
  plan: SmokeRunPlan | undefined,
  opts: SmokeOptions,
  hooks: SmokeHooks = {}
): Promise<SmokeReport> {
  const started = Date.now()
  if (!opts.enabled || !plan) {
    const report: SmokeReport = {
      result: 'skipped',
      message: 'smoke test disabled (smoke: false)',
      durationMs: 0,
      scenarios: []
    }
    return report
  }
  const image = plan.image
  const needsHealth = plan.runs.some(r => r.scenario.health !== 'false')
  // With health: auto the lookup runs while the first container starts (its answer only adds
  // a check); health: true must know first, so an image without one starts nothing.
  const lookup = needsHealth ? imageHasHealthcheck(docker, image) : Promise.resolve(false)
  lookup.catch(() => undefined)
  const mustKnow = plan.runs.some(r => r.scenario.health === 'true')
  const hasHealthcheck = mustKnow ? await lookup : lookup
  const envFile = plan.envFile
    ? writeSecretEnvFile(opts.secrets, plan.envFile, hooks.onTempDir)
    : undefined
  const scenarios: ScenarioReport[] = []
  try {
    for (const [i, run] of plan.runs.entries()) {
      const scenario = run.scenario
      const network = networkOf(run.argv)
      if (network === 'none' && scenario.http.length > 0) {
        core.warning(
          `smoke scenario "${scenario.name}": HTTP probes cannot reach a container on network none`
        )
      }
      core.info(`Smoke scenario "${scenario.name}": starting ${image}`)
      const report = await runScenario({
        docker,
        scenario,
        name: run.name,
        runArgs: run.argv,
        imageHasHealthcheck: hasHealthcheck,
        onContainer: hooks.onContainer,
        // Only the last: the next scenario may need the port this container holds.
        deferRemoval: i === plan.runs.length - 1 ? hooks.deferRemoval : undefined,
        redact: secretRedactor(opts.secrets)
      })
      // The caller turns a failed report into the step's error, so no annotation here.
      core.info(oneLine(`Smoke scenario "${report.name}" ${report.result}: ${report.message}`))
      scenarios.push(report)
    }
  } finally {
    envFile?.remove()
  }
  const failed = scenarios.filter(s => s.result === 'failed')
  const report: SmokeReport = {
    result: failed.length > 0 ? 'failed' : 'passed',
    message:
      failed.length === 0
        ? `${scenarios.length} smoke scenario${scenarios.length === 1 ? '' : 's'} passed`
        : failed
            .map(s => (scenarios.length > 1 ? `${s.name}: ${s.message}` : s.message))
            .join('; '),
    durationMs: Date.now() - started,
    scenarios
  }
  return report
}

/** Hides smoke-secrets values in text from the container that goes into messages. */
function secretRedactor(secrets: [string, string][]): (text: string) => string {
  const values = secrets.map(([, v]) => v).filter(v => v.trim() !== '')
  return text => values.reduce((t, v) => t.split(v).join('***'), text)
}

/** The `--network` value of a planned `docker run`, if any. */
function networkOf(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('--network')
  return i >= 0 ? argv[i + 1] : undefined
}
