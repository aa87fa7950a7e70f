/**
 * The run plan: everything the run will do, decided once before the first docker call. The
 * real run executes it and `dry-run` prints it, so what the action says is what it does.
 */
import type { DockerCall, SecretMount } from '../docker/argv.js'
import type { SecretFile } from '../build/secrets.js'
import type { SmokeRunPlan } from '../smoke/index.js'
import type { BuildkitPlan } from '../build/buildkit-build.js'
import type { BuildCapabilities } from '../build/platforms.js'

export type { SecretFile, SecretMount }

export type Phase = 'build' | 'smoke' | 'login' | 'push'

/** One docker call: the exact argv handed to the DockerCli wrapper, plus what is not argv. */
export interface PlannedCommand extends DockerCall {
  phase: Phase
  /** What goes to stdin; only ever the name of the value, never the value. */
  stdin?: 'password'
}

/** One tag to publish, kept structured so nothing has to split `image:tag` again. */
export interface PushTarget {
  image: string
  tag: string
  /** `image:tag`, exactly as built, tagged and pushed. */
  ref: string
  /** Moves between releases (`latest`, `1`, branch names): pushed after the immutable ones. */
  floating: boolean
}

/** What the engine offers; probed once (a dry run without an engine assumes a hosted runner). */
export interface EngineFacts {
  buildx: boolean
  hasBridge: boolean
  /** What the engine and the buildx builder can do; probed only when buildx builds. */
  build?: BuildCapabilities
}

export interface BuildStep {
  kind: 'build'
  /** builder-push path: every platform into the builder's cache first. */
  prebuild?: PlannedCommand
  command: PlannedCommand
  /** Set when buildx builds: platforms, the smoke platform, the push path. */
  buildkit?: BuildkitPlan
  useBuildx: boolean
  /** The local context directory (undefined for a remote context): nothing private may be in it. */
  localContext?: string
  /** Where docker writes the image id; its directory is created (and removed) by the run. */
  iidFile: string
  /**
   * buildx's metadata file (same directory), on the docker driver's load path: its
   * `containerimage.digest` is the engine's image id on either store, where the iid file holds
   * the config digest for a one-manifest image on the containerd store.
   */
  metadataFile?: string
  /** The private directory for `secretFiles`, or undefined when no value secret is given. */
  secretDir?: string
  secretFiles: readonly SecretFile[]
}

/** The `image` input: an existing image is pulled when missing, then tagged. */
export interface ExistingImageStep {
  kind: 'existing'
  image: string
  /** One `docker tag` per target reference. */
  commands: readonly PlannedCommand[]
}

/** `docker login` into the step-private config, before the build: private base images and
 * registry caches need it. Never for a fork's pull request, which has no secrets. */
export interface LoginStep {
  registry: string
  command: PlannedCommand
}

/** A docker-container/remote/kubernetes builder pushes the whole index itself. */
export interface BuilderPush {
  command: PlannedCommand
  /** Where buildx writes the index digest (`--metadata-file`). */
  metadataFile: string
}

/**
 * push-by-digest: after the smoke test the tested image is saved (`docker save`) and uploaded
 * by digest through the registry API to every image, with no tag (docker cannot push by
 * digest: buildx refuses it on the docker driver, and `docker push REPO@DIGEST` is refused).
 */
export interface DigestPush {
  /** `docker save -o <archive> <built image id>`. */
  save: PlannedCommand
  archive: string
  /** Every image (every registry) the digest goes to. */
  images: readonly string[]
  /** Where a file named after the digest's hex is written, for upload as an artifact. */
  digestsDir?: string
  /** Resolved tags, not applied by this job (the merge job applies them). */
  unappliedTags: readonly string[]
}

/** One `imagetools create` of a merge: one image's immutable or floating tags. */
export interface MergeCall {
  image: string
  floating: boolean
  refs: readonly string[]
  command: PlannedCommand
}

/** merge-digests: the tagged index from the digests, immutable tags first in every image. */
export interface MergePush {
  digests: readonly string[]
  calls: readonly MergeCall[]
}

/** A merge job builds nothing: its "image" is the digests it merges. */
export interface MergeStep {
  kind: 'merge'
  digests: readonly string[]
  /** Why the smoke test does not run, for the log and summary. */
  note: string
}

/**
 * upload-during-smoke: once the build is done, the image is saved and its layers uploaded to
 * every image's repository through the registry API while the smoke test runs. Each tag is
 * then one manifest PUT; `commands` (the per-tag `docker push`) run only if the upload failed.
 */
export interface EarlyUploadStep {
  /** `docker save -o <archive> <built image id>`, started with the smoke test. */
  save: PlannedCommand
  archive: string
  /** Every image (every registry) the layers go to. */
  images: readonly string[]
}

export interface PushStep {
  /** upload-during-smoke: layers during the smoke test, then one manifest PUT per tag. */
  early?: EarlyUploadStep
  /** Set on the builder-push path: one BuildKit push replaces the per-tag `docker push`. */
  builder?: BuilderPush
  /** push-by-digest: `commands` is the `docker save`; the upload is registry API calls. */
  digest?: DigestPush
  /** merge-digests: `commands` are the `imagetools create` calls, in order. */
  merge?: MergePush
  /** In push order (immutable first); `targets[i]` is pushed by `commands[i]`. */
  targets: readonly PushTarget[]
  commands: readonly PlannedCommand[]
}

export interface RunPlan {
  runId: string
  /** Every tag of the run, pushed or not (the summary lists them). */
  targets: readonly PushTarget[]
  login?: LoginStep
  produce: BuildStep | ExistingImageStep | MergeStep
  /** Undefined when the smoke test is disabled. */
  smoke?: SmokeRunPlan
  /** Undefined when nothing is pushed; `notPushing` then says why. */
  push?: PushStep
  notPushing?: string
  /** For the log, once each. */
  notices: readonly string[]
  warnings: readonly string[]
  /** Every docker call above, in the order the run makes them. */
  commands: readonly PlannedCommand[]
  /** Steps that are not docker calls (the registry API upload of push-by-digest). */
  apiSteps?: readonly string[]
}
