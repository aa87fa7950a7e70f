import * as core from '../util/core.js'
import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { readRunContext } from './context.js'
import type { RunContext } from '../meta/context.js'
import { getInputs, type Inputs } from './inputs.js'
import { parseEnvSwitches, type EnvSwitches } from './env-switches.js'
import { loadMetadata } from './metadata.js'
import { parseImageReference } from '../meta/index.js'
import { ExecDockerCli, type DockerCli } from '../docker/cli.js'
import { createStepDockerConfig } from '../docker/config.js'
import { parseSecrets, secretBuildArgWarnings, type SecretSpec } from '../build/secrets.js'
import { loginRegistry, planJson, planRelease, planRun, type PlanInput } from '../plan/plan.js'
import { printPlan } from '../plan/print.js'
import type { EngineFacts } from '../plan/types.js'
import { parseSmokeInputs, type SmokeOptions } from '../smoke/index.js'
import { Phases } from './phases.js'
import { STATE, saveState, rememberTempDir } from '../lifecycle/state.js'
import { installCancelHandlers } from '../lifecycle/cancel.js'
import { RetryBudget, registryRetry } from '../registry/retry.js'
import { isForkPullRequest } from './fork.js'
import { writeSummary, type RunSummary } from './summary.js'
import { setInitialOutputs, setMetadataOutputs } from './outputs.js'
import { probeForDryRun, probeForRun, type BuildProbe } from './engine-facts.js'
import { needsStoreFacts } from '../build/buildkit-build.js'
import { executePlan } from './execute.js'
import { errorMessage, failureKind } from '../util/errors.js'
import { withLazyModules } from '../util/lazy.js'
import { workspacePath } from '../util/workspace-path.js'
import { resolveDigestInputs } from './digest-inputs.js'
import { redactor, registerSecret } from './redaction.js'
import { isRemoteContext } from '../plan/build-context.js'
import { credentialsMatcher, previewFloatingTags } from '../registry/floating-guard.js'
import type { Metadata } from '../meta/index.js'
import { ContainerLedger } from '../lifecycle/ledger.js'
import { finishMain } from '../lifecycle/finish.js'

/** Seams for unit tests: the docker wrapper and the clock. */
export interface Deps {
  docker(env: Record<string, string>): DockerCli
  now(): Date
}

const defaultDeps: Deps = {
  docker: env => new ExecDockerCli(env),
  now: () => new Date()
}

/** The whole pipeline: resolve, plan, then build, smoke-test, push. Outputs are set as soon as known. */
export async function run(deps: Deps = defaultDeps): Promise<void> {
  const phases = new Phases()
  const summary: RunSummary = { phases: phases.timings }
  try {
    await pipeline(deps, phases, summary)
  } catch (err) {
    summary.error = redactor.redact(errorMessage(err))
    saveState(STATE.failedPhase, failureKind(err))
    core.setFailed(summary.error)
  } finally {
    writeSummary(summary)
  }
}

/** Everything parsed from the inputs and the environment, before any docker call. */
interface Parsed {
  ctx: RunContext
  inputs: Inputs
  switches: EnvSwitches
  smoke: SmokeOptions
  secrets: SecretSpec[]
  tempRoot: string
  workspace: string
}

async function parseAll(env: NodeJS.ProcessEnv): Promise<Parsed> {
  const read = (name: string): string => core.getInput(name)
  // Everything is parsed before any docker call, so bad input fails in well under a second.
  const parsed = getInputs(read)
  const workspace = env.GITHUB_WORKSPACE || process.cwd()
  const inputs = { ...parsed, buildkit: resolveDigestInputs(parsed.buildkit, workspace) }
  registerSecret(inputs.password)
  const switches = parseEnvSwitches(env)
  const smoke = await withLazyModules(() => parseSmokeInputs(read))
  for (const [, value] of smoke.secrets) registerSecret(value)
  if (inputs.image) parseImageReference(inputs.image, 'image')
  // Relative paths may not leave the workspace through a symlink a pull request committed.
  if (!isRemoteContext(inputs.context)) workspacePath('context', inputs.context, workspace)
  if (inputs.file) workspacePath('file', inputs.file, workspace)
  // Secret values are masked now; their files are written only right before the build.
  const secrets = parseSecrets({
    secrets: read('secrets'),
    secretFiles: read('secret-files'),
    workspace,
    mask: registerSecret
  })
  for (const warning of secrets.warnings) core.warning(warning)
  for (const warning of secretBuildArgWarnings(inputs.buildArgs.map(([k]) => k)))
    core.warning(warning)
  return {
    ctx: readRunContext(env),
    inputs,
    switches,
    smoke,
    secrets: secrets.specs,
    tempRoot: env.RUNNER_TEMP || tmpdir(),
    workspace
  }
}

async function pipeline(deps: Deps, phases: Phases, summary: RunSummary): Promise<void> {
  const p = await parseAll(process.env)
  const { ctx, inputs } = p
  const meta = await loadMetadata(ctx, inputs, p.switches, deps.now())
  summary.meta = meta
  setMetadataOutputs(meta, inputs, p.switches.setOutputEnv)
  setInitialOutputs()

  const planInput: Omit<PlanInput, 'engine'> = {
    build: inputs,
    push: inputs,
    smoke: p.smoke,
    meta,
    secrets: p.secrets,
    event: {
      eventName: ctx.eventName,
      ref: ctx.ref,
      forkPullRequest: isForkPullRequest(ctx.eventName, ctx.payload)
    },
    runId: ctx.runId,
    workspace: p.workspace,
    tempRoot: p.tempRoot
  }
  // Decided before the engine is asked: a release that would publish nothing fails first.
  const release = planRelease(planInput)
  summary.targets = release.targets
  for (const notice of release.decision.notices) core.notice(notice)
  for (const warning of release.decision.warnings) core.warning(warning)

  if (inputs.dryRun) {
    const engine = await probeForDryRun(deps.docker({}), buildProbe(inputs))
    const plan = planRun({ ...planInput, engine }, release)
    core.setOutput('plan', planJson(plan))
    printPlan(meta, plan)
    if (plan.push) await previewFloating(inputs, meta)
    summary.dryRun = true
    return
  }
  await realRun(deps, phases, summary, { planInput, release, parsed: p })
}

/** What the engine probe needs to know of the build (the builder's driver, for buildx). */
function buildProbe(inputs: Inputs): BuildProbe {
  return {
    buildx: inputs.buildx,
    builder: inputs.buildkit.builder,
    image: inputs.image,
    needsStore: needsStoreFacts(inputs.buildkit, inputs.cacheTo)
  }
}

/** A dry run also says which floating tags the guard would hold (it reads the registry). */
async function previewFloating(inputs: Inputs, meta: Metadata): Promise<void> {
  const registry = loginRegistry(inputs.registry, meta.images)
  const cred = inputs.username
    ? { username: inputs.username, password: inputs.password }
    : undefined
  const lines = await previewFloatingTags(meta, {
    mode: inputs.floatingTags,
    credentialsFor: credentialsMatcher(registry, cred),
    timeoutMs: 10000
  })
  for (const line of lines) core.info(line)
}

async function realRun(
  deps: Deps,
  phases: Phases,
  summary: RunSummary,
  r: {
    planInput: Omit<PlanInput, 'engine'>
    release: ReturnType<typeof planRelease>
    parsed: Parsed
  }
): Promise<void> {
  const { inputs, tempRoot, ctx } = r.parsed
  mkdirSync(tempRoot, { recursive: true })
  const tempDirs: string[] = []
  const deferred: Promise<void>[] = []
  saveState(STATE.runId, ctx.runId)
  // The registry we log in to must not be delegated to a credential helper of the runner.
  const registry = loginRegistry(inputs.registry, r.planInput.meta.images)
  const dockerConfig = createStepDockerConfig(
    tempRoot,
    process.env,
    inputs.username ? [registry] : []
  )
  saveState(STATE.dockerConfig, dockerConfig)
  const ledger = new ContainerLedger()
  const docker: DockerCli = ledger.wrap(deps.docker({ DOCKER_CONFIG: dockerConfig }))
  // One wait budget for every registry operation of this run (pull, login, each push).
  const retry = new RetryBudget(registryRetry(inputs, message => core.warning(message)))
  const uninstall = installCancelHandlers(docker, {
    runId: ctx.runId,
    tempRoot,
    dockerConfig,
    tempDirs: () => tempDirs
  })
  try {
    const engine: EngineFacts = await phases.run('Docker engine', () =>
      probeForRun(docker, buildProbe(inputs))
    )
    const plan = planRun({ ...r.planInput, engine }, r.release)
    core.setOutput('plan', planJson(plan))
    await executePlan(
      {
        docker,
        retry,
        phases,
        summary,
        smoke: r.parsed.smoke,
        username: inputs.username,
        password: inputs.password,
        registry,
        meta: r.planInput.meta,
        floatingTags: inputs.floatingTags,
        pushDeadline: inputs.pushDeadline,
        workspace: r.parsed.workspace,
        dockerConfig,
        contextDir: plan.produce.kind === 'build' ? plan.produce.localContext : undefined,
        rememberDir: dir => rememberTempDir(tempDirs, dir),
        defer: work => void deferred.push(work)
      },
      plan
    )
  } finally {
    // The smoke containers' removals overlap the push; they end before main does.
    await Promise.allSettled(deferred)
    uninstall()
    finishMain({ ledger, tempRoot, dirs: [dockerConfig, ...tempDirs] })
  }
}
