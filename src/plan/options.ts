/**
 * The parsed inputs the plan is made from. The action's input parser produces them (its
 * `Inputs` extends these), so the plan and the build never depend on the action layer.
 */
import type { BuildkitOptions } from '../build/buildkit-options.js'

export type PushMode = 'auto' | 'true' | 'false'
export type BuildxMode = 'auto' | 'true' | 'false'

export interface BuildOptions {
  /** A directory (relative to the workspace) or a remote context (git URL, tarball URL). */
  context: string
  file: string
  buildArgs: ReadonlyArray<readonly [string, string]>
  target: string
  pull: boolean
  noCache: boolean
  network: string
  buildx: BuildxMode
  cacheFrom: readonly string[]
  cacheTo: readonly string[]
  /** An existing image to test and push instead of building one. */
  image: string
  /** platforms, attestations, builder and the other build-push-action BuildKit inputs. */
  buildkit: BuildkitOptions
}

export interface PushOptions {
  push: PushMode
  registry: string
  username: string
  /** `upload-during-smoke`: the layers go up while the smoke test runs (early-upload.ts). */
  uploadDuringSmoke?: boolean
}
