/**
 * The push phase answers to one deadline (`push-deadline`), and a release is checked after
 * pushing: every tag is read back from the registry and must carry the tested image.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { rmSync } from 'node:fs'
import { startFaultProxy, type FaultProxy, type RequestInfo } from '../helpers/fault-proxy.js'
import {
  docker,
  dockerSync,
  makeContext,
  registryDigest,
  registryTags,
  requireEngine,
  runAction,
  startRegistry,
  type ActionRun,
  type Registry
} from '../helpers/lab.js'

jest.setTimeout(300000)

let reg: Registry
let proxy: FaultProxy
let context: string

beforeAll(async () => {
  requireEngine()
  reg = await startRegistry()
  proxy = await startFaultProxy(reg.host)
  context = makeContext('CMD ["sh", "-c", "echo deadline app ready; exec sleep 300"]')
})

afterAll(async () => {
  const rows = await docker('images', '--format', '{{.Repository}}:{{.Tag}}')
  for (const name of rows.split('\n')) {
    if (name.includes('/acme/registry-deadline') || name.includes('/acme/registry-readback')) {
      dockerSync('rmi', name)
    }
  }
  rmSync(context, { recursive: true, force: true })
  await proxy?.stop()
  await reg?.stop()
})

function release(
  image: string,
  version: string,
  inputs: Record<string, string>
): Promise<ActionRun> {
  const sha = Buffer.from(version).toString('hex').padEnd(40, '0').slice(0, 40)
  return runAction({
    eventName: 'push',
    ref: `refs/tags/${version}`,
    sha,
    payload: { ref: `refs/tags/${version}`, head_commit: { id: sha } },
    inputs: {
      images: image,
      context,
      buildx: 'false',
      'smoke-log': 'deadline app ready',
      ...inputs
    }
  })
}

describe('push-deadline', () => {
  it('a registry that stalls after the first tag fails the step at the deadline, saying what was published', async () => {
    // The first manifest PUT goes through; every request after it stalls for ten minutes.
    let firstPut = false
    proxy.setFaults([
      {
        name: 'stall after first tag',
        match: (r: RequestInfo) => {
          if (!firstPut && r.method === 'PUT' && /\/manifests\//.test(r.path)) {
            firstPut = true
            return false
          }
          return firstPut
        },
        action: { kind: 'stall', ms: 600000 }
      }
    ])
    const image = `${proxy.host}/acme/registry-deadline`
    const started = Date.now()
    const run = await release(image, 'v1.2.3', {
      'push-deadline': '20',
      'push-timeout': '600',
      retries: '3'
    })
    const seconds = (Date.now() - started) / 1000
    proxy.setFaults([])
    expect(run.exitCode).not.toBe(0)
    // Without the deadline: tags × 4 attempts × 600 s.
    expect(seconds).toBeLessThan(150)
    const error = run.stdout.split('\n').find(l => l.startsWith('::error::')) ?? ''
    // The two immutable tags are pushed at once: whichever manifest PUT came first went
    // through; the other one stalls.
    const published = error.includes(`Published: ${image}:1.2.3.`) ? '1.2.3' : 'v1.2.3'
    const stalled = published === '1.2.3' ? 'v1.2.3' : '1.2.3'
    expect(error).toContain(`push-deadline of 20s ran out before push ${image}:${stalled} `)
    expect(error).toContain(`Published: ${image}:${published}.`)
    expect(error).toContain(
      `Not published: ${image}:${stalled}, ${image}:1.2, ${image}:1, ${image}:latest`
    )
    // Floating tags were never tried: they wait for every immutable tag.
    expect(error).toContain('(3 floating tags held back)')
    expect(run.outputs.pushed).toBe('true')
    // The proxy forwards the stalled PUT and holds only its answer, so the registry may hold
    // that tag too; never a floating one.
    const tags = await registryTags(reg, 'acme/registry-deadline')
    expect(tags).toContain(published)
    expect(tags.filter(t => t !== '1.2.3' && t !== 'v1.2.3')).toEqual([])
  })
})

describe('read-back after pushing', () => {
  it('fails and names the tag whose registry digest is not the tested image', async () => {
    const name = 'acme/registry-readback'
    const image = `${proxy.host}/${name}`
    const first = await release(image, 'v1.0.0', {})
    expect(first.exitCode).toBe(0)
    expect(first.stdout).toContain('Read back 5 tags: all on')
    // A stale cache in front of the registry that acknowledges the manifest PUT for `latest`
    // with the digest it already has, without storing the new one: the registry keeps the
    // previous release there.
    proxy.setFaults([
      {
        name: 'swallow latest',
        match: (r: RequestInfo) => r.method === 'PUT' && r.path === `/v2/${name}/manifests/latest`,
        action: {
          kind: 'status',
          status: 201,
          headers: {
            'Docker-Content-Digest': first.outputs.digest,
            Location: `/v2/${name}/manifests/${first.outputs.digest}`
          }
        }
      }
    ])
    const run = await release(image, 'v1.0.1', {})
    proxy.setFaults([])
    expect(run.exitCode).not.toBe(0)
    const error = run.stdout.split('\n').find(l => l.startsWith('::error::')) ?? ''
    expect(error).toContain(
      `the registry's tags differ from the tested image (${run.outputs.digest}): ${image}:latest is ${first.outputs.digest}`
    )
    expect(await registryDigest(reg, name, 'latest')).toBe(first.outputs.digest)
    expect(await registryDigest(reg, name, '1.0.1')).toBe(run.outputs.digest)
    expect(run.summary).toMatch(/latest`[^\n]*failed[^\n]*not the tested image/)
  })
})
