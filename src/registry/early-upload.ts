/**
 * upload-during-smoke: the layers go up while the smoke test runs, and the tags appear only
 * after it passed.
 *
 * Started once the build is done: `docker save` of the tested image, then every blob the
 * registry lacks is uploaded to each image's repository (blob-upload.ts). Blobs are not
 * visible: no tag and no manifest names them until the push phase PUTs one manifest per tag
 * (`manifestSender`). A failed smoke test aborts the upload; what was uploaded stays as
 * unreferenced blobs, which the registry's garbage collection removes.
 *
 * The saved image is sent as the registry would get it from `docker push`: verbatim from an
 * OCI layout (containerd store), or with gzip layers under a Docker schema 2 manifest from a
 * docker-archive (classic store, compress-layers.ts).
 */
import { rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { DockerCall } from '../docker/argv.js'
import type { DockerCli } from '../docker/cli.js'
import { mapPool } from '../util/pool.js'
import type { HttpFetch } from '../util/http.js'
import { putManifest, uploadBlobs, type UploadTarget } from './blob-upload.js'
import { imageClients, type BasicCredentials } from './client.js'
import { gzipLayers } from './compress-layers.js'
import { saveImage, type UploadSet } from './image-archive.js'
import type { RetryBudget } from './retry.js'
import { splitRef } from './verify.js'

export interface EarlyUploadRequest {
  /** The planned `docker save`, with the image id in place. */
  save: DockerCall
  archive: string
  /** Every image (`host/repository`) a tag will be pushed to. */
  images: readonly string[]
  credentialsFor: (host: string) => BasicCredentials | undefined
  retry: RetryBudget
  /** One request may take this long (push-timeout, else ten minutes). */
  timeoutMs: number
  fetch?: HttpFetch
}

export interface Uploaded {
  set: UploadSet
  /** What was sent, for the push phase's log. */
  note: string
}

export class EarlyUpload {
  /** The uploaded image, once every image's repository holds all its blobs. */
  readonly ready: Promise<Uploaded>
  private readonly stop = new AbortController()
  private readonly workDir: string

  constructor(docker: DockerCli, req: EarlyUploadRequest) {
    this.workDir = dirname(req.archive)
    this.ready = this.upload(docker, req)
    // Read by the push phase, or dropped when the smoke test fails.
    this.ready.catch(() => undefined)
  }

  private async upload(docker: DockerCli, req: EarlyUploadRequest): Promise<Uploaded> {
    const clock = stopwatch()
    const saved = await saveImage(docker, req.save, req.archive, this.workDir)
    const saving = clock.lap()
    this.stop.signal.throwIfAborted()
    const set = await gzipLayers(saved, join(this.workDir, 'gzip'))
    const compressing = set === saved ? undefined : clock.lap()
    this.stop.signal.throwIfAborted()
    const clientOf = imageClients(req.credentialsFor, {
      timeoutMs: req.timeoutMs,
      signal: this.stop.signal,
      ...(req.fetch ? { fetch: req.fetch } : {})
    })
    const stats = await mapPool(req.images, req.images.length, image =>
      uploadBlobs({ ...clientOf(image), image }, set.blobs, req.retry)
    )
    const uploading = clock.lap()
    const sent = stats.reduce((n, s) => n + s.uploaded, 0)
    const there = stats.reduce((n, s) => n + s.skipped, 0)
    const steps = [
      `save ${saving}`,
      ...(compressing ? [`gzip ${compressing}`] : []),
      `upload ${uploading}`
    ]
    const note = `Uploaded the tested image's blobs alongside the smoke test: ${sent} sent, ${there} already there, to ${req.images.length} image(s) (${steps.join(', ')})`
    return { set, note }
  }

  /** The smoke test failed or the run ends: no more requests, and the saved files go. */
  async abort(): Promise<void> {
    this.stop.abort(new Error('upload-during-smoke: stopped'))
    await this.ready.catch(() => undefined)
    this.dispose()
  }

  dispose(): void {
    rmSync(this.workDir, { recursive: true, force: true })
  }
}

/** Seconds since the last lap, for the log. */
function stopwatch(): { lap(): string } {
  let last = Date.now()
  return {
    lap: () => {
      const now = Date.now()
      const text = `${((now - last) / 1000).toFixed(1)} s`
      last = now
      return text
    }
  }
}

/**
 * The push phase's way to publish a tag when the blobs are up: an index's child manifests by
 * digest (once per image), then the image's manifest under the tag. Returns the digest the
 * registry stored, which is the uploaded manifest's.
 */
export function manifestSender(
  set: UploadSet,
  clientOf: (image: string) => Omit<UploadTarget, 'image'>
): (ref: string) => Promise<string> {
  const root = set.manifests[set.manifests.length - 1]
  const children = set.manifests.slice(0, -1)
  const childrenOf = new Map<string, Promise<void>>()
  const putChildren = (t: UploadTarget): Promise<void> => {
    let done = childrenOf.get(t.image)
    if (!done) {
      done = (async () => {
        for (const m of children) await putManifest(t, m)
      })()
      // A failed attempt is retried in full by the next call.
      done.catch(() => childrenOf.delete(t.image))
      childrenOf.set(t.image, done)
    }
    return done
  }
  return async ref => {
    const { image, tag } = splitRef(ref)
    const t: UploadTarget = { ...clientOf(image), image }
    await putChildren(t)
    return putManifest(t, root, tag)
  }
}
