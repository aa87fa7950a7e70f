import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  ENGINE26_HOST,
  makeContext,
  registryDigest,
  registryTags,
  requireEngine,
  requireEngine26,
  runAction,
  startRegistry,
  type Registry
} from '../helpers/lab.js'

let registry: Registry
const engine26 = { DOCKER_HOST: ENGINE26_HOST }

beforeAll(async () => {
  requireEngine()
  requireEngine26()
  registry = await startRegistry()
})
afterAll(async () => {
  await registry.stop()
})

interface Index {
  mediaType: string
  manifests: Array<{
    digest: string
    platform?: { os: string; architecture: string }
    annotations?: Record<string, string>
  }>
  annotations?: Record<string, string>
}

async function index(name: string, tag: string): Promise<Index> {
  const res = await fetch(`http://${registry.host}/v2/${name}/manifests/${tag}`, {
    headers: {
      Accept:
        'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json'
    }
  })
  return (await res.json()) as Index
}

// Only COPY in the arm64 stage: nothing can emulate arm64 here.
const APP =
  'COPY app.txt /app.txt\nCMD ["sh", "-c", "echo arch $(uname -m); cat /app.txt; exec sleep 300"]'

describe('multi-platform builds on engine 26 (containerd image store)', () => {
  it('builds amd64+arm64 once, smoke-tests amd64, pushes one index per tag with provenance', async () => {
    const name = 'acme/buildx-multi'
    const run = await runAction({
      eventName: 'push',
      ref: 'refs/tags/v2.1.0',
      env: engine26,
      inputs: {
        images: `${registry.host}/${name}`,
        context: makeContext(APP, { 'app.txt': 'multi ok\n' }),
        platforms: 'linux/amd64,linux/arm64',
        provenance: 'mode=max',
        'smoke-log': 'arch x86_64\nmulti ok'
      }
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs['smoke-result']).toBe('passed')
    expect(run.summary).toMatch(
      /Platforms:.*linux\/amd64, linux\/arm64.*smoke-testing linux\/amd64/
    )
    const tags = await registryTags(registry, name)
    expect(tags).toEqual(['2', '2.1', '2.1.0', 'latest', 'v2.1.0'])
    for (const tag of tags) {
      expect(await registryDigest(registry, name, tag)).toBe(run.outputs.digest)
      const idx = await index(name, tag)
      expect(idx.mediaType).toBe('application/vnd.oci.image.index.v1+json')
      const platforms = idx.manifests
        .filter(m => m.platform?.os === 'linux')
        .map(m => `${m.platform?.os}/${m.platform?.architecture}`)
      expect(platforms.sort()).toEqual(['linux/amd64', 'linux/arm64'])
      const attestations = idx.manifests.filter(
        m => m.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest'
      )
      expect(attestations).toHaveLength(2)
    }
    // The annotations output is what the pushed manifests carry.
    const annotation = run.outputs.annotations
      .split('\n')
      .find(a => a.startsWith('manifest:org.opencontainers.image.version='))
    expect(annotation).toBe('manifest:org.opencontainers.image.version=2.1.0')
    const idx = await index(name, '2.1.0')
    const amd64 = idx.manifests.find(m => m.platform?.architecture === 'amd64')
    const res = await fetch(`http://${registry.host}/v2/${name}/manifests/${amd64?.digest}`, {
      headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' }
    })
    const manifest = (await res.json()) as { annotations?: Record<string, string> }
    expect(manifest.annotations?.['org.opencontainers.image.version']).toBe('2.1.0')
  })

  it('a failing smoke test on a multi-platform build pushes nothing', async () => {
    const name = 'acme/buildx-multi-fail'
    const run = await runAction({
      eventName: 'push',
      ref: 'refs/tags/v3.0.0',
      env: engine26,
      inputs: {
        images: `${registry.host}/${name}`,
        context: makeContext('CMD ["sh", "-c", "echo panic: boom; exit 3"]'),
        platforms: 'linux/amd64,linux/arm64'
      }
    })
    expect(run.exitCode).not.toBe(0)
    expect(run.outputs['smoke-result']).toBe('failed')
    expect(run.outputs.pushed).toBe('false')
    expect(await registryTags(registry, name)).toEqual([])
  })

  it('with no native platform requested, nothing is smoke-tested and the summary says so', async () => {
    const run = await runAction({
      eventName: 'push',
      ref: 'refs/heads/main',
      env: engine26,
      inputs: {
        images: `${registry.host}/acme/buildx-arm-only`,
        context: makeContext('COPY app.txt /app.txt', { 'app.txt': 'arm\n' }),
        platforms: 'linux/arm64',
        push: 'false'
      }
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs['smoke-result']).toBe('skipped')
    expect(run.summary).toMatch(
      /none of them is the runner's platform \(linux\/amd64\).*smoke-platform/
    )
  })
})

describe('engine 20.10 (classic image store)', () => {
  it('two platforms fail before the build with an error naming platforms and what to add', async () => {
    const run = await runAction({
      eventName: 'push',
      ref: 'refs/heads/main',
      inputs: {
        images: `${registry.host}/acme/buildx-classic`,
        context: makeContext('CMD ["sh"]'),
        platforms: 'linux/amd64,linux/arm64'
      }
    })
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(
      /::error::Input "platforms": linux\/amd64,linux\/arm64 needs .*docker\/setup-buildx-action.*containerd image store/
    )
    expect(run.stdout).not.toContain('Built sha256')
    expect(await registryTags(registry, 'acme/buildx-classic')).toEqual([])
  })
})
