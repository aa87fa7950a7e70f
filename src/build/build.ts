import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import * as core from '../util/core.js'
import type { DockerCli } from '../docker/cli.js'
import type { DockerCall } from '../docker/argv.js'
import type { RetryBudget } from '../registry/retry.js'

export interface BuiltImage {
  /** The engine's image id (`sha256:…`). */
  id: string
  /**
   * The engine's image store, when buildx's metadata tells it: on the classic store the image
   * is its config (`containerimage.digest` is the config digest), on the containerd store its
   * manifest. The push phase uses it to run pushes in parallel from the first one.
   */
  store?: 'classic' | 'containerd'
}

/**
 * Runs the planned build call and returns the image id: the metadata file's image digest when
 * there is one (see BuildStep.metadataFile), else what docker wrote to `iidFile`. The file's
 * directory is created here (it must not exist yet) and removed after.
 */
export async function buildImage(
  docker: DockerCli,
  call: DockerCall,
  iidFile: string,
  metadataFile?: string
): Promise<BuiltImage> {
  const dir = dirname(iidFile)
  mkdirSync(dir, { mode: 0o700 })
  try {
    await docker.exec(call.argv, { stream: true, env: { ...call.env } })
    const meta = metadataFile ? readMetadata(metadataFile) : {}
    const id = meta.digest || readFileSync(iidFile, 'utf8').trim()
    return { id, ...(meta.store ? { store: meta.store } : {}) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const DIGEST = /^sha256:[0-9a-f]{64}$/

/** `containerimage.digest` from buildx's metadata file, and the store it implies. */
function readMetadata(metadataFile: string): { digest?: string; store?: BuiltImage['store'] } {
  try {
    const meta = JSON.parse(readFileSync(metadataFile, 'utf8')) as Record<string, unknown>
    const digest = meta['containerimage.digest']
    const config = meta['containerimage.config.digest']
    if (typeof digest !== 'string' || !DIGEST.test(digest)) return {}
    if (typeof config !== 'string' || !DIGEST.test(config)) return { digest }
    return { digest, store: digest === config ? 'classic' : 'containerd' }
  } catch {
    return {}
  }
}

/**
 * The `image` input: test and push an existing image instead of building one. It is pulled
 * only when the engine does not have it; then the planned `docker tag` calls run.
 */
export async function useExistingImage(
  docker: DockerCli,
  image: string,
  tagCalls: readonly DockerCall[],
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
  for (const call of tagCalls) await docker.exec(call.argv, { env: { ...call.env } })
  core.info(`Using ${image} (${id}) instead of building`)
  return id
}

/**
 * A docker-container, remote or kubernetes builder pushes the index itself (every platform,
 * attestations, annotations) after the smoke test, from its cache: runs the planned push
 * build and returns the index digest it wrote to `metadataFile`.
 */
export async function pushFromBuilder(
  docker: DockerCli,
  call: DockerCall,
  metadataFile: string
): Promise<string> {
  mkdirSync(dirname(metadataFile), { recursive: true, mode: 0o700 })
  try {
    await docker.exec(call.argv, { stream: true, env: { ...call.env } })
    const meta = JSON.parse(readFileSync(metadataFile, 'utf8')) as Record<string, unknown>
    const digest = meta['containerimage.digest']
    return typeof digest === 'string' ? digest : ''
  } finally {
    rmSync(dirname(metadataFile), { recursive: true, force: true })
  }
}
