/**
 * Turns a classic-store `docker save` (uncompressed layer tars, read by image-archive.ts) into
 * what `docker push` would send: gzip-compressed layers under a Docker schema 2 manifest, the
 * config as-is, so the pushed image's config digest is still the tested image's ID.
 *
 * The gzip stream is node's zlib with a zero header time, at a level chosen from the layer's
 * own bytes (`levelFor`), so the same layer compresses to the same bytes on every run (a
 * rerun finds every blob already there).
 * Its bytes differ from the engine's own gzip, so the manifest digest differs from the one a
 * `docker push` of the same image reports; the image and its ID do not.
 */
import { createHash } from 'node:crypto'
import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdirSync,
  openSync,
  readSync
} from 'node:fs'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { constants, createGzip, deflateRawSync } from 'node:zlib'
import { mapPool } from '../util/pool.js'
import type { Blob, UploadSet } from './image-archive.js'

export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'
export const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json'
export const DOCKER_LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip'

/** zlib's work runs on the thread pool (4 threads by default); more would only queue. */
const PARALLEL_LAYERS = 4

interface Descriptor {
  digest: string
  size: number
}

/** How much of a layer is tried to see whether it compresses at all. */
const SAMPLE_BYTES = 1024 * 1024

/**
 * zlib's level for a layer: the default, unless a sample from its start does not shrink
 * (already-compressed or random files). Then the layer is stored in gzip framing without
 * compressing: no level could make it smaller, and on a runner-sized machine even level 1
 * spends over a second on 50 MB of such data.
 */
export function levelFor(path: string): number {
  const sample = Buffer.alloc(SAMPLE_BYTES)
  const fd = openSync(path, 'r')
  let n = 0
  try {
    n = readSync(fd, sample, 0, SAMPLE_BYTES, 0)
  } finally {
    closeSync(fd)
  }
  if (n < 64 * 1024) return constants.Z_DEFAULT_COMPRESSION
  const packed = deflateRawSync(sample.subarray(0, n), { level: 1 }).length
  return packed > n * 0.97 ? constants.Z_NO_COMPRESSION : constants.Z_DEFAULT_COMPRESSION
}

/** Compresses one blob to `out`, hashing the compressed bytes on the way. */
async function gzipBlob(blob: Blob, out: string): Promise<Blob> {
  const hash = createHash('sha256')
  let size = 0
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      size += chunk.length
      done(null, chunk)
    }
  })
  await pipeline(
    createReadStream(blob.path, { highWaterMark: 1024 * 1024 }),
    createGzip({ level: levelFor(blob.path) }),
    tap,
    createWriteStream(out, { mode: 0o600 })
  )
  return { digest: `sha256:${hash.digest('hex')}`, size, path: out }
}

/** The docker-archive upload set with gzip layers and a Docker schema 2 manifest. */
export async function gzipLayers(set: UploadSet, dir: string): Promise<UploadSet> {
  if (set.format !== 'docker-archive' || set.manifests.length !== 1) return set
  const manifest = JSON.parse(set.manifests[0].body.toString('utf8')) as {
    config: Descriptor
    layers: Descriptor[]
  }
  const byDigest = new Map(set.blobs.map(b => [b.digest, b]))
  const find = (d: Descriptor): Blob => {
    const blob = byDigest.get(d.digest)
    if (!blob) throw new Error(`the saved image has no blob ${d.digest}`)
    return blob
  }
  const config = find(manifest.config)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  // A layer listed twice (an empty layer) is compressed once.
  const distinct = [...new Set(manifest.layers.map(l => l.digest))]
  const compressed = new Map<string, Blob>()
  await mapPool(distinct, PARALLEL_LAYERS, async (digest, i) => {
    compressed.set(digest, await gzipBlob(find({ digest, size: 0 }), join(dir, `layer-${i}.gz`)))
  })
  const layers = manifest.layers.map(l => compressed.get(l.digest) as Blob)
  const body = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: DOCKER_MANIFEST,
      config: { mediaType: DOCKER_CONFIG, size: config.size, digest: config.digest },
      layers: layers.map(l => ({ mediaType: DOCKER_LAYER_GZIP, size: l.size, digest: l.digest }))
    })
  )
  const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`
  const blobs = new Map<string, Blob>([[config.digest, config]])
  for (const l of layers) blobs.set(l.digest, l)
  return {
    digest,
    mediaType: DOCKER_MANIFEST,
    blobs: [...blobs.values()],
    manifests: [{ digest, mediaType: DOCKER_MANIFEST, body }],
    format: 'docker-archive'
  }
}
