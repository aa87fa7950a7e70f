import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildImage } from '../../../src/build/build.js'
import { FakeDocker } from '../fake-docker.js'

const root = mkdtempSync(join(tmpdir(), 'btp-built-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const sha = (c: string): string => `sha256:${c.repeat(64)}`
let n = 0

/** A build that writes what buildx writes: the iid file and, when given, the metadata file. */
async function build(metadata?: Record<string, unknown>) {
  const dir = join(root, `b${n++}`)
  const iidFile = join(dir, 'iid')
  const metadataFile = join(dir, 'metadata.json')
  const docker = new FakeDocker(() => {
    writeFileSync(iidFile, sha('9'))
    if (metadata) writeFileSync(metadataFile, JSON.stringify(metadata))
    return {}
  })
  return buildImage(
    docker,
    { argv: ['buildx', 'build'] },
    iidFile,
    metadata ? metadataFile : undefined
  )
}

describe('buildImage: the image id, and the image store buildx reveals', () => {
  it.each([
    [
      'classic store: the image is its config',
      { 'containerimage.digest': sha('1'), 'containerimage.config.digest': sha('1') },
      { id: sha('1'), store: 'classic' }
    ],
    [
      'containerd store: the image is its manifest',
      { 'containerimage.digest': sha('2'), 'containerimage.config.digest': sha('1') },
      { id: sha('2'), store: 'containerd' }
    ],
    [
      'no config digest: the store is not known',
      { 'containerimage.digest': sha('2') },
      { id: sha('2') }
    ],
    ['no metadata file (the legacy builder): the iid file', undefined, { id: sha('9') }],
    ['a metadata file with no digest: the iid file', { other: 1 }, { id: sha('9') }]
  ])('%s', async (_name, metadata, expected) => {
    expect(await build(metadata)).toEqual(expected)
  })
})
