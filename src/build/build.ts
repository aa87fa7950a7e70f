import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { DockerCli } from '../docker/cli.js'
import * as core from '../util/core.js'
import { buildArgv, tagArgv, type BuildSpec } from '../docker/argv.js'
import type { EngineInfo } from '../docker/engine.js'
import type { Inputs } from '../action/inputs.js'
import type { Metadata } from '../meta/index.js'
import type { RetryBudget } from '../registry/retry.js'
import { requireBuildKit, type PreparedSecrets } from './secrets.js'
import { probeBuildCapabilities } from '../docker/build-capabilities.js'
import { planBuildkit, type BuildkitPlan } from './buildkit-build.js'
import { InputError } from '../util/errors.js'

export interface BuiltImage {
  id: string
  /** Set when buildx built it: platforms, the smoke platform, the push path. */
  buildkit?: BuildkitPlan
  /** The build request, for a builder that pushes after the smoke test from its cache. */
  request?: BuildRequest
}

/**
 * A docker-container, remote or kubernetes builder pushes the index itself (every platform,
 * attestations, annotations) after the smoke test, from its cache; returns the index digest.
 */
export async function pushFromBuilder(
  docker: DockerCli,
  req: BuildRequest,
  pushArgs: readonly string[],
  tempDir: string
): Promise<string> {
  const dir = mkdtempSync(join(tempDir, 'btp-build-'))
  const metadata = join(dir, 'metadata.json')
  try {
    await docker.exec(
      buildArgv({
        ...req,
        buildxArgs: [...pushArgs, '--metadata-file', metadata],
        iidFile: join(dir, 'iid')
      }),
      { stream: true }
    )
    const meta = JSON.parse(readFileSync(metadata, 'utf8')) as Record<string, unknown>
    const digest = meta['containerimage.digest']
    return typeof digest === 'string' ? digest : ''
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export type BuildRequest = Omit<BuildSpec, 'iidFile'>

/** Builds once with every tag and returns the image id (`sha256:…`). */
export async function buildImage(
  docker: DockerCli,
  req: BuildRequest,
  tempDir: string
): Promise<string> {
  const dir = mkdtempSync(join(tempDir, 'btp-build-'))
  const iidFile = join(dir, 'iid')
  try {
    await docker.exec(buildArgv({ ...req, iidFile }), {
      stream: true,
      // The legacy builder is only reachable by switching BuildKit off explicitly once the
      // buildx plugin is installed, because the CLI then routes `docker build` to buildx.
      env: req.useBuildx ? {} : { DOCKER_BUILDKIT: '0' }
    })
    return readFileSync(iidFile, 'utf8').trim()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export function buildRequest(
  inputs: Inputs,
  meta: Metadata,
  paths: { contextDir: string; file: string },
  how: Pick<BuildRequest, 'network' | 'secrets' | 'useBuildx'>
): BuildRequest {
  return {
    context: paths.contextDir,
    file: paths.file,
    tags: meta.fullTags,
    labels: meta.labels,
    buildArgs: inputs.buildArgs,
    target: inputs.target,
    pull: inputs.pull,
    noCache: inputs.noCache,
    cacheFrom: inputs.cacheFrom,
    cacheTo: inputs.cacheTo,
    ...how
  }
}

/** Builds the image for this run with buildx when available, else the legacy builder. */
export async function buildForRun(
  docker: DockerCli,
  inputs: Inputs,
  meta: Metadata,
  engine: EngineInfo,
  secrets: PreparedSecrets,
  paths: { contextDir: string; file: string; tempRoot: string }
): Promise<BuiltImage> {
  const useBuildx = inputs.buildx === 'true' || (inputs.buildx === 'auto' && engine.buildx)
  const bk = inputs.buildkit
  if (!useBuildx && (bk.platforms.length > 0 || bk.builder || bk.pushByDigest)) {
    const name = bk.platforms.length > 0 ? 'platforms' : bk.builder ? 'builder' : 'push-by-digest'
    throw new InputError(
      name,
      'needs buildx: install the buildx plugin (docker/setup-buildx-action) and keep buildx: auto'
    )
  }
  const buildkit = useBuildx
    ? planBuildkit(bk, await probeBuildCapabilities(docker, bk.builder), {
        annotations: meta.annotations,
        cacheTo: inputs.cacheTo
      })
    : undefined
  for (const notice of buildkit?.notices ?? []) core.notice(notice)
  if (buildkit) core.info(buildkit.platform.note)
  if (inputs.buildx === 'true' && !engine.buildx) {
    throw new Error('Input "buildx": is true, but the docker buildx plugin is not installed')
  }
  if (secrets.ids.length > 0) requireBuildKit(useBuildx)
  if (inputs.cacheTo.length > 0 && !useBuildx) {
    throw new Error(
      'Input "cache-to": needs buildx (install the buildx plugin or set buildx: auto)'
    )
  }
  try {
    const request = buildRequest(inputs, meta, paths, {
      // BuildKit's RUN steps need a network the engine has; without a bridge, use the host's.
      network: inputs.network || (useBuildx && !engine.hasBridge ? 'host' : ''),
      // prepareSecrets gives `--secret VALUE` pairs; the argv builder adds the flag itself.
      secrets: secrets.args.filter((_, i) => i % 2 === 1),
      useBuildx,
      ...(buildkit ? { buildxArgs: buildkit.buildxArgs } : {})
    })
    if (buildkit?.prebuildArgs) {
      // Every platform once, into the builder's cache; the loaded smoke platform reuses it.
      await buildImage(docker, { ...request, buildxArgs: buildkit.prebuildArgs }, paths.tempRoot)
    }
    const id = await buildImage(docker, request, paths.tempRoot)
    core.info(`Built ${id} with ${useBuildx ? 'buildx' : 'the legacy builder'}`)
    return { id, buildkit, request }
  } finally {
    // Secret files are needed by the build only: delete them now rather than after the smoke
    // test and push (the caller's cleanup is the safety net for earlier failures).
    secrets.cleanup()
  }
}

/** The `image` input: test and push an existing image instead of building one. */
export async function useExistingImage(
  docker: DockerCli,
  image: string,
  fullTags: string[],
  retry: RetryBudget
): Promise<string> {
  const inspect = ['image', 'inspect', '--format', '{{.Id}}', image]
  const local = await docker.exec(inspect, { allowFailure: true })
  let id = local.exitCode === 0 ? local.stdout.trim() : ''
  if (!id) {
    await retry.run(`pull ${image}`, () =>
      docker.exec(['pull', image], { stream: true, timeoutMs: retry.settings.attemptTimeoutMs })
    )
    id = (await docker.exec(inspect)).stdout.trim()
  }
  for (const ref of fullTags) await docker.exec(tagArgv(image, ref))
  core.info(`Using ${image} (${id}) instead of building`)
  return id
}
