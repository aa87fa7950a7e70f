import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pack } from 'tar-stream'
import { parseBuildkitInputs, parseMergeDigests } from '../../../src/build/buildkit-options.js'
import {
  imagetoolsCreateArgv,
  mergeAnnotations,
  withoutRefs
} from '../../../src/docker/imagetools-argv.js'
import { readImageArchive } from '../../../src/registry/image-archive.js'
import { readDigestsDir, resolveDigestInputs } from '../../../src/action/digest-inputs.js'
import { writeDigestFile } from '../../../src/registry/digest-push.js'
import { planJson, planRun, type PlanInput } from '../../../src/plan/plan.js'
import { parseSmokeInputs } from '../../../src/smoke/index.js'
import type { BuildOptions } from '../../../src/plan/options.js'

const A = `sha256:${'a'.repeat(64)}`
const B = `sha256:${'b'.repeat(64)}`
const read =
  (inputs: Record<string, string>) =>
  (name: string): string =>
    inputs[name] ?? ''
const sha = (data: string | Buffer): string =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`

describe('merge-digests parsing', () => {
  it.each<[string, string, ReturnType<typeof parseMergeDigests>]>([
    ['empty', '', { kind: 'none' }],
    ['one digest', A, { kind: 'digests', digests: [A] }],
    [
      'digests one per line, blank and # lines ignored',
      `${A}\n\n# x\n${B}\n`,
      { kind: 'digests', digests: [A, B] }
    ],
    ['a digest twice is merged once', `${A}\n${A}`, { kind: 'digests', digests: [A] }],
    ['a directory', 'digests', { kind: 'dir', path: 'digests' }],
    ['an absolute directory', '/tmp/digests/', { kind: 'dir', path: '/tmp/digests/' }]
  ])('%s', (_name, text, expected) => {
    expect(parseMergeDigests(text)).toEqual(expected)
  })

  it.each([
    ['a short digest', 'sha256:abc'],
    ['bare hex', 'a'.repeat(64)],
    ['sha512', `sha512:${'a'.repeat(128)}\n${A}`],
    ['a path among digests', `${A}\ndigests`]
  ])('refuses %s, naming merge-digests and the expected form', (_name, text) => {
    expect(() => parseMergeDigests(text)).toThrow(
      /Input "merge-digests": expected one sha256:<64 lowercase hex digits> digest per line, or the path of a directory/
    )
  })

  it('push-by-digest parses with digests-dir and one platform', () => {
    const o = parseBuildkitInputs(
      read({ 'push-by-digest': 'true', 'digests-dir': 'd', platforms: 'linux/arm64' })
    )
    expect(o).toMatchObject({ pushByDigest: true, digestsDir: 'd', merge: { kind: 'none' } })
  })
})

describe('digest files', () => {
  it('reads a directory of digest files named by hex, refuses anything else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-unit-'))
    writeDigestFile(dir, B)
    writeDigestFile(dir, A)
    expect(readdirSync(dir).sort()).toEqual(['a'.repeat(64), 'b'.repeat(64)])
    expect(readDigestsDir(dir)).toEqual([A, B])
    writeFileSync(join(dir, 'notes.txt'), '')
    expect(() => readDigestsDir(dir)).toThrow(/Input "merge-digests".*notes\.txt/)
    const empty = mkdtempSync(join(tmpdir(), 'digest-unit-'))
    expect(() => readDigestsDir(empty)).toThrow(/holds no digest files/)
    expect(() => readDigestsDir(join(empty, 'missing'))).toThrow(/Input "merge-digests"/)
  })

  it('resolves a relative directory inside the workspace and refuses one that leaves it', () => {
    const ws = mkdtempSync(join(tmpdir(), 'digest-ws-'))
    mkdirSync(join(ws, 'digests'))
    writeDigestFile(join(ws, 'digests'), A)
    const bk = parseBuildkitInputs(read({ 'merge-digests': 'digests' }))
    expect(resolveDigestInputs(bk, ws).merge).toEqual({ kind: 'digests', digests: [A] })
    const out = parseBuildkitInputs(read({ 'merge-digests': '../elsewhere' }))
    expect(() => resolveDigestInputs(out, ws)).toThrow(
      /Input "merge-digests".*leaves the workspace/
    )
  })
})

async function writeTar(path: string, entries: Array<[string, string | Buffer]>): Promise<void> {
  const p = pack()
  for (const [name, body] of entries) p.entry({ name }, body)
  p.entry({ name: 'dup/layer.tar', type: 'symlink', linkname: '../l1/layer.tar' })
  p.finalize()
  const chunks: Buffer[] = []
  for await (const c of p) chunks.push(c as Buffer)
  writeFileSync(path, Buffer.concat(chunks))
}

describe('docker save archives', () => {
  it('docker-archive (classic store): an OCI manifest with the config as-is and uncompressed layers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-arc-'))
    const config = JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { diff_ids: [] } })
    const configName = `${sha(config).slice(7)}.json`
    const l1 = Buffer.alloc(1024, 1)
    const manifestJson = JSON.stringify([
      { Config: configName, RepoTags: null, Layers: ['l1/layer.tar', 'dup/layer.tar'] }
    ])
    await writeTar(join(dir, 'a.tar'), [
      ['manifest.json', manifestJson],
      [configName, config],
      ['l1/layer.tar', l1]
    ])
    const set = await readImageArchive(join(dir, 'a.tar'), join(dir, 'work'))
    expect(set.format).toBe('docker-archive')
    const body = JSON.parse(set.manifests[0].body.toString()) as Record<string, unknown>
    expect(body).toEqual({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha(config),
        size: config.length
      },
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha(l1), size: 1024 },
        { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha(l1), size: 1024 }
      ]
    })
    expect(set.digest).toBe(sha(set.manifests[0].body))
    // The duplicate layer is one blob.
    expect(set.blobs.map(b => b.digest)).toEqual([sha(config), sha(l1)])
  })

  it('OCI layout (containerd store): manifests verbatim, children before the index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-oci-'))
    const config = '{"architecture":"arm64","os":"linux"}'
    const layer = Buffer.alloc(10, 7)
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha(config),
        size: config.length
      },
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha(layer), size: 10 }
      ]
    })
    const index = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: sha(manifest),
          size: manifest.length
        }
      ]
    })
    const top = JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.index.v1+json',
          digest: sha(index),
          size: index.length
        }
      ]
    })
    const blob = (d: string | Buffer): [string, string | Buffer] => [
      `blobs/sha256/${sha(d).slice(7)}`,
      d
    ]
    await writeTar(join(dir, 'o.tar'), [
      ['oci-layout', '{"imageLayoutVersion":"1.0.0"}'],
      ['index.json', top],
      ['manifest.json', '[]'],
      ['l1/layer.tar', ''],
      blob(config),
      blob(layer),
      blob(manifest),
      blob(index)
    ])
    const set = await readImageArchive(join(dir, 'o.tar'), join(dir, 'work'))
    expect(set.format).toBe('oci-layout')
    expect(set.digest).toBe(sha(index))
    expect(set.manifests.map(m => [m.digest, m.mediaType])).toEqual([
      [sha(manifest), 'application/vnd.oci.image.manifest.v1+json'],
      [sha(index), 'application/vnd.oci.image.index.v1+json']
    ])
    expect(set.manifests[1].body.toString()).toBe(index)
    expect(set.blobs.map(b => b.digest)).toEqual([sha(config), sha(layer)])
  })
})

describe('imagetools argv', () => {
  it.each<[string, string[], string[]]>([
    ['manifest level goes on the index', ['manifest:a=1'], ['index:a=1']],
    ['bare key=value goes on the index', ['a=1'], ['index:a=1']],
    ['index level kept, duplicates once', ['index:a=1', 'manifest:a=1'], ['index:a=1']],
    ['manifest-descriptor kept', ['manifest-descriptor:a=1'], ['manifest-descriptor:a=1']],
    ['index-descriptor dropped', ['index-descriptor:a=1'], []],
    ['a platform-scoped manifest annotation', ['manifest[linux/amd64]:a=b=c'], ['index:a=b=c']]
  ])('annotations: %s', (_name, given, expected) => {
    expect(mergeAnnotations(given)).toEqual(expected)
  })

  it('tags, sources and annotations as separate argv elements', () => {
    expect(
      imagetoolsCreateArgv({
        builder: 'b1',
        refs: ['r/app:1', 'r/app:1.0'],
        sources: [`r/app@${A}`, `r/app@${B}`],
        annotations: ['index:x=y z']
      })
    ).toEqual([
      'buildx',
      'imagetools',
      'create',
      '--builder',
      'b1',
      '--annotation',
      'index:x=y z',
      '--tag',
      'r/app:1',
      '--tag',
      'r/app:1.0',
      `r/app@${A}`,
      `r/app@${B}`
    ])
  })

  it('drops held tags from a call, or the whole call when none is left', () => {
    const argv = imagetoolsCreateArgv({
      refs: ['r:latest', 'r:1'],
      sources: [`r@${A}`],
      annotations: []
    })
    expect(withoutRefs(argv, new Set(['r:latest']))).toEqual([
      'buildx',
      'imagetools',
      'create',
      '--tag',
      'r:1',
      `r@${A}`
    ])
    expect(withoutRefs(argv, new Set(['r:latest', 'r:1']))).toBeUndefined()
  })
})

const BUILD: BuildOptions = {
  context: 'app',
  file: '',
  buildArgs: [],
  target: '',
  pull: false,
  noCache: false,
  network: '',
  buildx: 'auto',
  cacheFrom: [],
  cacheTo: [],
  image: '',
  buildkit: parseBuildkitInputs(() => '')
}

function planInput(buildkit: Record<string, string>, over: Partial<PlanInput> = {}): PlanInput {
  return {
    build: { ...BUILD, buildkit: parseBuildkitInputs(read(buildkit)) },
    push: { push: 'auto', registry: '', username: 'bot' },
    smoke: parseSmokeInputs(() => ''),
    meta: {
      images: ['reg.example/acme/app', 'ghcr.example/acme/app'],
      imagesFromInput: true,
      tags: [
        { tag: '1.2.3', floating: false, priority: 0, type: 'raw' },
        { tag: 'latest', floating: true, priority: 0, type: 'raw' }
      ],
      labels: [],
      annotations: ['manifest:org.opencontainers.image.version=1.2.3']
    },
    engine: { buildx: true, hasBridge: false },
    secrets: [],
    event: { eventName: 'push', ref: 'refs/tags/v1.2.3', forkPullRequest: false },
    runId: '42-1-step',
    workspace: '/ws',
    tempRoot: '/rt',
    ...over
  }
}

describe('plan steps', () => {
  it('push-by-digest: build, smoke test, docker save, then the API upload (no docker push)', () => {
    const plan = planRun(planInput({ 'push-by-digest': 'true', 'digests-dir': '/ws/digests' }))
    const json = JSON.parse(planJson(plan)) as {
      targets: string[]
      commands: Array<{ phase: string; argv: string[] }>
      api: string[]
    }
    expect(json.targets).toEqual([])
    expect(json.commands.map(c => c.phase)).toEqual(['login', 'build', 'smoke', 'push'])
    expect(json.commands[3].argv).toEqual([
      'docker',
      'save',
      '--output',
      '/rt/btp-digest-42-1-step/image.tar',
      '<built image id>'
    ])
    expect(json.commands.some(c => c.argv[1] === 'push')).toBe(false)
    expect(json.api).toHaveLength(3)
    expect(json.api[0]).toMatch(/reg\.example\/acme\/app by digest, no tag/)
    expect(json.api[1]).toMatch(/ghcr\.example\/acme\/app by digest, no tag/)
    expect(json.api[2]).toMatch(/\/ws\/digests\/<digest hex>/)
    expect(plan.push?.digest?.unappliedTags).toEqual([
      'reg.example/acme/app:1.2.3',
      'reg.example/acme/app:latest',
      'ghcr.example/acme/app:1.2.3',
      'ghcr.example/acme/app:latest'
    ])
  })

  it('push-by-digest pushes even when no tag resolved, and not at all on a fork pull request', () => {
    const noTags = planInput({ 'push-by-digest': 'true' })
    noTags.meta = { ...noTags.meta, tags: [] }
    expect(planRun(noTags).push?.digest).toBeDefined()
    const fork = planInput(
      { 'push-by-digest': 'true' },
      { event: { eventName: 'pull_request', ref: 'refs/pull/1/merge', forkPullRequest: true } }
    )
    const plan = planRun(fork)
    expect(plan.push).toBeUndefined()
    expect(plan.login).toBeUndefined()
    expect(plan.notPushing).toMatch(/no digest is pushed and none is written/)
  })

  it('merge: no build and no smoke run; immutable tags in one call per image, floating ones after', () => {
    const plan = planRun(planInput({ 'merge-digests': `${A}\n${B}`, 'smoke-log': 'x' }))
    expect(plan.produce.kind).toBe('merge')
    expect(plan.smoke).toBeUndefined()
    expect(
      plan.commands.map(c => [c.phase, c.argv.filter(a => a.includes(':') && !a.includes('@'))])
    ).toEqual([
      ['login', []],
      ['push', ['index:org.opencontainers.image.version=1.2.3', 'reg.example/acme/app:1.2.3']],
      ['push', ['index:org.opencontainers.image.version=1.2.3', 'ghcr.example/acme/app:1.2.3']],
      ['push', ['index:org.opencontainers.image.version=1.2.3', 'reg.example/acme/app:latest']],
      ['push', ['index:org.opencontainers.image.version=1.2.3', 'ghcr.example/acme/app:latest']]
    ])
    expect(plan.commands[1].argv.slice(-2)).toEqual([
      `reg.example/acme/app@${A}`,
      `reg.example/acme/app@${B}`
    ])
    expect(plan.commands.some(c => c.phase === 'build' || c.phase === 'smoke')).toBe(false)
  })

  it('merge refuses the image input', () => {
    const i = planInput({ 'merge-digests': A })
    i.build = { ...i.build, image: 'src/app:1' }
    expect(() => planRun(i)).toThrow(/Input "merge-digests": cannot be combined with image/)
  })
})
