import * as core from '../util/core.js'
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { readRunContext } from './context.js'
import type { RunContext } from '../meta/context.js'
import { booleanInput, getInputs, type Inputs } from './inputs.js'
import { loadMetadata } from './metadata.js'
import type { Metadata } from '../meta/index.js'
import { parseImageReference } from '../meta/index.js'
import { ExecDockerCli, type DockerCli } from '../docker/cli.js'
import { createStepDockerConfig } from '../docker/config.js'
import { probeEngine } from '../docker/engine.js'
import { registryHost } from '../docker/reference.js'
import {
  buildForRun,
  pushFromBuilder,
  useExistingImage,
  type BuildRequest,
  type BuiltImage
} from '../build/build.js'
import { builderPushReport } from '../registry/index-push.js'
import { printPlan } from '../plan/plan.js'
import { pushTargets, type PushReport } from '../registry/push.js'
import { login } from '../registry/login.js'
import { publish } from '../registry/publish.js'
import { credentialsMatcher, previewFloatingTags } from '../registry/floating-guard.js'
import {
  junitXml,
  parseSmokeInputs,
  runSmoke,
  type SmokeOptions,
  type SmokeReport
} from '../smoke/index.js'
import { Phases } from './phases.js'
import { STATE, saveState, rememberTempDir } from '../lifecycle/state.js'
import { installCancelHandlers } from '../lifecycle/cancel.js'
import { ContainerLedger } from '../lifecycle/ledger.js'
import { finishMain } from '../lifecycle/finish.js'
import { RetryBudget, registryRetry } from '../registry/retry.js'
import { isForkPullRequest } from './fork.js'
import { prepareSecrets, secretBuildArgWarnings, type PreparedSecrets } from '../build/secrets.js'
import { writeSummary, type RunSummary } from './summary.js'
import { errorMessage, failureKind } from '../util/errors.js'
import { withLazyModules } from '../util/lazy.js'

/** Seams for unit tests: the docker wrapper and the clock. */
export interface Deps {
  docker(env: Record<string, string>): DockerCli
  now(): Date
}

const defaultDeps: Deps = {
  docker: env => new ExecDockerCli(env),
  now: () => new Date()
}

/** The whole pipeline: resolve, build, smoke-test, push. Outputs are set as soon as known. */
export async function run(deps: Deps = defaultDeps): Promise<void> {
  const phases = new Phases()
  const summary: RunSummary = { phases: phases.timings }
  try {
    await pipeline(deps, phases, summary)
  } catch (err) {
    summary.error = errorMessage(err)
    saveState(STATE.failedPhase, failureKind(err))
    core.setFailed(summary.error)
  } finally {
    writeSummary(summary)
  }
}

function decidePush(inputs: Inputs, eventName: string, meta: Metadata): boolean {
  const wanted =
    inputs.push === 'true' ||
    (inputs.push === 'auto' && !['pull_request', 'pull_request_target'].includes(eventName))
  if (inputs.push === 'true' && !meta.imagesFromInput) {
    throw new Error(
      'Input "images": is required when "push" is true (for example ghcr.io/OWNER/APP); without it the image stays local'
    )
  }
  if (wanted && meta.imagesFromInput && meta.images.length === 0) {
    // Bare tags would be pushed to Docker Hub's library namespace: never what was meant.
    core.notice('Every image in "images" has enable=false, so nothing is pushed.')
    return false
  }
  return wanted && meta.imagesFromInput
}

/**
 * metadata-action's outputs, also exported as DOCKER_METADATA_OUTPUT_* variables (as it does
 * unless DOCKER_METADATA_SET_OUTPUT_ENV is false), so later steps of a migrated workflow work.
 */
function setMetadataOutputs(meta: Metadata, inputs: Inputs, exportEnv: boolean): void {
  const outputs: Record<string, string> = {
    version: meta.version,
    tags: meta.fullTags.join(inputs.sepTags),
    'tag-names': meta.tags.map(t => t.tag).join(inputs.sepTags),
    labels: meta.labels.join(inputs.sepLabels),
    annotations: meta.annotations.join(inputs.sepAnnotations),
    json: JSON.stringify(meta.json)
  }
  for (const [name, value] of Object.entries(outputs)) {
    core.setOutput(name, value)
    if (exportEnv) {
      core.exportVariable(`DOCKER_METADATA_OUTPUT_${name.replace(/\W/g, '_').toUpperCase()}`, value)
    }
  }
}

async function pipeline(deps: Deps, phases: Phases, summary: RunSummary): Promise<void> {
  const env = process.env
  const ctx = readRunContext(env)
  const runId = `${ctx.runId}-${randomBytes(3).toString('hex')}`
  const read = (name: string): string => core.getInput(name)

  // Everything is parsed before any docker call, so bad input fails in well under a second.
  const inputs = getInputs(read)
  if (inputs.password) core.setSecret(inputs.password)
  const smoke: SmokeOptions = await withLazyModules(() => parseSmokeInputs(read))
  if (inputs.image) parseImageReference(inputs.image, 'image')
  const tempRoot = env.RUNNER_TEMP || tmpdir()
  const workspace = env.GITHUB_WORKSPACE || process.cwd()
  mkdirSync(tempRoot, { recursive: true })
  const tempDirs: string[] = []
  // Secret values are masked and written to 0600 files now, so a bad line fails before docker
  // runs; the directory is recorded for the post step before anything else can go wrong.
  const secrets = prepareSecrets({
    secrets: read('secrets'),
    secretFiles: read('secret-files'),
    runnerTemp: tempRoot,
    workspace,
    mask: value => core.setSecret(value)
  })
  if (secrets.dir) rememberTempDir(tempDirs, secrets.dir)
  try {
    await resolveBuildSmokePush(deps, phases, summary, {
      ctx,
      runId,
      inputs,
      smoke,
      secrets,
      tempRoot,
      workspace,
      tempDirs
    })
  } finally {
    secrets.cleanup()
  }
}

interface Prepared {
  ctx: RunContext
  runId: string
  inputs: Inputs
  smoke: SmokeOptions
  secrets: PreparedSecrets
  tempRoot: string
  workspace: string
  tempDirs: string[]
}

async function resolveBuildSmokePush(
  deps: Deps,
  phases: Phases,
  summary: RunSummary,
  { ctx, runId, inputs, smoke, secrets, tempRoot, workspace, tempDirs }: Prepared
): Promise<void> {
  const env = process.env
  for (const warning of secrets.warnings) core.warning(warning)

  const meta = await loadMetadata(
    ctx,
    inputs,
    {
      apiUrl: env.GITHUB_API_URL,
      sourceDateEpoch: env.SOURCE_DATE_EPOCH,
      shortShaLength: env.DOCKER_METADATA_SHORT_SHA_LENGTH,
      prHeadSha: env.DOCKER_METADATA_PR_HEAD_SHA,
      annotationLevels: env.DOCKER_METADATA_ANNOTATIONS_LEVELS
    },
    deps.now()
  )
  summary.meta = meta
  setMetadataOutputs(
    meta,
    inputs,
    booleanInput('DOCKER_METADATA_SET_OUTPUT_ENV', env.DOCKER_METADATA_SET_OUTPUT_ENV ?? '', true)
  )
  core.setOutput('pushed', 'false')
  core.setOutput('digest', '')
  core.setOutput('held-tags', '')
  core.setOutput('smoke-result', 'skipped')

  let push = decidePush(inputs, ctx.eventName, meta)
  const forkPr = isForkPullRequest(ctx.eventName, ctx.payload)
  if (push && forkPr) {
    core.notice(
      'Pull request from a fork: it has no registry secrets, so login and push are skipped.'
    )
    push = false
  }
  for (const warning of secretBuildArgWarnings(inputs.buildArgs.map(([k]) => k)))
    core.warning(warning)

  // A remote context (a git URL or tarball, as build-push-action accepts) goes to docker as is.
  const remoteContext = /^(https?:\/\/|git@|git:\/\/|github\.com\/)/.test(inputs.context)
  const contextDir =
    remoteContext || isAbsolute(inputs.context)
      ? inputs.context
      : resolve(workspace, inputs.context)
  const file = inputs.file
    ? isAbsolute(inputs.file)
      ? inputs.file
      : resolve(workspace, inputs.file)
    : ''
  const registry = inputs.registry || registryHost(meta.images[0] ?? '')
  const targets = pushTargets(meta)

  if (inputs.dryRun) {
    printPlan(inputs, meta, smoke, { contextDir, file, registry, push, targets, runId })
    if (push) {
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
    summary.dryRun = true
    return
  }

  saveState(STATE.runId, runId)
  const dockerConfig = createStepDockerConfig(tempRoot, env)
  saveState(STATE.dockerConfig, dockerConfig)
  const ledger = new ContainerLedger()
  const docker: DockerCli = ledger.wrap(deps.docker({ DOCKER_CONFIG: dockerConfig }))
  // One wait budget for every registry operation of this run (pull, login, each push).
  const retry = new RetryBudget(registryRetry(inputs, message => core.warning(message)))
  const uninstall = installCancelHandlers(docker, {
    runId,
    tempRoot,
    dockerConfig,
    tempDirs: () => tempDirs
  })

  try {
    const engine = await phases.run('Docker engine', async () => {
      const info = await probeEngine(docker)
      core.info(
        `Docker engine answered; default bridge: ${info.hasBridge ? 'yes' : 'no'}, buildx ${info.buildx ? 'available' : 'not available'}`
      )
      return info
    })

    // Log in before the first pull, so a private base image, a registry cache and an `image:`
    // pull work; a fork's pull request has no secrets and never logs in.
    if (inputs.username && !forkPr) {
      await phases.run('Login', async () => {
        assertConfigOutsideContext(dockerConfig, remoteContext ? '' : contextDir)
        // The login answers to push-deadline too: a stalled registry cannot hold the job.
        await retry.underDeadline(inputs.pushDeadline, () =>
          login(docker, { registry, username: inputs.username, password: inputs.password }, retry)
        )
        core.info(`Logged in to ${registry} (credentials kept in a step-private docker config).`)
      })
    }

    const built: BuiltImage = await phases.run(
      inputs.image ? 'Prepare image' : 'Build',
      async () =>
        inputs.image
          ? { id: await useExistingImage(docker, inputs.image, meta.fullTags, retry) }
          : buildForRun(docker, inputs, meta, engine, secrets, { contextDir, file, tempRoot })
    )
    const image = built.id
    const platformPlan = built.buildkit?.platform
    if (platformPlan) summary.platforms = platformPlan.note
    summary.imageId = image
    core.setOutput('image-id', image)

    await phases.run('Smoke test', async () => {
      const noPlatform = platformPlan !== undefined && platformPlan.smokePlatform === ''
      const report: SmokeReport = noPlatform
        ? { result: 'skipped', message: platformPlan.note, durationMs: 0, scenarios: [] }
        : await runSmoke(docker, inputs.image || image, smoke, {
            runId,
            // Only a multi-platform result needs telling which platform to run.
            platform:
              platformPlan && platformPlan.platforms.length > 0
                ? platformPlan.smokePlatform
                : undefined,
            defaultNetwork: engine.hasBridge ? undefined : smokeFallbackNetwork(smoke),
            tempDir: tempRoot,
            onTempDir: dir => rememberTempDir(tempDirs, dir)
          })
      summary.smoke = report
      core.setOutput('smoke-result', report.result)
      // The output tails stay in the summary and JUnit file; outputs have size limits.
      core.setOutput(
        'smoke-report',
        JSON.stringify({
          ...report,
          scenarios: report.scenarios.map(({ outputTail: _tail, ...rest }) => rest)
        })
      )
      if (smoke.junitPath) writeJunit(smoke.junitPath, report, workspace)
      if (report.result === 'failed') {
        throw new Error(`Smoke test failed: ${report.message}. Nothing was pushed.`)
      }
    })

    if (!push) {
      core.info(
        meta.imagesFromInput
          ? `Not pushing (push: ${inputs.push}, event: ${ctx.eventName || 'none'}).`
          : 'Not pushing: no "images" input, so the image was only built locally.'
      )
      return
    }

    await phases.run('Push', async () => {
      const report: PushReport =
        built.buildkit?.pushArgs && built.request
          ? await builderPushReport(
              () =>
                pushFromBuilder(
                  docker,
                  built.request as BuildRequest,
                  built.buildkit?.pushArgs ?? [],
                  tempRoot
                ),
              targets
            )
          : await publish(docker, {
              targets,
              meta,
              registry,
              ...(inputs.username
                ? {
                    credentials: { registry, username: inputs.username, password: inputs.password }
                  }
                : {}),
              floatingTags: inputs.floatingTags,
              deadlineSeconds: inputs.pushDeadline,
              retry,
              info: message => core.info(message),
              warn: message => core.warning(message)
            })
      summary.push = report
      core.setOutput('digest', report.digest)
      core.setOutput('pushed', report.pushed.length > 0 ? 'true' : 'false')
      core.setOutput('held-tags', report.held.join('\n'))
      if (report.error) {
        throw new Error(
          `Push failed: ${report.error}. Published: ${report.pushed.join(', ') || 'none'}. Not published: ${report.notPushed.join(', ')}`
        )
      }
    })
  } finally {
    uninstall()
    finishMain({ ledger, tempRoot, dirs: [dockerConfig, ...tempDirs] })
  }
}

/**
 * The build context is sent to the builder: the step-private config (with the login) must
 * not be inside it, as it would be if RUNNER_TEMP were a subdirectory of the context.
 */
function assertConfigOutsideContext(dockerConfig: string, contextDir: string): void {
  if (!contextDir) return
  const rel = relative(resolve(contextDir), resolve(dockerConfig))
  if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) {
    throw new Error(
      `RUNNER_TEMP (${dirname(dockerConfig)}) is inside the build context ${contextDir}: the registry login would be sent to the builder. Use a context that does not contain RUNNER_TEMP.`
    )
  }
}

/** Without a default bridge (a loopback-only engine) containers need an explicit network. */
function smokeFallbackNetwork(smoke: SmokeOptions): string {
  const needsHost = smoke.scenarios.some(s => s.http.length > 0)
  return needsHost ? 'host' : 'none'
}

function writeJunit(path: string, report: SmokeReport, workspace: string): void {
  const target = isAbsolute(path) ? path : join(workspace, path)
  mkdirSync(dirname(target), { recursive: true })
  writeFileSync(target, junitXml(report))
}
