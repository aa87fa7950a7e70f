/**
 * A no-op rerun sends no manifest PUT: the second run of the same commit finds every tag
 * already on the tested image (one HEAD per tag), runs no `docker push`, and still reports
 * the tags as published with the same digest. A registry whose HEAD fails gets the push.
 * Counted at a proxy in front of a real registry, on both engines: 20.10 (classic store: the
 * remote manifest's config is the image id) and 26 (containerd store: the id is the digest).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { rmSync } from 'node:fs'
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js'
import {
  docker,
  docker26,
  dockerSync,
  ENGINE26_HOST,
  makeContext,
  registryDigest,
  requireEngine,
  requireEngine26,
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
  requireEngine26()
  reg = await startRegistry()
  proxy = await startFaultProxy(reg.host)
  context = makeContext('CMD ["sh", "-c", "echo perf unchanged ready; exec sleep 300"]')
})

afterAll(async () => {
  for (const [list, env] of [
    [await docker('images', '--format', '{{.Repository}}:{{.Tag}}'), {}],
    [
      await docker26('images', '--format', '{{.Repository}}:{{.Tag}}'),
      { DOCKER_HOST: ENGINE26_HOST }
    ]
  ] as const) {
    for (const name of list.split('\n')) {
      if (!name.includes('/perf-unchanged/')) continue
      if (Object.keys(env).length === 0) dockerSync('rmi', name)
      else await docker26('rmi', name).catch(() => '')
    }
  }
  rmSync(context, { recursive: true, force: true })
  await proxy?.stop()
  await reg?.stop()
})

const SHA = '0123456789abcdef0123456789abcdef01234567'

/** A release of one commit: the head commit's time pins the created label, as in a rerun. */
function release(
  image: string,
  env: Record<string, string>,
  extra: Record<string, string>
): Promise<ActionRun> {
  return runAction({
    eventName: 'push',
    ref: 'refs/tags/v1.2.3',
    sha: SHA,
    payload: {
      ref: 'refs/tags/v1.2.3',
      head_commit: { id: SHA, timestamp: '2026-01-02T03:04:05Z' }
    },
    env,
    inputs: { images: image, context, 'smoke-log': 'perf unchanged ready', ...extra }
  })
}

/** The run's exit code and error lines, so a failure shows why. */
function outcome(run: ActionRun): { exitCode: number; errors: string[] } {
  return {
    exitCode: run.exitCode,
    errors: run.stdout.split('\n').filter(l => l.startsWith('::error'))
  }
}

/** Manifest PUTs the proxy passed on since `from` (an index into its request log). */
function manifestPuts(from: number): string[] {
  return proxy.requests
    .slice(from)
    .filter(r => r.method === 'PUT' && /\/v2\/.+\/manifests\/[^/]+$/.test(r.url))
    .map(r => r.url)
}

describe.each<{
  name: string
  repo: string
  env: Record<string, string>
  inputs: Record<string, string>
}>([
  {
    name: 'engine 20.10 (classic store, legacy builder)',
    repo: 'engine20',
    env: {},
    inputs: { buildx: 'false' }
  },
  {
    name: 'engine 20.10 (classic store, buildx)',
    repo: 'engine20-buildx',
    env: {},
    inputs: { buildx: 'true' }
  },
  {
    // buildx's default provenance attestation records the build's start time, so every build
    // is a new index there; without it the rebuilt index is the same one.
    name: 'engine 26 (containerd store, provenance: false)',
    repo: 'engine26',
    env: { DOCKER_HOST: ENGINE26_HOST },
    inputs: { buildx: 'true', provenance: 'false' }
  }
])('a no-op rerun on $name', ({ repo, env, inputs }) => {
  const name = `perf-unchanged/${repo}`
  let first: ActionRun

  it('the first run pushes every tag', async () => {
    proxy.setFaults([])
    const from = proxy.requests.length
    first = await release(`${proxy.host}/${name}`, env, inputs)
    expect(outcome(first)).toEqual({ exitCode: 0, errors: [] })
    expect(manifestPuts(from).length).toBeGreaterThanOrEqual(5)
    expect(first.summary).toContain('✅ published')
  })

  it('the second run sends 0 manifest PUTs and runs no docker push', async () => {
    const from = proxy.requests.length
    const second = await release(`${proxy.host}/${name}`, env, inputs)
    expect(outcome(second)).toEqual({ exitCode: 0, errors: [] })
    expect(manifestPuts(from)).toEqual([])
    expect(second.stdout).not.toContain('[command]docker push')
    expect(second.stdout).toContain('already holds this image under every tag (5)')
    // Counted as published: outputs, digest and read-back as after a push.
    expect(second.outputs.pushed).toBe('true')
    expect(second.outputs.digest).toBe(first.outputs.digest)
    expect(second.stdout).toContain(`Read back 5 tags: all on ${first.outputs.digest}`)
    expect(second.summary).toContain('☑️ unchanged')
    expect(second.summary).not.toContain('✅ published')
    expect(await registryDigest(reg, name, 'latest')).toBe(first.outputs.digest)
  })

  it('pushes again when the registry cannot answer the HEAD (never skips on doubt)', async () => {
    proxy.setFaults([
      {
        name: 'head fails',
        match: r => r.method === 'HEAD' && /\/manifests\//.test(r.path),
        times: 5,
        action: { kind: 'status', status: 500 }
      }
    ])
    const from = proxy.requests.length
    const third = await release(`${proxy.host}/${name}`, env, inputs)
    proxy.setFaults([])
    expect(outcome(third)).toEqual({ exitCode: 0, errors: [] })
    expect(proxy.requests.slice(from).filter(r => r.fault === 'head fails')).toHaveLength(5)
    // Every tag went through `docker push` again (engine 26's push itself then skips a
    // manifest the registry has, so the PUTs are not counted here).
    expect(third.stdout.split('\n').filter(l => l.startsWith('[command]docker push'))).toHaveLength(
      5
    )
    expect(third.summary).toContain('✅ published')
    expect(third.summary).not.toContain('☑️ unchanged')
    expect(third.outputs.digest).toBe(first.outputs.digest)
  })
})
