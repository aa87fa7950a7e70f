/**
 * Which platforms a build makes, which one the smoke test runs, and how the result reaches the
 * registry, decided from the inputs and what the engine and builder can do. Pure.
 */
import { InputError } from '../util/errors.js'

export interface BuildCapabilities {
  /**
   * The engine keeps images in the containerd store (can load an index with attestations).
   * Undefined when not asked: the run uses nothing that depends on it.
   */
  containerdStore?: boolean
  /** The runner's platform, e.g. linux/amd64. */
  nativePlatform: string
  /** The buildx driver of the selected builder: docker, docker-container, remote, kubernetes. */
  driver: string
}

/**
 * - `load`: one build, loaded into the engine, pushed with `docker push` (a single platform,
 *   or every platform at once on the containerd store, where the push is the whole index);
 * - `builder-push`: a docker-container/remote/kubernetes builder builds every platform, loads
 *   the smoke platform from its cache, and pushes the index itself after the smoke test.
 */
export type PlatformPath = 'load' | 'builder-push'

export interface PlatformPlan {
  path: PlatformPath
  /** Passed as `--platform`; empty means the engine's own. */
  platforms: string[]
  /** The platform the smoke test runs, or '' for none. */
  smokePlatform: string
  /** Whether the smoke platform needs emulation (it is not the runner's). */
  emulated: boolean
  /** For the log and summary: what was built and what is tested. */
  note: string
  /** Attestations and manifest annotations reach the registry on this path. */
  keepsAttestations: boolean
}

/** `linux/arm64/v8` is how some tools spell linux/arm64; compare them as equal. */
export function samePlatform(a: string, b: string): boolean {
  const norm = (p: string): string => p.toLowerCase().replace(/^(linux\/arm64)\/v8$/, '$1')
  return norm(a) === norm(b)
}

/** docker info's `Architecture` (uname -m) as an OCI platform. */
export function platformOf(os: string, machine: string): string {
  const arch: Record<string, string> = {
    x86_64: 'amd64',
    amd64: 'amd64',
    aarch64: 'arm64',
    arm64: 'arm64',
    armv7l: 'arm/v7',
    ppc64le: 'ppc64le',
    s390x: 's390x',
    riscv64: 'riscv64'
  }
  return `${os || 'linux'}/${arch[machine] ?? machine}`
}

export const MULTI_PLATFORM_HELP =
  'add docker/setup-buildx-action (a docker-container builder) before this step, or use an engine with the containerd image store ("features": {"containerd-snapshotter": true} in daemon.json)'

export function planPlatforms(
  requested: readonly string[],
  smokePlatformInput: string,
  caps: BuildCapabilities
): PlatformPlan {
  const native = caps.nativePlatform
  const loadsIndex = caps.driver === 'docker' && caps.containerdStore === true
  const keepsAttestations = loadsIndex || caps.driver !== 'docker'
  if (requested.length > 1 && caps.driver === 'docker' && caps.containerdStore !== true) {
    throw new InputError(
      'platforms',
      `${requested.join(',')} needs a builder that can hold more than one platform, and this engine's classic image store holds one per tag: ${MULTI_PLATFORM_HELP}`
    )
  }
  // A builder outside the engine loses attestations on --load, so it pushes them itself.
  const path: PlatformPath = caps.driver !== 'docker' ? 'builder-push' : 'load'
  const built = requested.length > 0 ? requested.join(', ') : `${native} (the engine's own)`
  let smokePlatform = ''
  let note: string
  if (smokePlatformInput) {
    smokePlatform = smokePlatformInput
    note = `Built ${built}; smoke-testing ${smokePlatform} (smoke-platform)`
  } else if (requested.length === 0 || requested.some(p => samePlatform(p, native))) {
    smokePlatform = requested.find(p => samePlatform(p, native)) ?? native
    note = `Built ${built}; smoke-testing ${smokePlatform}, the runner's platform`
  } else {
    note = `Built ${built}; none of them is the runner's platform (${native}), so nothing is smoke-tested. Set smoke-platform to test one under emulation`
  }
  return {
    path,
    platforms: [...requested],
    smokePlatform,
    emulated: smokePlatform !== '' && !samePlatform(smokePlatform, native),
    note,
    keepsAttestations
  }
}
