/**
 * push-by-digest at run time: `docker save` of the tested image, then its blobs and
 * manifest(s) uploaded by digest to every image through the registry API (blob-upload.ts),
 * with no tag. Works on both stores (image-archive.ts), under the push phase's deadline and
 * retry budget; the digest is written to `digests-dir` once every image has it.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { DockerCli } from '../docker/cli.js'
import type { DockerCall } from '../docker/argv.js'
import { errorMessage } from '../util/errors.js'
import { uploadImage } from './blob-upload.js'
import { imageClients } from './client.js'
import { Deadline } from './deadline.js'
import { credentialsMatcher } from './floating-guard.js'
import { saveImage } from './image-archive.js'
import type { PushReport, TagResult } from './push.js'
import type { PushPhaseRequest } from './phase-request.js'

export interface DigestPushRequest extends PushPhaseRequest {
  /** The planned `docker save`, with the image id in place. */
  save: DockerCall
  archive: string
  images: readonly string[]
  digestsDir?: string
}

/** A blob upload may take long; without `push-timeout` one request gets ten minutes. */
const UPLOAD_TIMEOUT_MS = 10 * 60 * 1000

/** The file push-by-digest leaves for the merge job: empty, named after the digest's hex. */
export function writeDigestFile(dir: string, digest: string): string {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, digest.replace(/^sha256:/, ''))
  writeFileSync(path, '')
  return path
}

export async function pushByDigest(docker: DockerCli, req: DigestPushRequest): Promise<PushReport> {
  const deadline = new Deadline(req.deadlineSeconds)
  req.retry.startDeadline(deadline)
  const workDir = dirname(req.archive)
  try {
    const set = await saveImage(docker, req.save, req.archive, workDir)
    req.info(
      `Saved the tested image (${set.format === 'oci-layout' ? 'OCI layout, uploaded verbatim' : 'docker-archive, uploaded as an OCI manifest with uncompressed layers'}): ${set.digest}`
    )
    const clientOf = imageClients(credentialsMatcher(req.registry, req.credentials), {
      timeoutMs: req.retry.attemptTimeoutMs() ?? UPLOAD_TIMEOUT_MS,
      signal: deadline.signal,
      ...(req.fetch ? { fetch: req.fetch } : {})
    })
    const results: TagResult[] = []
    for (const image of req.images) {
      const ref = `${image}@${set.digest}`
      try {
        const { client, repository } = clientOf(image)
        const stats = await uploadImage({ client, repository, image }, set, req.retry)
        req.info(
          `Pushed ${ref} by digest, no tag (${stats.uploaded} blob(s) uploaded, ${stats.skipped} already there)`
        )
        results.push({ ref, floating: false, status: 'published', attempts: 1, digest: set.digest })
      } catch (err) {
        results.push({
          ref,
          floating: false,
          status: 'failed',
          attempts: 1,
          error: errorMessage(err)
        })
      }
    }
    const failed = results.filter(r => r.status === 'failed')
    const report: PushReport = {
      digest: failed.length === 0 ? set.digest : '',
      pushed: results.filter(r => r.status === 'published').map(r => r.ref),
      notPushed: failed.map(r => r.ref),
      held: [],
      results
    }
    if (failed.length > 0) {
      report.error = failed.map(r => `${r.ref}: ${r.error}`).join('; ')
    } else if (req.digestsDir) {
      req.info(`Wrote ${writeDigestFile(req.digestsDir, set.digest)}`)
    }
    return report
  } finally {
    deadline.dispose()
    rmSync(workDir, { recursive: true, force: true })
  }
}
