import type { ScenarioOptions, SmokeOptions } from './types.js'

export const RUN_LABEL = 'build-tag-push.run'

export interface RunTarget {
  name: string
  runId: string
  /** Used when the scenario sets no network (an engine without a bridge needs host/none). */
  defaultNetwork?: string
  /** The 0600 file holding smoke-secrets; secrets never appear on argv. */
  envFile?: string
  /** Which platform of a multi-platform image to run (`--platform`). */
  platform?: string
}

/** Docker names allow [a-zA-Z0-9_.-] and must start alphanumeric. */
export function containerName(runId: string, index: number): string {
  const safe = runId.replace(/[^a-zA-Z0-9_.-]/g, '-')
  return `btp-${safe}-${index}`
}

/**
 * The `docker run` argv for one scenario: pure, so every flag combination is unit-tested.
 * No `-d`: the runner stays attached from creation, so no start-up line is replayed late.
 */
export function scenarioRunArgs(s: ScenarioOptions, image: string, target: RunTarget): string[] {
  // Never pull: the image under test is the one just built, not whatever a registry has.
  const args = ['run', '--pull', 'never', '--name', target.name]
  args.push('--label', `${RUN_LABEL}=${target.runId}`)
  const network = s.network ?? target.defaultNetwork
  if (network) args.push('--network', network)
  if (target.platform) args.push('--platform', target.platform)
  for (const p of s.ports) args.push('-p', p)
  for (const [k, v] of s.env) args.push('-e', `${k}=${v}`)
  if (target.envFile) args.push('--env-file', target.envFile)
  if (s.user) args.push('--user', s.user)
  if (s.workdir) args.push('--workdir', s.workdir)
  args.push(image)
  if (s.command) args.push(...s.command)
  args.push(...s.args)
  return args
}

/** One planned container run: the scenario, its container name and its `docker run` argv. */
export interface PlannedScenarioRun {
  scenario: ScenarioOptions
  name: string
  argv: string[]
}

/**
 * The `docker run` of every scenario, in order: the one function both the printed plan and
 * the smoke runner take their argv from.
 */
export function smokeRunArgs(
  opts: SmokeOptions,
  image: string,
  run: { runId: string; defaultNetwork?: string; envFile?: string; platform?: string }
): PlannedScenarioRun[] {
  return opts.scenarios.map((scenario, i) => {
    const name = containerName(run.runId, i)
    const argv = scenarioRunArgs(scenario, image, {
      name,
      runId: run.runId,
      defaultNetwork: run.defaultNetwork,
      envFile: opts.secrets.length > 0 ? run.envFile : undefined,
      platform: run.platform
    })
    return { scenario, name, argv }
  })
}

/**
 * Without a default bridge (a loopback-only engine) containers need an explicit network:
 * the host's when an HTTP probe must reach them, else none.
 */
export function defaultSmokeNetwork(opts: SmokeOptions, hasBridge: boolean): string | undefined {
  if (hasBridge) return undefined
  return opts.scenarios.some(s => s.http.length > 0) ? 'host' : 'none'
}
