import * as core from '../util/core.js'
import type { DockerCli } from '../docker/cli.js'
import { writeSecretEnvFile } from './env-file.js'
import { imageHasHealthcheck } from './health.js'
import { containerName, scenarioRunArgs } from './run-args.js'
import { runScenario } from './scenario.js'
import type { ScenarioReport, SmokeOptions, SmokeReport } from './types.js'

export interface SmokeContext {
  /** Label value `build-tag-push.run=<runId>`; containers are named `btp-<runId>-<index>`. */
  runId: string
  /** Used when smoke-network is empty (e.g. `host`/`none` on an engine without a bridge). */
  defaultNetwork?: string
  /** Called before `docker run`, so the post step can remove a container main left behind. */
  onContainer?: (name: string) => void
  /** Where the 0600 env file for smoke-secrets goes (RUNNER_TEMP in the action). */
  tempDir?: string
  /** Called with that file's directory before the secrets are written to it. */
  onTempDir?: (dir: string) => void
  /** The platform of a multi-platform image to run (`docker run --platform`). */
  platform?: string
}

/**
 * Runs every scenario, one container at a time. A failing image yields a `failed` report,
 * never an exception; only broken plumbing (docker missing, unwritable temp dir) throws.
 */
export async function runSmoke(
  docker: DockerCli,
  image: string,
  opts: SmokeOptions,
  ctx: SmokeContext
): Promise<SmokeReport> {
  const started = Date.now()
  if (!opts.enabled) {
    const report: SmokeReport = {
      result: 'skipped',
      message: 'smoke test disabled (smoke: false)',
      durationMs: 0,
      scenarios: []
    }
    return report
  }
  const needsHealth = opts.scenarios.some(s => s.health !== 'false')
  const hasHealthcheck = needsHealth ? await imageHasHealthcheck(docker, image) : false
  const envFile = writeSecretEnvFile(opts.secrets, ctx.tempDir, ctx.onTempDir)
  const scenarios: ScenarioReport[] = []
  try {
    for (const [index, scenario] of opts.scenarios.entries()) {
      const network = scenario.network ?? ctx.defaultNetwork
      if (network === 'none' && scenario.http.length > 0) {
        core.warning(
          `smoke scenario "${scenario.name}": HTTP probes cannot reach a container on network none`
        )
      }
      core.info(`Smoke scenario "${scenario.name}": starting ${image}`)
      const report = await runScenario({
        docker,
        scenario,
        name: containerName(ctx.runId, index),
        runArgs: scenarioRunArgs(scenario, image, {
          name: containerName(ctx.runId, index),
          runId: ctx.runId,
          defaultNetwork: ctx.defaultNetwork,
          envFile: envFile?.path,
          platform: ctx.platform
        }),
        imageHasHealthcheck: hasHealthcheck,
        onContainer: ctx.onContainer,
        redact: secretRedactor(opts.secrets)
      })
      // The caller turns a failed report into the step's error, so no annotation here.
      core.info(`Smoke scenario "${report.name}" ${report.result}: ${report.message}`)
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
