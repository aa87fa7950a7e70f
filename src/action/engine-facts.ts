import * as core from '../util/core.js'
import type { DockerCli } from '../docker/cli.js'
import { hasBuildxPlugin, probeEngine, type EngineInfo } from '../docker/engine.js'
import type { BuildxMode } from '../plan/options.js'
import type { EngineFacts } from '../plan/types.js'
import { errorMessage } from '../util/errors.js'
import { probeBuildCapabilities } from '../build/capabilities.js'

/** What the engine probe needs to know of the build. */
export interface BuildProbe {
  buildx: BuildxMode
  /** The `builder` input. */
  builder: string
  /** The `image` input: set, nothing is built. */
  image: string
  /** The plan depends on the image store or the runner's platform (needsStoreFacts). */
  needsStore: boolean
}

/** The engine facts the plan needs; the run fails here when the engine does not answer. */
export async function probeForRun(docker: DockerCli, build: BuildProbe): Promise<EngineFacts> {
  const info: EngineInfo = await probeEngine(docker)
  core.info(
    `Docker engine answered; default bridge: ${info.hasBridge ? 'yes' : 'no'}, buildx ${info.buildx ? 'available' : 'not available'}`
  )
  // The image store, the runner's platform and the builder's driver matter only to buildx.
  const buildx = !build.image && build.buildx !== 'false' && info.buildx
  return buildx
    ? {
        ...info,
        build: await probeBuildCapabilities(docker, {
          builder: build.builder,
          needsStore: build.needsStore,
          env: process.env
        })
      }
    : { ...info }
}

/**
 * A dry run asks the engine the same read-only questions, so it prints the argv the real run
 * would use. Without an engine it assumes a GitHub-hosted runner (buildx and a default
 * bridge) and says so.
 */
export async function probeForDryRun(docker: DockerCli, build: BuildProbe): Promise<EngineFacts> {
  try {
    return await probeForRun(docker, build)
  } catch (err) {
    // buildx is known without the engine: its plugin file is there or not.
    const facts = { buildx: build.buildx === 'true' || hasBuildxPlugin(), hasBridge: true }
    core.notice(
      `Dry run without a reachable Docker engine (${errorMessage(err)}): the plan assumes ` +
        'a default bridge, as on GitHub-hosted runners.'
    )
    return facts
  }
}
