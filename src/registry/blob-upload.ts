/**
 * Uploads an image through the registry API by digest, with no tag (distribution v2): each
 * blob the registry lacks (HEAD) goes up in one monolithic upload (POST, then PUT
 * ?digest=…), then each manifest is PUT under its digest. Every call runs through the retry
 * budget; re-sending a blob or manifest is harmless, since digests name the content.
 */
import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import type { RegistryClient } from './client.js'
import type { RetryBudget } from './retry.js'
import type { Blob, ManifestUpload, UploadSet } from './image-archive.js'

export interface UploadTarget {
  client: RegistryClient
  repository: string
  /** `127.0.0.1:5000/acme/app`, for the log and retry messages. */
  image: string
}

export interface UploadStats {
  uploaded: number
  skipped: number
}

async function blobExists(t: UploadTarget, digest: string): Promise<boolean> {
  const res = await t.client.request(`/v2/${t.repository}/blobs/${digest}`, {
    method: 'HEAD',
    scope: `repository:${t.repository}:pull`,
    allow404: true
  })
  await res.body?.cancel()
  return res.status !== 404
}

async function uploadBlob(t: UploadTarget, blob: Blob): Promise<void> {
  const start = await t.client.request(`/v2/${t.repository}/blobs/uploads/`, {
    method: 'POST',
    scope: `repository:${t.repository}:pull,push`,
    headers: { 'Content-Length': '0' }
  })
  await start.body?.cancel()
  const location = start.headers.get('location')
  if (!location) throw new Error(`${t.image}: the registry started an upload with no Location`)
  const url = new URL(location, t.client.base)
  url.searchParams.set('digest', blob.digest)
  const res = await t.client.request(url.toString(), {
    method: 'PUT',
    scope: `repository:${t.repository}:pull,push`,
    headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(blob.size) },
    body: () => Readable.toWeb(createReadStream(blob.path)) as ReadableStream<Uint8Array>
  })
  await res.body?.cancel()
}

/** PUTs a manifest under its digest, or under a tag; the registry must store it as `m.digest`. */
export async function putManifest(
  t: UploadTarget,
  m: ManifestUpload,
  reference: string = m.digest
): Promise<string> {
  const res = await t.client.request(`/v2/${t.repository}/manifests/${reference}`, {
    method: 'PUT',
    scope: `repository:${t.repository}:pull,push`,
    headers: { 'Content-Type': m.mediaType },
    body: () => m.body
  })
  await res.body?.cancel()
  const digest = res.headers.get('docker-content-digest') ?? m.digest
  if (digest !== m.digest) {
    throw new Error(`${t.image}: the registry stored manifest ${m.digest} as ${digest}`)
  }
  return digest
}

/** Uploads every blob it lacks, then every manifest, in order; returns what was sent. */
export async function uploadImage(
  t: UploadTarget,
  set: UploadSet,
  budget: RetryBudget
): Promise<UploadStats> {
  const stats = await uploadBlobs(t, set.blobs, budget)
  for (const m of set.manifests) {
    await budget.run(`upload manifest ${m.digest} to ${t.image}`, () => putManifest(t, m))
  }
  return stats
}

/** Uploads every blob the repository lacks (a HEAD first), one after another. */
export async function uploadBlobs(
  t: UploadTarget,
  blobs: readonly Blob[],
  budget: RetryBudget
): Promise<UploadStats> {
  const stats: UploadStats = { uploaded: 0, skipped: 0 }
  for (const blob of blobs) {
    const short = blob.digest.slice(7, 19)
    if (await budget.run(`check blob ${short} in ${t.image}`, () => blobExists(t, blob.digest))) {
      stats.skipped++
      continue
    }
    await budget.run(`upload blob ${short} to ${t.image}`, () => uploadBlob(t, blob))
    stats.uploaded++
  }
  return stats
}
