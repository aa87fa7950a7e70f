/**
 * The BuildKit half of a build: which platforms, which output flags, and whether
 * attestations, annotations and cache export can work with this engine and builder. Errors
 * name the input and what to add, before anything is built.
 */
import { InputError } from '../util/errors.js'
import { buildkitArgv, type BuildkitOptions } from './buildkit-options.js'
import {
  MULTI_PLATFORM_HELP,
  planPlatforms,
  type BuildCapabilities,
  type PlatformPlan
} from './platforms.js'

export interface BuildkitPlan {
  platform: PlatformPlan
  /** For BuildSpec.buildxArgs: output flags first, then the BuildKit options. */
  buildxArgs: string[]
  /**
   * builder-push path only: `buildxArgs` loads just the smoke platform; `prebuildArgs` builds
   * every platform first (into the builder's cache) and `pushArgs` pushes them after the smoke
   * test, from that cache, with attestations and annotations.
   */
  prebuildArgs?: string[]
  pushArgs?: string[]
  /** Said once in the log (and the summary): what is not applied, and why. */
  notices: string[]
}

const wantsAttestation = (v: string): boolean => v !== '' && v.toLowerCase() !== 'false'

/** `type=registry,...` → registry; a bare `user/app:cache` is a registry ref. */
function cacheType(spec: string): string {
  return /(?:^|,)type=([^,]+)/.exec(spec)?.[1] ?? 'registry'
}

/**
 * Whether the plan depends on the engine's image store or the runner's platform: without
 * `platforms`, `smoke-platform`, attestations or an exported cache, the default docker
 * driver builds, loads and pushes the same way on either store.
 */
export function needsStoreFacts(o: BuildkitOptions, cacheTo: readonly string[]): boolean {
  return (
    o.platforms.length > 0 ||
    o.smokePlatform !== '' ||
    wantsAttestation(o.provenance) ||
    wantsAttestation(o.sbom) ||
    cacheTo.some(c => cacheType(c) !== 'inline')
  )
}

export function planBuildkit(
  o: BuildkitOptions,
  caps: BuildCapabilities,
  run: { annotations: readonly string[]; cacheTo: readonly string[] }
): BuildkitPlan {
  const platform = planPlatforms(o.platforms, o.smokePlatform, caps)
  const notices: string[] = []
  // Unknown (not asked) only when nothing below depends on it: see probeBuildCapabilities.
  const classicDocker = caps.driver === 'docker' && caps.containerdStore === false
  if (classicDocker) {
    for (const [name, value] of [
      ['provenance', o.provenance],
      ['sbom', o.sbom]
    ] as const) {
      if (wantsAttestation(value)) {
        throw new InputError(
          name,
          `attestations cannot reach the registry from this engine: its classic image store drops them when the image is loaded for the smoke test. ${MULTI_PLATFORM_HELP[0]?.toUpperCase()}${MULTI_PLATFORM_HELP.slice(1)}`
        )
      }
    }
    const exported = run.cacheTo.filter(c => cacheType(c) !== 'inline')
    if (exported.length > 0) {
      throw new InputError(
        'cache-to',
        `${exported[0]}: the default docker driver cannot export a cache (only type=inline) on an engine with the classic image store. Add docker/setup-buildx-action (driver docker-container) before this step and keep builder empty (or name it in "builder"), or use type=inline`
      )
    }
    if (run.annotations.length > 0) {
      notices.push(
        'Annotations are not applied: this engine keeps images in the classic store, which drops them. The annotations output lists them for other tools.'
      )
    }
  }
  const outputFlags: string[] = []
  if (platform.path === 'load') outputFlags.push('--load')
  for (const out of o.outputs) outputFlags.push('--output', out)
  if (platform.path === 'builder-push') {
    const full = (
      platforms: readonly string[],
      attestations: boolean,
      annotations: readonly string[]
    ): string[] => buildkitArgv(o, { platforms, annotations, attestations })
    const loaded = platform.smokePlatform
      ? [platform.smokePlatform]
      : platform.platforms.slice(0, 1)
    return {
      platform,
      buildxArgs: ['--load', ...outputFlags, ...full(loaded, false, [])],
      ...(platform.platforms.length > 1
        ? { prebuildArgs: full(platform.platforms, true, run.annotations) }
        : {}),
      pushArgs: ['--push', ...full(platform.platforms, true, run.annotations)],
      notices
    }
  }
  return {
    platform,
    buildxArgs: [
      ...outputFlags,
      ...buildkitArgv(o, {
        platforms: platform.platforms,
        annotations: classicDocker ? [] : run.annotations,
        attestations: platform.keepsAttestations
      }),
      ...(unaskedProvenanceOff(o) ? ['--provenance=false'] : [])
    ],
    notices
  }
}

/**
 * A one-platform build on the docker driver attaches no provenance unless `provenance` asks for
 * it. buildx's default attestation records the build's start time and a random invocation id,
 * so on the containerd store every build, even a fully cached one, would get a new image id:
 * a rerun could never be recognised as unchanged and a rebuild of the same commit never
 * reproduces. With `platforms`, buildx's default stays.
 */
function unaskedProvenanceOff(o: BuildkitOptions): boolean {
  return o.provenance === '' && o.platforms.length === 0 && o.smokePlatform === ''
}
