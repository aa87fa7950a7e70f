import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import * as core from '../util/core.js'
import type { DockerCli } from '../docker/cli.js'
import type { DockerCall } from '../docker/argv.js'
import type { RetryBudget } from '../registry/retry.js'

/**
 * Runs the planned build call and returns the image id (`sha256:…`): the metadata file's
 * image digest when there is one (see BuildStep.metadataFile), else what docker wrote to
 * `iidFile`. The file's directory is created here (it must not exist yet) and removed after.
 */
export async function buildImage(
  docker: DockerCli,
  call: DockerCall,
  iidFile: string,
  metadataFile?: string
): Promise<string> {
  const dir = dirname(iidFile)
  mkdirSync(dir, { mode: 0o700 })
  try {
    await docker.exec(call.argv, { stream: true, env: { ...call.env } })
    return (metadataFile && imageDigest(metadataFile)) || readFileSync(iidFile, 'utf8').trim()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** `containerimage.digest` from buildx's metadata file, or '' when it has none. */
function imageDigest(metadataFile: string): string {
  try {
    const meta = JSON.parse(readFileSync(metadataFile, 'utf8')) as Record<string, unknown>
    const digest = meta['containerimage.digest']
    return typeof digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(digest) ? digest : ''
  } catch {
    return ''
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
