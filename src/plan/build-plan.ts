import { join } from 'node:path'
import { buildArgv, tagArgv } from '../docker/argv.js'
import { placeSecrets, requireBuildKit, type SecretSpec } from '../build/secrets.js'
import { InputError } from '../util/errors.js'
import { contextPaths, isRemoteContext } from './build-context.js'
import type { BuildOptions } from './options.js'
import { planBuildkit, type BuildkitPlan } from '../build/buildkit-build.js'
import type {
  BuildStep,
  BuilderPush,
  EngineFacts,
  ExistingImageStep,
  PlannedCommand,
  PushTarget
} from './types.js'

export interface BuildPlanInput {
  opts: BuildOptions
  labels: readonly string[]
  targets: readonly PushTarget[]
  engine: EngineFacts
  secrets: readonly SecretSpec[]
  runId: string
  workspace: string
  /** RUNNER_TEMP: the iid file and the secret files go into `btp-…` directories there. */
  tempRoot: string
  /** Applied as manifest annotations where the push goes through BuildKit. */
  annotations: readonly string[]
}

/** Named after the run, so two runs of the same inputs differ only under RUNNER_TEMP. */
export function runTempDir(tempRoot: string, kind: string, runId: string): string {
  return join(tempRoot, `btp-${kind}-${runId}`)
}

/** buildx when asked for or (auto) when the plugin is there; fails on combinations it cannot do. */
function chooseBuilder(input: BuildPlanInput): boolean {
  const { opts, engine } = input
  if (opts.buildx === 'true' && !engine.buildx) {
    throw new InputError('buildx', 'is true, but the docker buildx plugin is not installed')
  }
  const useBuildx = opts.buildx === 'true' || (opts.buildx === 'auto' && engine.buildx)
  const bk = opts.buildkit
  if (!useBuildx && (bk.platforms.length > 0 || bk.builder || bk.pushByDigest)) {
    const name = bk.platforms.length > 0 ? 'platforms' : bk.builder ? 'builder' : 'push-by-digest'
    throw new InputError(
      name,
      'needs buildx: install the buildx plugin (docker/setup-buildx-action) and keep buildx: auto'
    )
  }
  // The classic builder ignores `--secret`; fail before a build that would silently lack it.
  if (input.secrets.length > 0) requireBuildKit(useBuildx)
  if (opts.cacheTo.length > 0 && !useBuildx) {
    throw new InputError('cache-to', 'needs buildx (install the buildx plugin or set buildx: auto)')
  }
  return useBuildx
}

/** The BuildKit half (platforms, attestations, output flags) once buildx builds. */
function planBuildkitPart(input: BuildPlanInput, useBuildx: boolean): BuildkitPlan | undefined {
  if (!useBuildx) return undefined
  // A dry run without an engine knows nothing of the builder: assume the default one.
  const caps = input.engine.build ?? {
    containerdStore: false,
    nativePlatform: 'linux/amd64',
    driver: 'docker'
  }
  return planBuildkit(input.opts.buildkit, caps, {
    annotations: input.annotations,
    cacheTo: input.opts.cacheTo
  })
}

/** The builder-push path's final `--push` build, with the digest read from its metadata file. */
export function planBuilderPush(step: BuildStep, tempRoot: string, runId: string): BuilderPush {
  const metadataFile = join(runTempDir(tempRoot, 'push', runId), 'metadata.json')
  const withArgs = (extra: readonly string[]): string[] =>
    replaceOutputArgs(step.command.argv, [...extra, '--metadata-file', metadataFile])
  return {
    command: {
      phase: 'push',
      argv: withArgs(step.buildkit?.pushArgs ?? []),
      ...(step.command.env ? { env: step.command.env } : {})
    },
    metadataFile
  }
}

/** `buildx build <output args> --iidfile …`: swaps the output args for another set. */
function replaceOutputArgs(argv: readonly string[], outputArgs: readonly string[]): string[] {
  const at = argv.indexOf('--iidfile')
  return ['buildx', 'build', ...outputArgs, ...argv.slice(at)]
}

const CREATED = 'org.opencontainers.image.created='

/**
 * BuildKit dates the image config, its history and (where the exporter can rewrite them) the
 * layer files from the SOURCE_DATE_EPOCH build-arg. It gets the image's `created` label, which
 * is SOURCE_DATE_EPOCH, else the commit's time, else the run's: so the image's own date is
 * its label's, and a rebuild of the same commit gives the same config. A build-arg of that
 * name given by the user wins. (Engine 20.10's BuildKit ignores it; see README.)
 */
export function withSourceDateEpoch(
  buildArgs: ReadonlyArray<readonly [string, string]>,
  labels: readonly string[]
): ReadonlyArray<readonly [string, string]> {
  if (buildArgs.some(([k]) => k === 'SOURCE_DATE_EPOCH')) return buildArgs
  const created = labels.findLast(l => l.startsWith(CREATED))?.slice(CREATED.length) ?? ''
  const ms = Date.parse(created)
  if (!Number.isFinite(ms) || ms < 0) return buildArgs
  return [...buildArgs, ['SOURCE_DATE_EPOCH', String(Math.floor(ms / 1000))]]
}

export function planBuild(input: BuildPlanInput): BuildStep {
  const { opts, engine, runId, tempRoot } = input
  const useBuildx = chooseBuilder(input)
  const buildkit = planBuildkitPart(input, useBuildx)
  const secretDir = runTempDir(tempRoot, 'secrets', runId)
  const { mounts, files } = placeSecrets(input.secrets, secretDir)
  const iidFile = join(runTempDir(tempRoot, 'build', runId), 'iid')
  const paths = contextPaths(opts, input.workspace)
  const argv = buildArgv({
    context: paths.context,
    file: paths.file,
    tags: input.targets.map(t => t.ref),
    labels: input.labels,
    buildArgs: useBuildx ? withSourceDateEpoch(opts.buildArgs, input.labels) : opts.buildArgs,
    target: opts.target,
    pull: opts.pull,
    noCache: opts.noCache,
    // BuildKit's RUN steps need a network the engine has; without a bridge, use the host's.
    network: opts.network || (useBuildx && !engine.hasBridge ? 'host' : ''),
    secrets: mounts,
    cacheFrom: opts.cacheFrom,
    cacheTo: opts.cacheTo,
    iidFile,
    useBuildx,
    ...(buildkit ? { buildxArgs: buildkit.buildxArgs } : {})
  })
  const metadataFile =
    buildkit?.platform.path === 'load' && opts.buildkit.outputs.length === 0
      ? join(runTempDir(tempRoot, 'build', runId), 'metadata.json')
      : undefined
  if (metadataFile) argv.splice(argv.indexOf('--iidfile') + 2, 0, '--metadata-file', metadataFile)
  const env = useBuildx ? undefined : { DOCKER_BUILDKIT: '0' }
  const prebuild: PlannedCommand | undefined = buildkit?.prebuildArgs
    ? { phase: 'build', argv: replaceOutputArgs(argv, buildkit.prebuildArgs) }
    : undefined
  return {
    kind: 'build',
    ...(prebuild ? { prebuild } : {}),
    ...(buildkit ? { buildkit } : {}),
    // The legacy builder is only reachable by switching BuildKit off explicitly once the
    // buildx plugin is installed, because the CLI then routes `docker build` to buildx.
    command: { phase: 'build', argv, ...(env ? { env } : {}) },
    useBuildx,
    ...(isRemoteContext(opts.context) ? {} : { localContext: paths.context }),
    iidFile,
    ...(metadataFile ? { metadataFile } : {}),
    secretDir: files.length > 0 ? secretDir : undefined,
    secretFiles: files
  }
}

/** The `image` input: every target becomes a `docker tag` of the existing image. */
export function planExistingImage(
  image: string,
  targets: readonly PushTarget[]
): ExistingImageStep {
  return {
    kind: 'existing',
    image,
    commands: targets.map(t => ({ phase: 'build', argv: tagArgv(image, t.ref) }))
  }
}
