/**
 * The fault proxy itself, against the real engine and a real registry: what the engine does
 * with each fault, and the exact stderr it prints (the strings the retry classifier is
 * tested with in __tests__/unit/hardening/retry.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { execFile } from 'node:child_process'
import { rmSync } from 'node:fs'
import { classifyDockerFailure } from '../../../src/registry/retry.js'
import { faults, match, startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js'
import {
  docker,
  dockerSync,
  makeContext,
  registryDigest,
  registryTags,
  requireEngine,
  startRegistry,
  type Registry
} from '../helpers/lab.js'

interface Result {
  code: number
  stdout: string
  stderr: string
  ms: number
}

// Async on purpose: a sync spawn would block the event loop the proxy runs on.
function dockerRun(args: string[], input?: string): Promise<Result> {
  const t0 = Date.now()
  return new Promise(resolveRun => {
    const child = execFile('docker', args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolveRun({
        code: err ? Number((err as { code?: number }).code ?? 1) : 0,
        stdout,
        stderr,
        ms: Date.now() - t0
      })
    )
    if (input !== undefined) child.stdin?.end(input)
  })
}

// The project-level testTimeout is not applied to these files; engine retries take seconds.
jest.setTimeout(180000)

let reg: Registry
let proxy: FaultProxy
const created: string[] = []

/** A fresh image per scenario: a unique layer, so the engine cannot skip it by mounting. */
async function image(name: string): Promise<{ local: string; remote: string; repo: string }> {
  const local = `btp-hard-test/proxy:${name}`
  const ctx = makeContext(`RUN head -c 1500000 /dev/urandom > /payload-${name}`)
  try {
    await docker('build', '--network', 'none', '-q', '-t', local, ctx)
  } finally {
    rmSync(ctx, { recursive: true, force: true })
  }
  const repo = `btp-hard-test/${name}`
  const remote = `${proxy.host}/${repo}:v1`
  await docker('tag', local, remote)
  created.push(local, remote)
  return { local, remote, repo }
}

const pushedDigest = (stdout: string): string =>
  /digest: (sha256:[0-9a-f]{64})/.exec(stdout)?.[1] ?? ''

beforeAll(async () => {
  requireEngine()
  reg = await startRegistry()
  proxy = await startFaultProxy(reg.host)
})

afterAll(async () => {
  for (const ref of created) dockerSync('rmi', '-f', ref)
  await proxy?.stop()
  await reg?.stop()
})

describe('fault proxy in front of a real registry', () => {
  it('passes a push through unchanged and keeps upload sessions on the proxy', async () => {
    const img = await image('clean')
    proxy.setFaults([])
    const before = proxy.requests.length
    const r = await dockerRun(['push', img.remote])
    expect(r.code).toBe(0)
    const seen = proxy.requests.slice(before)
    // Uploads continued on the proxy: the rewritten Location kept the client here.
    expect(seen.some(q => q.method === 'PATCH' && q.bytesIn > 1_000_000)).toBe(true)
    expect(seen.some(q => q.method === 'PUT' && q.url.includes('/manifests/v1'))).toBe(true)
    expect(await registryTags(reg, img.repo)).toEqual(['v1'])
    expect(await registryDigest(reg, img.repo, 'v1')).toBe(pushedDigest(r.stdout))
  })

  it('500 on the first layer upload: the engine retries the layer itself', async () => {
    const img = await image('blob500')
    proxy.setFaults([faults.serverErrorOnBlobUploads(1)])
    const r = await dockerRun(['push', img.remote])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/Retrying in/)
    expect(proxy.hits('500 on blob upload')).toBeGreaterThanOrEqual(1)
    expect(await registryTags(reg, img.repo)).toEqual(['v1'])
  })

  it('5xx on the manifest PUT: the engine gives up, no tag, classified transient', async () => {
    for (const status of [500, 502, 503]) {
      const img = await image(`manifest${status}`)
      proxy.setFaults([faults.serverErrorOnManifestPut(1, status)])
      const r = await dockerRun(['push', img.remote])
      expect(r.code).not.toBe(0)
      expect(r.stderr).toMatch(new RegExp(`received unexpected HTTP status: ${status} `))
      expect(classifyDockerFailure(r.stderr).transient).toBe(true)
      expect(await registryTags(reg, img.repo)).toEqual([])
      // The rule was for one request only: the next push goes through.
      const again = await dockerRun(['push', img.remote])
      expect(again.code).toBe(0)
      expect(await registryTags(reg, img.repo)).toEqual(['v1'])
    }
  })

  it('429 with Retry-After: the engine surfaces toomanyrequests; the classifier keeps the pause', async () => {
    const img = await image('ratelimit')
    proxy.setFaults([faults.tooManyRequests(1, 4, match.manifestPut())])
    const r = await dockerRun(['push', img.remote])
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/toomanyrequests/)
    expect(classifyDockerFailure(r.stderr)).toMatchObject({ transient: true, retryAfterMs: 4000 })
    const hit = proxy.requests.filter(q => q.fault === '429')
    expect(hit.at(-1)?.status).toBe(429)
  })

  it('429 on the ping alone is tolerated; 429 on a layer upload is not retried by the engine', async () => {
    const ping = await image('ratelimitping')
    proxy.setFaults([faults.tooManyRequests(99, 1, match.pathMatches(/^\/v2\/$/))])
    expect((await dockerRun(['push', ping.remote])).code).toBe(0)
    expect(proxy.hits('429')).toBeGreaterThanOrEqual(1)

    const blob = await image('ratelimitblob')
    proxy.setFaults([faults.tooManyRequests(1, 2, match.blobUpload())])
    const r = await dockerRun(['push', blob.remote])
    expect(r.code).not.toBe(0)
    expect(r.stderr.trim()).toBe('toomanyrequests: rate limit exceeded, retry after 2s')
    expect(r.stdout).not.toMatch(/Retrying in/)
    expect(classifyDockerFailure(r.stderr)).toMatchObject({ transient: true, retryAfterMs: 2000 })
    expect(await registryTags(reg, blob.repo)).toEqual([])
  })

  it('connection reset mid-layer: the engine retries and completes', async () => {
    const img = await image('reset')
    proxy.setFaults([faults.resetMidUpload(1, 200_000)])
    const r = await dockerRun(['push', img.remote])
    expect(r.code).toBe(0)
    const dropped = proxy.requests.filter(q => q.fault === 'reset mid-upload')
    expect(dropped).toHaveLength(1)
    expect(dropped[0].status).toBe(0)
    expect(dropped[0].bytesIn).toBeGreaterThanOrEqual(200_000)
    expect(dropped[0].bytesIn).toBeLessThan(1_500_000)
    expect(await registryTags(reg, img.repo)).toEqual(['v1'])
  })

  it('connection reset on the manifest PUT: EOF, no tag, classified transient', async () => {
    const img = await image('resetmanifest')
    proxy.setFaults([faults.resetOn(match.manifestPut(), 1)])
    const r = await dockerRun(['push', img.remote])
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/manifests\/v1": EOF/)
    expect(classifyDockerFailure(r.stderr)).toMatchObject({ transient: true, reason: 'EOF' })
    expect(await registryTags(reg, img.repo)).toEqual([])
  })

  it('a stalled response is waited out by the engine (it has no per-request timeout)', async () => {
    const img = await image('stall')
    proxy.setFaults([faults.stall(3000, match.manifestPut(), 1)])
    const r = await dockerRun(['push', img.remote])
    expect(r.code).toBe(0)
    expect(r.ms).toBeGreaterThanOrEqual(3000)
    expect(await registryTags(reg, img.repo)).toEqual(['v1'])
  })

  it('401 on everything: push and login fail permanently', async () => {
    const img = await image('unauth')
    proxy.setFaults([faults.unauthorizedEverything()])
    const push = await dockerRun(['push', img.remote])
    expect(push.code).not.toBe(0)
    expect(push.stderr.trim()).toBe('no basic auth credentials')
    expect(classifyDockerFailure(push.stderr).transient).toBe(false)
    const login = await dockerRun(['login', '-u', 'u', '--password-stdin', proxy.host], 'pw')
    expect(login.code).not.toBe(0)
    expect(login.stderr).toMatch(/failed with status: 401 Unauthorized/)
    expect(classifyDockerFailure(login.stderr).transient).toBe(false)
    expect(proxy.requests.filter(q => q.fault === '401').every(q => q.status === 401)).toBe(true)
    proxy.setFaults([])
  })
})
