/**
 * Reads the archive `docker save` writes and turns it into what a registry needs: blobs and
 * manifests, each under its digest, manifests in the order they must be uploaded (children
 * before the index that names them).
 *
 * - An OCI layout (index.json + blobs/sha256/…), as an engine with the containerd image store
 *   writes it: uploaded verbatim, so the pushed digest is the local image's.
 * - The docker-archive format (manifest.json, the config, one tar per layer), as the classic
 *   store of engine 20.10 writes it: an OCI image manifest is made for it, with the config
 *   as-is (so its digest is the tested image's ID) and the layers uncompressed
 *   (`application/vnd.oci.image.layer.v1.tar`), as docker saved them.
 */
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, mkdirSync, rmSync } from 'node:fs'
import type { DockerCall } from '../docker/argv.js'
import type { DockerCli } from '../docker/cli.js'
import { readFile } from 'node:fs/promises'
import { join, posix } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Transform } from 'node:stream'
import { extract } from 'tar-stream'

export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json'
export const OCI_LAYER_TAR = 'application/vnd.oci.image.layer.v1.tar'
const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json'
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'

/** One file of the archive, written to disk with its digest (sha256 of its bytes). */
export interface ArchiveFile {
  path: string
  size: number
  digest: string
}

export interface Blob {
  digest: string
  size: number
  /** Where its bytes are on disk. */
  path: string
}

export interface ManifestUpload {
  digest: string
  mediaType: string
  body: Buffer
}

export interface UploadSet {
  /** The digest the push is known by: the archive's top manifest or index. */
  digest: string
  mediaType: string
  /** Every blob, once (configs, layers, attestation layers). */
  blobs: Blob[]
  /** In upload order: every manifest after the blobs and manifests it names. */
  manifests: ManifestUpload[]
  /** How the archive was read, for the log. */
  format: 'oci-layout' | 'docker-archive'
}

interface Descriptor {
  mediaType?: string
  digest: string
  size?: number
}

const sha256 = (data: Buffer): string => `sha256:${createHash('sha256').update(data).digest('hex')}`

/** Extracts every regular file to `dir` (hashing it on the way); symlinks point at their target. */
export async function extractArchive(
  archive: string,
  dir: string
): Promise<Map<string, ArchiveFile>> {
  const files = new Map<string, ArchiveFile>()
  const links = new Map<string, string>()
  const ex = extract()
  let n = 0
  ex.on('entry', (header, stream, next) => {
    const name = posix.normalize(header.name).replace(/^\.\//, '').replace(/\/$/, '')
    if (header.type === 'symlink' && header.linkname) {
      links.set(name, posix.normalize(posix.join(posix.dirname(name), header.linkname)))
    } else if (header.type === 'link' && header.linkname) {
      links.set(name, posix.normalize(header.linkname))
    }
    if (header.type !== 'file') {
      stream.resume()
      stream.on('end', next)
      return
    }
    // Files are stored under a counter, never under a name from the archive.
    const path = join(dir, String(n++))
    const hash = createHash('sha256')
    let size = 0
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk)
        size += chunk.length
        done(null, chunk)
      }
    })
    pipeline(stream, tap, createWriteStream(path, { mode: 0o600 })).then(
      () => {
        files.set(name, { path, size, digest: `sha256:${hash.digest('hex')}` })
        next()
      },
      (err: unknown) => next(err as Error)
    )
  })
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  await pipeline(createReadStream(archive), ex)
  for (const [name, target] of links) {
    let to = target
    for (let hops = 0; hops < 40 && !files.has(to) && links.has(to); hops++)
      to = links.get(to) ?? to
    const file = files.get(to)
    if (file) files.set(name, file)
  }
  return files
}

function need(files: Map<string, ArchiveFile>, name: string, what: string): ArchiveFile {
  const file = files.get(posix.normalize(name))
  if (!file) throw new Error(`the docker save archive has no ${what} (${name})`)
  return file
}

async function readJson<T>(file: ArchiveFile): Promise<{ value: T; body: Buffer }> {
  const body = await readFile(file.path)
  return { value: JSON.parse(body.toString('utf8')) as T, body }
}

const isIndex = (t: string | undefined): boolean => t === OCI_INDEX || t === DOCKER_LIST

/** OCI layout: walk from index.json, children first, every blob verified against its name. */
async function fromOciLayout(files: Map<string, ArchiveFile>): Promise<UploadSet> {
  const { value: top } = await readJson<{ manifests?: Descriptor[] }>(
    need(files, 'index.json', 'index.json')
  )
  const roots = top.manifests ?? []
  if (roots.length !== 1) {
    throw new Error(`expected one image in the docker save archive, found ${roots.length}`)
  }
  const blobs = new Map<string, Blob>()
  const manifests: ManifestUpload[] = []
  const blobFile = (d: Descriptor, what: string): ArchiveFile => {
    const hex = d.digest.replace(/^sha256:/, '')
    const file = need(files, `blobs/sha256/${hex}`, what)
    if (file.digest !== d.digest) throw new Error(`${what} ${d.digest} does not match its content`)
    return file
  }
  const visit = async (d: Descriptor): Promise<void> => {
    if (manifests.some(m => m.digest === d.digest)) return
    const { value, body } = await readJson<{
      mediaType?: string
      manifests?: Descriptor[]
      config?: Descriptor
      layers?: Descriptor[]
    }>(blobFile(d, 'manifest'))
    const mediaType = d.mediaType ?? value.mediaType ?? OCI_MANIFEST
    if (isIndex(mediaType)) {
      for (const child of value.manifests ?? []) await visit(child)
    } else {
      for (const b of [...(value.config ? [value.config] : []), ...(value.layers ?? [])]) {
        const file = blobFile(b, 'blob')
        blobs.set(b.digest, { digest: b.digest, size: file.size, path: file.path })
      }
    }
    manifests.push({ digest: d.digest, mediaType, body })
  }
  await visit(roots[0])
  const root = manifests[manifests.length - 1]
  return {
    digest: root.digest,
    mediaType: root.mediaType,
    blobs: [...blobs.values()],
    manifests,
    format: 'oci-layout'
  }
}

/** The manifest a docker-archive image gets: its config as-is, its layers as uncompressed tars. */
export function dockerArchiveManifest(config: ArchiveFile, layers: readonly ArchiveFile[]): Buffer {
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: config.digest, size: config.size },
    layers: layers.map(l => ({ mediaType: OCI_LAYER_TAR, digest: l.digest, size: l.size }))
  }
  return Buffer.from(JSON.stringify(manifest))
}

async function fromDockerArchive(files: Map<string, ArchiveFile>): Promise<UploadSet> {
  const { value } = await readJson<Array<{ Config: string; Layers: string[] }>>(
    need(files, 'manifest.json', 'manifest.json or index.json')
  )
  if (!Array.isArray(value) || value.length !== 1) {
    throw new Error(`expected one image in the docker save archive, found ${value?.length ?? 0}`)
  }
  const config = need(files, value[0].Config, 'image config')
  const layers = value[0].Layers.map(l => need(files, l, 'layer'))
  const body = dockerArchiveManifest(config, layers)
  const blobs = new Map<string, Blob>()
  for (const f of [config, ...layers]) blobs.set(f.digest, { ...f })
  const digest = sha256(body)
  return {
    digest,
    mediaType: OCI_MANIFEST,
    blobs: [...blobs.values()],
    manifests: [{ digest, mediaType: OCI_MANIFEST, body }],
    format: 'docker-archive'
  }
}

/**
 * Runs the planned `docker save` (into `workDir`, made here) and reads the archive into blobs
 * and manifests; the archive itself is removed once read.
 */
export async function saveImage(
  docker: DockerCli,
  save: DockerCall,
  archive: string,
  workDir: string
): Promise<UploadSet> {
  mkdirSync(workDir, { recursive: true, mode: 0o700 })
  await docker.exec(save.argv, { env: { ...save.env } })
  const set = await readImageArchive(archive, workDir)
  rmSync(archive, { force: true })
  return set
}

/** Reads a `docker save` archive (extracted under `workDir`) into blobs and manifests. */
export async function readImageArchive(archive: string, workDir: string): Promise<UploadSet> {
  const files = await extractArchive(archive, join(workDir, 'files'))
  // Engines since 25 write both files; index.json is the one that keeps the digest.
  return files.has('index.json') ? fromOciLayout(files) : fromDockerArchive(files)
}

export const MANIFEST_TYPES = [OCI_INDEX, OCI_MANIFEST, DOCKER_LIST, DOCKER_MANIFEST]
