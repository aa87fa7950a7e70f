import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  ENGINE26_HOST,
  docker,
  makeContext,
  registryDigest,
  registryTags,
  requireEngine,
  requireEngine26,
  runAction,
  startRegistry,
  type Registry
} from '../helpers/lab.js'

// "Many runners, one image": push-by-digest jobs (one after the other here), then a merge job.
const USER = 'digest-user'
const PASSWORD = 'digest-pass-123'
const cred = { user: USER, password: PASSWORD }
let registry: Registry
const engine26 = { DOCKER_HOST: ENGINE26_HOST }

beforeAll(async () => {
  requireEngine()
  requireEngine26()
  registry = await startRegistry({ user: USER, password: PASSWORD })
})
afterAll(async () => {
  await registry.stop()
})

const basic = { Authorization: 'Basic ' + Buffer.from(`${USER}:${PASSWORD}`).toString('base64') }

interface Descriptor {
  mediaType: string
  digest: string
  platform?: { os: string; architecture: string }
}
interface Manifest {
  mediaType: string
  manifests: Descriptor[]
  config: Descriptor
  layers: Descriptor[]
  annotations?: Record<string, string>
}

async function manifest(name: string, ref: string): Promise<{ status: number; body?: Manifest }> {
  const res = await fetch(`http://${registry.host}/v2/${name}/manifests/${ref}`, {
    headers: {
      ...basic,
      Accept: [
        'application/vnd.oci.image.index.v1+json',
        'application/vnd.docker.distribution.manifest.list.v2+json',
        'application/vnd.oci.image.manifest.v1+json',
        'application/vnd.docker.distribution.manifest.v2+json'
      ].join(', ')
    }
  })
  return {
    status: res.status,
    body: res.status === 200 ? ((await res.json()) as Manifest) : undefined
  }
}

const APP =
  'COPY app.txt /app.txt\nCMD ["sh", "-c", "echo arch $(uname -m); cat /app.txt; exec sleep 300"]'

function login(name: string): Record<string, string> {
  return { images: `${registry.host}/${name}`, username: USER, password: PASSWORD }
}

describe('push-by-digest and merge-digests on engine 26 (containerd image store)', () => {
  it('two digest jobs push no tag; the merge job tags one index with both platforms', async () => {
    const name = 'acme/digest-matrix'
    const workspace = mkdtempSync(join(tmpdir(), 'digest-ws-'))
    const context = makeContext(APP, { 'app.txt': 'digest ok\n' })
    const job = (platform: string, extra: Record<string, string>) =>
      runAction({
        eventName: 'push',
        ref: 'refs/tags/v1.4.0',
        env: engine26,
        workspace,
        inputs: {
          ...login(name),
          context,
          platforms: platform,
          'push-by-digest': 'true',
          'digests-dir': 'digests',
          ...extra
        }
      })
    const amd = await job('linux/amd64', { 'smoke-log': 'arch x86_64\ndigest ok' })
    expect(amd.stderr).toBe('')
    expect(amd.exitCode).toBe(0)
    expect(amd.outputs['smoke-result']).toBe('passed')
    expect(amd.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(amd.stdout).toContain('these tags are not applied here')
    expect(amd.summary).toContain('these tags are not applied here')
    // Pushed verbatim: the registry's manifest is the engine's image.
    expect(amd.outputs['image-id']).toBe(amd.outputs.digest)
    const arm = await job('linux/arm64', { smoke: 'false' })
    expect(arm.exitCode).toBe(0)
    expect(arm.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(arm.outputs.digest).not.toBe(amd.outputs.digest)
    // No tag anywhere before the merge; each digest is in the registry.
    expect(await registryTags(registry, name, cred)).toEqual([])
    for (const d of [amd.outputs.digest, arm.outputs.digest]) {
      expect((await manifest(name, d)).status).toBe(200)
    }
    const files = readdirSync(join(workspace, 'digests')).sort()
    expect(files).toEqual(
      [amd.outputs.digest, arm.outputs.digest].map(d => d.replace('sha256:', '')).sort()
    )

    const merge = await runAction({
      eventName: 'push',
      ref: 'refs/tags/v1.4.0',
      env: engine26,
      workspace,
      inputs: { ...login(name), 'merge-digests': 'digests', 'smoke-log': 'never checked' }
    })
    expect(merge.exitCode).toBe(0)
    expect(merge.outputs['smoke-result']).toBe('skipped')
    expect(merge.summary).toContain('each platform was smoke-tested in its own push-by-digest job')
    expect(merge.outputs.pushed).toBe('true')
    const tags = await registryTags(registry, name, cred)
    expect(tags).toEqual(['1', '1.4', '1.4.0', 'latest', 'v1.4.0'])
    for (const tag of tags) {
      expect(await registryDigest(registry, name, tag, cred)).toBe(merge.outputs.digest)
    }
    const idx = (await manifest(name, '1.4.0')).body as Manifest
    expect(idx.mediaType).toBe('application/vnd.oci.image.index.v1+json')
    const platforms = idx.manifests
      .filter(m => m.platform?.os === 'linux')
      .map(m => `${m.platform?.os}/${m.platform?.architecture}`)
      .sort()
    expect(platforms).toEqual(['linux/amd64', 'linux/arm64'])
    expect(idx.annotations?.['org.opencontainers.image.version']).toBe('1.4.0')
    // Immutable tags first, floating tags in a second call.
    const calls = merge.stdout.split('\n').filter(l => l.includes('imagetools create'))
    expect(calls).toHaveLength(2)
    expect(calls[0]).toContain(':v1.4.0')
    expect(calls[0]).not.toContain(':latest')
    expect(calls[1]).toContain(':latest')

    // A backport merged later: the floating-tag guard keeps `latest` and `1` on 1.4.0.
    const backport = await runAction({
      eventName: 'push',
      ref: 'refs/tags/v1.3.9',
      env: engine26,
      workspace,
      inputs: { ...login(name), 'merge-digests': 'digests' }
    })
    expect(backport.exitCode).toBe(0)
    expect(backport.outputs['held-tags'].split('\n').sort()).toEqual([
      `${registry.host}/${name}:1`,
      `${registry.host}/${name}:latest`
    ])
    expect(await registryDigest(registry, name, 'latest', cred)).toBe(merge.outputs.digest)
    expect(await registryDigest(registry, name, '1.3', cred)).toBe(backport.outputs.digest)
    expect(backport.outputs.digest).not.toBe(merge.outputs.digest)
  })

  it('dry-run prints the docker save, the registry API upload and the imagetools calls, and pushes nothing', async () => {
    const name = 'acme/digest-dry'
    const save = await runAction({
      eventName: 'push',
      ref: 'refs/tags/v1.0.0',
      env: engine26,
      inputs: {
        ...login(name),
        context: makeContext('CMD ["sh"]'),
        'push-by-digest': 'true',
        'digests-dir': 'digests',
        'dry-run': 'true'
      }
    })
    expect(save.exitCode).toBe(0)
    expect(save.stdout).toMatch(
      /\["docker","save","--output","[^"]+image\.tar","<built image id>"\]/
    )
    expect(save.stdout).toContain(
      `(not a docker call) registry API: upload the saved image's blobs and manifest(s) to ${registry.host}/${name} by digest, no tag`
    )
    expect(save.stdout).not.toContain('"docker","push"')
    const plan = JSON.parse(save.outputs.plan) as { targets: string[]; api: string[] }
    expect(plan.targets).toEqual([])
    expect(plan.api).toHaveLength(2)
    const digest = `sha256:${'c'.repeat(64)}`
    const merge = await runAction({
      eventName: 'push',
      ref: 'refs/tags/v1.0.0',
      env: engine26,
      inputs: { ...login(name), 'merge-digests': digest, 'dry-run': 'true' }
    })
    expect(merge.exitCode).toBe(0)
    expect(merge.stdout).toContain('["docker","buildx","imagetools","create","--annotation"')
    expect(merge.stdout).toContain('"--annotation","index:org.opencontainers.image.version=1.0.0"')
    expect(merge.stdout).toContain(`"${registry.host}/${name}@${digest}"`)
    expect(merge.stdout).not.toContain('"docker","buildx","build"')
    expect(await registryTags(registry, name, cred)).toEqual([])
  })

  it('merge-digests with a bad line fails naming the input and the expected form', async () => {
    const run = await runAction({
      eventName: 'push',
      ref: 'refs/tags/v1.0.0',
      env: engine26,
      inputs: { ...login('acme/digest-bad'), 'merge-digests': 'sha256:abc\nsha256:def' }
    })
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(/::error::Input "merge-digests": expected one sha256:<64/)
  })
})

describe('push-by-digest on engine 20.10 (classic image store)', () => {
  it('pushes an OCI manifest whose config digest is the tested image id, with no tag', async () => {
    const name = 'acme/digest-classic'
    const run = await runAction({
      eventName: 'push',
      ref: 'refs/heads/main',
      inputs: {
        ...login(name),
        context: makeContext(
          'COPY app.txt /app.txt\nCMD ["sh", "-c", "cat /app.txt; exec sleep 300"]',
          {
            'app.txt': 'classic ok\n'
          }
        ),
        'push-by-digest': 'true',
        'smoke-log': 'classic ok'
      }
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    const m = await manifest(name, run.outputs.digest)
    expect(m.status).toBe(200)
    if (!m.body) throw new Error('no manifest')
    expect(m.body.mediaType).toBe('application/vnd.oci.image.manifest.v1+json')
    expect(m.body.config.digest).toBe(run.outputs['image-id'])
    expect(m.body.layers.every(l => l.mediaType === 'application/vnd.oci.image.layer.v1.tar')).toBe(
      true
    )
    expect(await registryTags(registry, name, cred)).toEqual([])
    // The engine's own image is the one pushed.
    expect(await docker('image', 'inspect', '--format', '{{.Id}}', run.outputs['image-id'])).toBe(
      run.outputs['image-id']
    )
  })

  it('a failing smoke test uploads nothing', async () => {
    const name = 'acme/digest-classic-fail'
    const run = await runAction({
      eventName: 'push',
      ref: 'refs/heads/main',
      inputs: {
        ...login(name),
        context: makeContext('CMD ["sh", "-c", "echo panic: boom; exit 3"]'),
        'push-by-digest': 'true',
        'digests-dir': 'digests'
      }
    })
    expect(run.exitCode).not.toBe(0)
    expect(run.outputs['smoke-result']).toBe('failed')
    expect(run.outputs.pushed).toBe('false')
    expect(await registryTags(registry, name, cred)).toEqual([])
    expect((await manifest(name, run.outputs['image-id'])).status).toBe(404)
    expect(readdirSync(run.dir)).not.toContain('digests')
  })
})
