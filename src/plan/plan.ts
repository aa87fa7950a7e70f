import { join } from 'node:path'
import { loginArgv, pushArgv } from '../docker/argv.js'
import { registryHost } from '../docker/reference.js'
import type { SecretSpec } from '../build/secrets.js'
import type { Metadata } from '../meta/index.js'
import { defaultSmokeNetwork, smokeRunArgs, type SmokeOptions } from '../smoke/index.js'
import { planBuild, planBuilderPush, planExistingImage, runTempDir } from './build-plan.js'
import type { BuildOptions, PushOptions } from './options.js'
import { decidePush, type PushDecision } from './push-policy.js'
import { imageTargets } from './targets.js'
import { pushOrder } from '../registry/push.js'
import { planDigestPush, planMergeProduce, planMergePush, planSave } from './digest-plan.js'
import type {
  BuildStep,
  EngineFacts,
  ExistingImageStep,
  LoginStep,
  MergeStep,
  PlannedCommand,
  PushStep,
  PushTarget,
  RunPlan
} from './types.js'

/**
 * Stands in for the built image in a smoke `docker run` when the build has no tag to run it
 * by; the runner puts the image id in its place. With any tag, the first tag is used.
 */
export const BUILT_IMAGE = '<built image id>'

export interface PlanInput {
  build: BuildOptions
  push: PushOptions
  smoke: SmokeOptions
  meta: Pick<Metadata, 'images' | 'imagesFromInput' | 'tags' | 'labels' | 'annotations'>
  engine: EngineFacts
  secrets: readonly SecretSpec[]
  event: { eventName: string; ref: string; forkPullRequest: boolean }
  /** Deterministic per step (GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT-GITHUB_ACTION). */
  runId: string
  workspace: string
  tempRoot: string
}

function planPush(
  input: PlanInput,
  targets: readonly PushTarget[],
  produce: BuildStep | ExistingImageStep | MergeStep,
  smoke: RunPlan['smoke']
): { step: PushStep; apiSteps?: string[] } {
  if (produce.kind === 'merge') {
    return {
      step: planMergePush({
        images: input.meta.images,
        targets,
        digests: produce.digests,
        annotations: input.meta.annotations,
        builder: input.build.buildkit.builder
      })
    }
  }
  if (input.build.buildkit.pushByDigest) {
    return planDigestPush({
      images: input.meta.images,
      targets,
      digestsDir: input.build.buildkit.digestsDir,
      tempRoot: input.tempRoot,
      runId: input.runId
    })
  }
  const step = planTagPush(input, targets, produce)
  // Nothing to upload alongside when no container runs (no smoke test, or no platform for it).
  const smokeRuns = smoke !== undefined && !smokeSkipsPlatform(produce)
  if (!input.push.uploadDuringSmoke || step.builder || !smokeRuns) return { step }
  return planEarlyUpload(step, input.meta.images, input.tempRoot, input.runId)
}

/** A multi-platform build none of whose platforms this runner can run is not smoke-tested. */
function smokeSkipsPlatform(produce: BuildStep | ExistingImageStep | MergeStep): boolean {
  return produce.kind === 'build' && produce.buildkit?.platform.smokePlatform === ''
}

/** upload-during-smoke: the save starts with the smoke test; the docker pushes are the fallback. */
function planEarlyUpload(
  step: PushStep,
  images: readonly string[],
  tempRoot: string,
  runId: string
): { step: PushStep; apiSteps: string[] } {
  const { save, archive } = planSave(tempRoot, 'early', runId)
  const apiSteps = [
    ...images.map(
      image =>
        `registry API, while the smoke test runs: upload the saved image's layers and config to ${image} (HEAD/POST/PUT /v2/…/blobs)`
    ),
    'registry API, once the smoke test passed: one manifest PUT per tag (PUT /v2/…/manifests/<tag>), immutable tags first; the docker push commands above run only if the upload failed'
  ]
  return { step: { ...step, early: { save, archive, images } }, apiSteps }
}

function planTagPush(
  input: PlanInput,
  targets: readonly PushTarget[],
  produce: BuildStep | ExistingImageStep
): PushStep {
  const ordered = pushOrder(targets)
  if (produce.kind === 'build' && produce.buildkit?.pushArgs) {
    // The builder publishes every tag at once, from its cache, after the smoke test.
    const builder = planBuilderPush(produce, input.tempRoot, input.runId)
    return { targets: ordered, builder, commands: [builder.command] }
  }
  return {
    targets: ordered,
    commands: ordered.map(t => ({ phase: 'push', argv: pushArgv(t.ref) }))
  }
}

/** The registry the credentials are for: the `registry` input, else the first image's host. */
export function loginRegistry(registry: string, images: readonly string[]): string {
  return registry || registryHost(images[0] ?? '')
}

/** With credentials, the run logs in first (a fork's pull request has none to use). */
function planLogin(input: PlanInput): LoginStep | undefined {
  if (!input.push.username || input.event.forkPullRequest) return undefined
  const registry = loginRegistry(input.push.registry, input.meta.images)
  return {
    registry,
    command: { phase: 'login', argv: loginArgv(registry, input.push.username), stdin: 'password' }
  }
}

/** The smoke test of this run: pure, so the printed plan and the run share it. */
function planSmoke(
  input: PlanInput,
  targets: readonly PushTarget[],
  produce: BuildStep | ExistingImageStep
): RunPlan['smoke'] {
  if (!input.smoke.enabled) return undefined
  const platforms = produce.kind === 'build' ? produce.buildkit?.platform : undefined
  // A multi-platform build with no platform this runner can run is not smoke-tested.
  if (platforms && platforms.smokePlatform === '') return undefined
  const image = input.build.image || targets[0]?.ref || BUILT_IMAGE
  const envFile =
    input.smoke.secrets.length > 0
      ? join(runTempDir(input.tempRoot, 'smoke', input.runId), 'secrets.env')
      : undefined
  const runs = smokeRunArgs(input.smoke, image, {
    runId: input.runId,
    defaultNetwork: defaultSmokeNetwork(input.smoke, input.engine.hasBridge),
    envFile,
    // Only a multi-platform result needs telling which platform to run.
    ...(platforms && platforms.platforms.length > 0 ? { platform: platforms.smokePlatform } : {})
  })
  return { image, ...(envFile ? { envFile } : {}), runs }
}

export interface Release {
  targets: PushTarget[]
  decision: PushDecision
}

/**
 * What is published and whether: needs no engine, so a release that would publish nothing
 * fails before the engine is even asked. Throws InputError naming `images` or `tags`.
 */
export function planRelease(input: Omit<PlanInput, 'engine'>): Release {
  const targets = imageTargets(input.meta)
  const decision = decidePush(input.push, {
    ...input.event,
    digestOnly: input.build.buildkit.pushByDigest,
    imagesFromInput: input.meta.imagesFromInput,
    images: input.meta.images,
    targets
  })
  return { targets, decision }
}

/**
 * Everything the run will do, from the parsed inputs, the resolved metadata and the engine
 * facts. Pure: the real run executes this plan and `dry-run` prints it.
 */
export function planRun(input: PlanInput, release = planRelease(input)): RunPlan {
  const { targets, decision } = release
  const merge = input.build.buildkit.merge
  const produce =
    merge.kind !== 'none'
      ? planMergeProduce(merge, input.build.image)
      : input.build.image
        ? planExistingImage(input.build.image, targets)
        : planBuild({
            opts: input.build,
            labels: input.meta.labels,
            targets,
            engine: input.engine,
            secrets: input.secrets,
            runId: input.runId,
            workspace: input.workspace,
            tempRoot: input.tempRoot,
            annotations: input.meta.annotations
          })
  const smoke = produce.kind === 'merge' ? undefined : planSmoke(input, targets, produce)
  const planned = decision.push ? planPush(input, targets, produce, smoke) : undefined
  const push = planned?.step
  const login = planLogin(input)
  const commands: PlannedCommand[] = [
    ...(login ? [login.command] : []),
    ...(produce.kind === 'build'
      ? [...(produce.prebuild ? [produce.prebuild] : []), produce.command]
      : produce.kind === 'existing'
        ? produce.commands
        : []),
    // upload-during-smoke: the save starts as the first container does.
    ...(push?.early ? [push.early.save] : []),
    ...(smoke?.runs ?? []).map(r => ({ phase: 'smoke' as const, argv: r.argv })),
    ...(push?.commands ?? [])
  ]
  return {
    runId: input.runId,
    targets,
    ...(login ? { login } : {}),
    produce,
    ...(smoke ? { smoke } : {}),
    ...(push ? { push } : { notPushing: notPushing(input, decision.reason) }),
    notices: decision.notices,
    warnings: decision.warnings,
    commands,
    ...(planned?.apiSteps ? { apiSteps: planned.apiSteps } : {})
  }
}

/** Why nothing is pushed; a push-by-digest job also says that no digest is pushed or written. */
function notPushing(input: PlanInput, reason: string | undefined): string | undefined {
  if (!input.build.buildkit.pushByDigest) return reason
  return `${reason ?? 'Not pushing.'} push-by-digest: no digest is pushed and none is written to digests-dir.`
}

/** The `plan` output: what is pushed where, and every docker call as the argv it gets. */
export function planJson(plan: RunPlan): string {
  return JSON.stringify({
    push: plan.push !== undefined,
    targets: (plan.push?.targets ?? []).map(t => t.ref),
    commands: plan.commands.map(c => ({
      phase: c.phase,
      argv: ['docker', ...c.argv],
      ...(c.env ? { env: c.env } : {}),
      ...(c.stdin ? { stdin: c.stdin } : {})
    })),
    ...(plan.apiSteps ? { api: plan.apiSteps } : {})
  })
}
