import { afterAll, describe, expect, it } from '@jest/globals'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { constants, gunzipSync } from 'node:zlib'
import {
  DOCKER_CONFIG,
  DOCKER_LAYER_GZIP,
  DOCKER_MANIFEST,
  gzipLayers,
  levelFor
} from '../../../src/registry/compress-layers.js'
import { dockerArchiveManifest, type UploadSet } from '../../../src/registry/image-archive.js'

const dir = mkdtempSync(join(tmpdir(), 'btp-gzip-unit-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`

function file(name: string, data: Buffer) {
  const path = join(dir, name)
  writeFileSync(path, data)
  return { path, size: data.length, digest: sha(data) }
}

/** A docker-archive upload set as image-archive.ts reads it: config plus uncompressed layers. */
function archiveSet(layers: Buffer[]): UploadSet {
  const config = file('config.json', Buffer.from('{"rootfs":{"type":"layers"}}'))
  const files = layers.map((l, i) => file(`layer-${i}.tar`, l))
  const body = dockerArchiveManifest(config, files)
  return {
    digest: sha(body),
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    blobs: [config, ...files],
    manifests: [
      { digest: sha(body), mediaType: 'application/vnd.oci.image.manifest.v1+json', body }
    ],
    format: 'docker-archive'
  }
}

describe('levelFor (how hard a layer is worth compressing)', () => {
  it.each([
    [
      'text compresses at the default level',
      Buffer.from('hello layer\n'.repeat(100000)),
      constants.Z_DEFAULT_COMPRESSION
    ],
    [
      'random bytes are stored, not compressed',
      randomBytes(512 * 1024),
      constants.Z_NO_COMPRESSION
    ],
    ['a tiny layer keeps the default', randomBytes(1000), constants.Z_DEFAULT_COMPRESSION]
  ])('%s', (_name, data, level) => {
    expect(levelFor(file(`sample-${data.length}-${level}`, data).path)).toBe(level)
  })
})

describe('gzipLayers (a classic-store save sent as docker push would)', () => {
  const text = Buffer.from('a text layer\n'.repeat(50000))
  const random = randomBytes(300 * 1024)

  it('makes a Docker schema 2 manifest with the config as-is and gzip layers', async () => {
    const set = archiveSet([text, random, text])
    const out = await gzipLayers(set, join(dir, 'gz-1'))
    const manifest = JSON.parse(out.manifests[0].body.toString()) as {
      mediaType: string
      config: { mediaType: string; digest: string }
      layers: Array<{ mediaType: string; digest: string; size: number }>
    }
    expect(out.mediaType).toBe(DOCKER_MANIFEST)
    expect(manifest.mediaType).toBe(DOCKER_MANIFEST)
    expect(manifest.config).toMatchObject({ mediaType: DOCKER_CONFIG, digest: set.blobs[0].digest })
    expect(manifest.layers.map(l => l.mediaType)).toEqual(Array(3).fill(DOCKER_LAYER_GZIP))
    // The repeated layer is one blob; every layer unpacks to the bytes docker saved.
    expect(manifest.layers[0].digest).toBe(manifest.layers[2].digest)
    expect(out.blobs).toHaveLength(3)
    const byDigest = new Map(out.blobs.map(b => [b.digest, b]))
    const unpacked = manifest.layers.map(l => {
      const blob = byDigest.get(l.digest)
      const bytes = readFileSync(blob?.path ?? '')
      expect(sha(bytes)).toBe(l.digest)
      expect(bytes.length).toBe(l.size)
      return gunzipSync(bytes)
    })
    expect(unpacked).toEqual([text, random, text])
    expect(out.digest).toBe(sha(out.manifests[0].body))
  })

  it('gives the same bytes, and so the same digest, on every run', async () => {
    const a = await gzipLayers(archiveSet([text, random]), join(dir, 'gz-2'))
    const b = await gzipLayers(archiveSet([text, random]), join(dir, 'gz-3'))
    expect(b.digest).toBe(a.digest)
  })

  it('leaves an OCI layout as it is', async () => {
    const set = { ...archiveSet([text]), format: 'oci-layout' as const }
    expect(await gzipLayers(set, join(dir, 'gz-4'))).toBe(set)
  })
})
