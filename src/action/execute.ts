/**
 * Executes a RunPlan: every docker call it makes is one the plan lists (plus read-only
 * inspections and the smoke container's follow-up calls, which depend on what happens).
 */
import * as core from '../util/core.js'
import type { DockerCli } from '../docker/cli.js'
import { buildImage, pushFromBuilder, useExistingImage, type BuiltImage } from '../build/build.js'
import { builderPushReport } from '../registry/index-push.js'
import { writeSecretFiles } from '../build/secrets.js'
import { BUILT_IMAGE } from '../plan/plan.js'
import type { BuildStep, EarlyUploadStep, LoginStep, RunPlan } from '../plan/types.js'
import { dirname, isAbsolute, relative, resolve } from 'node:path'
import { errorMessage } from '../util/errors.js'
import { login } from '../registry/login.js'
import type { PushReport } from '../registry/push.js'
import { publish } from '../registry/publish.js'
import { pushByDigest } from '../registry/digest-push.js'
import { mergeDigests } from '../registry/merge.js'
import { EarlyUpload } from '../registry/early-upload.js'
import type { UploadSet } from '../registry/image-archive.js'
import { DeadlineError } from '../registry/deadline.js'
import { credentialsMatcher } from '../registry/floating-guard.js'
import { saveOf } from '../plan/digest-plan.js'
import type { FloatingMode } from '../registry/floating.js'
import type { Metadata } from '../meta/index.js'
import type { RetryBudget } from '../registry/retry.js'
import { runSmoke, type SmokeReport, type SmokeRunPlan, type SmokeOptions } from '../smoke/index.js'
import type { Phases } from './phases.js'
import type { RunSummary } from './summary.js'
import { setSmokeOutputs } from './outputs.js'
import { writeJunit } from './junit.js'
import { redactor, setSafeOutput } from './redaction.js'
import { recordLogin } from './login-record.js'

export interface Execution {
  docker: DockerCli
  retry: RetryBudget
  phases: Phases
  summary: RunSummary
  smoke: SmokeOptions
  username: string
  password: string
  /** The login registry (the `registry` input or the first image's host). */
  registry: string
  meta: Pick<Metadata, 'images' | 'tags'>
  floatingTags: FloatingMode
  /** `push-deadline` in seconds over the login and the whole push phase; 0 means none. */
  pushDeadline: number
  workspace: string
  /** The step-private docker config, and the local build context it must stay out of. */
  dockerConfig: string
  contextDir?: string
  /** Records a directory for the post step before anything is written into it. */
  rememberDir(dir: string): void
  /** Work that may overlap later phases; main awaits it before it ends. */
  defer(work: Promise<void>): void
}

async function runBuild(x: Execution, step: BuildStep): Promise<BuiltImage> {
  for (const notice of step.buildkit?.notices ?? []) core.notice(notice)
  if (step.buildkit) core.info(step.buildkit.platform.note)
  // Secret files exist only while the build runs; the post step removes them after a kill.
  let removeSecrets = (): void => undefined
  if (step.secretDir) {
    x.rememberDir(step.secretDir)
    removeSecrets = writeSecretFiles(step.secretDir, step.secretFiles)
  }
  try {
    // builder-push path: every platform once, into the builder's cache; the loaded smoke
    // platform then reuses it.
    if (step.prebuild) await buildImage(x.docker, step.prebuild, step.iidFile)
    const built = await buildImage(x.docker, step.command, step.iidFile, step.metadataFile)
    core.info(`Built ${built.id} with ${step.useBuildx ? 'buildx' : 'the legacy builder'}`)
    return built
  } finally {
    removeSecrets()
  }
}

/** With no tag to run the image by, the smoke test runs it by the id the build reported. */
function withImageId(smoke: SmokeRunPlan, id: string): SmokeRunPlan {
  if (smoke.image !== BUILT_IMAGE) return smoke
  const put = (a: string): string => (a === BUILT_IMAGE ? id : a)
  return {
    ...smoke,
    image: id,
    runs: smoke.runs.map(r => ({ ...r, argv: r.argv.map(put) }))
  }
}

async function runSmokePhase(x: Execution, plan: RunPlan, imageId: string): Promise<void> {
  const smokePlan = plan.smoke ? withImageId(plan.smoke, imageId) : undefined
  const platforms = plan.produce.kind === 'build' ? plan.produce.buildkit?.platform : undefined
  const noPlatform = x.smoke.enabled && platforms !== undefined && platforms.smokePlatform === ''
  const raw: SmokeReport = noPlatform
    ? { result: 'skipped', message: platforms.note, durationMs: 0, scenarios: [] }
    : await runSmoke(x.docker, smokePlan, x.smoke, {
        onTempDir: dir => x.rememberDir(dir),
        // A passed container is removed while the push starts; it is not part of the image.
        deferRemoval: removal => x.defer(removal)
      })
  // The image may print a secret: the report is written to files, outputs and the summary.
  const report = redactor.redactDeep(raw)
  x.summary.smoke = report
  setSmokeOutputs(report)
  if (x.smoke.junitPath) writeJunit(x.smoke.junitPath, report, x.workspace)
  if (report.result === 'failed') {
    throw new Error(`Smoke test failed: ${report.message}. Nothing was pushed.`)
  }
}

async function runLogin(x: Execution, step: LoginStep): Promise<void> {
  if (x.contextDir) assertConfigOutsideContext(x.dockerConfig, x.contextDir)
  // The login answers to push-deadline too: a stalled registry cannot hold the job.
  // Recorded before the login, so the post step erases a delegated credential even when this
  // step dies right after it.
  const where = recordLogin(x.dockerConfig, step.registry)
  await x.retry.underDeadline(x.pushDeadline, () =>
    login(x.docker, step.command, { registry: step.registry, password: x.password }, x.retry)
  )
  core.info(where)
}

/**
 * The build context is sent to the builder: the step-private config (with the login) must
 * not be inside it, as it would be if RUNNER_TEMP were a subdirectory of the context.
 */
function assertConfigOutsideContext(dockerConfig: string, contextDir: string): void {
  const rel = relative(resolve(contextDir), resolve(dockerConfig))
  if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) {
    throw new Error(
      `RUNNER_TEMP (${dirname(dockerConfig)}) is inside the build context ${contextDir}: the registry login would be sent to the builder. Use a context that does not contain RUNNER_TEMP.`
    )
  }
}

/** A merge job runs no container: the smoke outputs and the summary say why. */
function skipSmokeForMerge(x: Execution, note: string): void {
  core.info(note)
  const report: SmokeReport = { result: 'skipped', message: note, durationMs: 0, scenarios: [] }
  x.summary.smoke = report
  setSmokeOutputs(report)
}

/** push-by-digest or merge-digests: the registry API upload, or `imagetools create`. */
function digestReport(
  x: Execution,
  plan: RunPlan,
  step: NonNullable<RunPlan['push']>,
  imageId: string
): Promise<PushReport> | undefined {
  const registry = plan.login?.registry ?? x.registry
  const common = {
    registry,
    ...(plan.login
      ? { credentials: { registry, username: x.username, password: x.password } }
      : {}),
    deadlineSeconds: x.pushDeadline,
    retry: x.retry,
    info: (message: string) => core.info(message)
  }
  if (step.digest) {
    const d = step.digest
    const note =
      d.unappliedTags.length > 0
        ? `push-by-digest: pushed by digest with no tag; these tags are not applied here (the merge job applies them): ${d.unappliedTags.join(', ')}`
        : 'push-by-digest: pushed by digest with no tag.'
    core.info(note)
    x.summary.notes = [...(x.summary.notes ?? []), note]
    return pushByDigest(x.docker, {
      ...common,
      save: saveOf(d.save, imageId),
      archive: d.archive,
      images: d.images,
      ...(d.digestsDir ? { digestsDir: d.digestsDir } : {})
    })
  }
  if (step.merge) {
    return mergeDigests(x.docker, {
      ...common,
      calls: step.merge.calls,
      meta: x.meta,
      floatingTags: x.floatingTags,
      warn: message => core.warning(message)
    })
  }
  return undefined
}

/** upload-during-smoke: the blobs go up while the smoke test runs (early-upload.ts). */
function startEarlyUpload(
  x: Execution,
  plan: RunPlan,
  step: EarlyUploadStep,
  imageId: string
): EarlyUpload {
  x.rememberDir(dirname(step.archive))
  const registry = plan.login?.registry ?? x.registry
  const credentials = plan.login ? { username: x.username, password: x.password } : undefined
  return new EarlyUpload(x.docker, {
    save: saveOf(step.save, imageId),
    archive: step.archive,
    images: step.images,
    credentialsFor: credentialsMatcher(registry, credentials),
    retry: x.retry,
    timeoutMs: x.retry.attemptTimeoutMs() ?? 10 * 60 * 1000
  })
}

/**
 * The uploaded blobs, or undefined (and why, in the log) when `docker push` must do it. The
 * wait is part of the push phase: a registry that stalls it past `push-deadline` fails the
 * step with nothing published.
 */
async function uploadedBlobs(
  early: EarlyUpload | undefined,
  deadlineSeconds: number
): Promise<UploadSet | undefined> {
  if (!early) return undefined
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    if (deadlineSeconds <= 0) return
    timer = setTimeout(
      () =>
        reject(
          new DeadlineError(
            deadlineSeconds,
            'the layers were uploaded (upload-during-smoke); nothing was published'
          )
        ),
      deadlineSeconds * 1000
    )
  })
  try {
    const done = await Promise.race([early.ready, deadline])
    core.info(done.note)
    return done.set
  } catch (err) {
    if (err instanceof DeadlineError) throw err
    core.info(
      `upload-during-smoke: the upload did not complete (${redactor.redact(errorMessage(err))}); pushing with docker push instead.`
    )
    return undefined
  } finally {
    clearTimeout(timer)
  }
}

/** Floating-tag guard, pushes in the planned order and argv, then the read-back (publish.ts). */
async function runPush(
  x: Execution,
  plan: RunPlan,
  step: NonNullable<RunPlan['push']>,
  built: BuiltImage | undefined,
  early: EarlyUpload | undefined
): Promise<void> {
  const registry = plan.login?.registry ?? x.registry
  const builder = step.builder
  const viaDigest = digestReport(x, plan, step, built?.id ?? '')
  const uploaded = await uploadedBlobs(early, x.pushDeadline)
  const report: PushReport = viaDigest
    ? await viaDigest
    : builder
      ? await builderPushReport(
          () => pushFromBuilder(x.docker, builder.command, builder.metadataFile),
          step.targets
        )
      : await publish(x.docker, {
          ...(uploaded ? { uploaded } : {}),
          targets: step.targets.map((t, i) => ({ ...t, argv: step.commands[i].argv })),
          meta: x.meta,
          registry,
          ...(plan.login
            ? { credentials: { registry, username: x.username, password: x.password } }
            : {}),
          floatingTags: x.floatingTags,
          deadlineSeconds: x.pushDeadline,
          retry: x.retry,
          info: message => core.info(message),
          warn: message => core.warning(message),
          // Tags that already hold the tested image are not pushed again (unchanged.ts).
          ...(built ? { imageId: built.id } : {}),
          ...(built?.store ? { imageStore: built.store } : {})
        })
  x.summary.push = report
  setSafeOutput('digest', report.digest)
  setSafeOutput('pushed', report.pushed.length > 0 ? 'true' : 'false')
  setSafeOutput('held-tags', report.held.join('\n'))
  if (report.error) {
    throw new Error(
      `Push failed: ${report.error}. Published: ${report.pushed.join(', ') || 'none'}. Not published: ${report.notPushed.join(', ')}`
    )
  }
}

/** Log in, build (or prepare the given image), smoke-test, then push: in the plan's order. */
export async function executePlan(x: Execution, plan: RunPlan): Promise<void> {
  // Log in before the first pull, so a private base image, a registry cache and an `image:`
  // pull work.
  const loginStep = plan.login
  if (loginStep) await x.phases.run('Login', () => runLogin(x, loginStep))
  const produce = plan.produce
  let built: BuiltImage | undefined
  let early: EarlyUpload | undefined
  try {
    if (produce.kind === 'merge') {
      skipSmokeForMerge(x, produce.note)
      x.summary.platforms = `Merging ${produce.digests.length} digest(s): ${produce.digests.join(', ')}`
    } else {
      const image = await produceImage(x, produce)
      built = image
      // The blobs go up while the container runs; nothing names them until the smoke test passed.
      if (plan.push?.early) early = startEarlyUpload(x, plan, plan.push.early, image.id)
      await x.phases.run('Smoke test', () => runSmokePhase(x, plan, image.id))
    }
    if (!plan.push) {
      core.info(plan.notPushing ?? 'Not pushing.')
      return
    }
    const push = plan.push
    const tested = built
    const uploading = early
    await x.phases.run('Push', () => runPush(x, plan, push, tested, uploading))
  } finally {
    // Stopped for good (a failed smoke test), or done: the saved image's files go.
    await early?.abort()
  }
}

/** The build (or the `image` input made ready), with its outputs set. */
async function produceImage(
  x: Execution,
  produce: Exclude<RunPlan['produce'], { kind: 'merge' }>
): Promise<BuiltImage> {
  const built: BuiltImage = await x.phases.run(
    produce.kind === 'existing' ? 'Prepare image' : 'Build',
    async () =>
      produce.kind === 'existing'
        ? { id: await useExistingImage(x.docker, produce.image, produce.commands, x.retry) }
        : runBuild(x, produce)
  )
  x.summary.imageId = built.id
  if (produce.kind === 'build' && produce.buildkit) {
    x.summary.platforms = produce.buildkit.platform.note
  }
  setSafeOutput('image-id', built.id)
  return built
}
