/**
 * upload-during-smoke: the blobs reach the registry while the smoke test still runs, and the
 * tags appear only after it passed, one manifest PUT each. Checked at a proxy in front of a
 * real registry, on both engines, with the image pulled back by the other engine (a full
 * download whose layers must match the config). A failing smoke test leaves no tag and no
 * manifest; a registry API that refuses the step falls back to docker push.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { rmSync } from 'node:fs'
import { match, startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js'
import {
  docker,
  docker26,
  dockerSync,
  ENGINE26_HOST,
  makeContext,
  registryDigest,
  registryTags,
  requireEngine,
  requireEngine26,
  runAction,
  startRegistry,
  type ActionRun,
  type Registry
} from '../helpers/lab.js'

jest.setTimeout(300000)

const READY = 'early upload ready'
/** Smoke test of about 3 s: the ready line comes after a pause. */
const SLOW_READY = `CMD ["sh", "-c", "sleep 3; echo ${READY}; exec sleep 300"]`

let reg: Registry
let proxy: FaultProxy
const contexts: string[] = []

beforeAll(async () => {
  requireEngine()
  requireEngine26()
  reg = await startRegistry()
  proxy = await startFaultProxy(reg.host)
})

afterAll(async () => {
  for (const engine of [docker, docker26]) {
    const list = await engine('images', '--format', '{{.Repository}}:{{.Tag}}').catch(() => '')
    for (const name of list.split('\n')) {
      if (!name.includes('/early-upload/')) continue
      if (engine === docker) dockerSync('rmi', name)
      else await docker26('rmi', name).catch(() => '')
    }
  }
  for (const c of contexts) rmSync(c, { recursive: true, force: true })
  await proxy?.stop()
  await reg?.stop()
})

/** A context with a 2 MB layer of fresh random bytes, so every build uploads something new. */
function context(cmd: string): string {
  const dir = makeContext(`RUN head -c 2000000 /dev/urandom > /payload\n${cmd}`)
  contexts.push(dir)
  return dir
}

function release(
  image: string,
  env: Record<string, string>,
  inputs: Record<string, string>
): Promise<ActionRun> {
  return runAction({
    eventName: 'push',
    ref: 'refs/tags/v2.0.0',
    payload: { ref: 'refs/tags/v2.0.0' },
    env,
    inputs: { images: image, 'smoke-log': READY, 'upload-during-smoke': 'true', ...inputs }
  })
}

function outcome(run: ActionRun): { exitCode: number; errors: string[] } {
  return {
    exitCode: run.exitCode,
    errors: run.stdout.split('\n').filter(l => l.startsWith('::error'))
  }
}

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(', ')

/** The config digest of a tag's image (the first manifest of an index). */
async function configDigest(repo: string, reference: string): Promise<string> {
  const res = await fetch(`http://${reg.host}/v2/${repo}/manifests/${reference}`, {
    headers: { Accept: ACCEPT }
  })
  const body = (await res.json()) as {
    config?: { digest: string }
    manifests?: Array<{ digest: string }>
  }
  if (body.manifests?.[0]) return configDigest(repo, body.manifests[0].digest)
  return body.config?.digest ?? ''
}

const inRepo = (repo: string) => (r: { url: string }) => r.url.includes(`/v2/${repo}/`)
const isBlobPut = (r: { method: string; url: string }) =>
  r.method === 'PUT' && /\/blobs\/uploads\//.test(r.url)
const isManifestPut = (r: { method: string; url: string }) =>
  r.method === 'PUT' && /\/manifests\/[^/]+$/.test(r.url)

describe.each<{
  name: string
  repo: string
  env: Record<string, string>
  inputs: Record<string, string>
  /** Pulls a reference into the other engine and returns its image id there. */
  pullElsewhere: (ref: string) => Promise<string>
}>([
  {
    name: 'engine 20.10 (classic store: gzip layers made by the action)',
    repo: 'early-upload/engine20',
    env: {},
    inputs: { buildx: 'false' },
    pullElsewhere: async ref => {
      await docker26('pull', '-q', ref)
      return (await docker26('image', 'inspect', '--format', '{{.Id}}', ref)).trim()
    }
  },
  {
    name: 'engine 26 (containerd store: the saved OCI layout verbatim)',
    repo: 'early-upload/engine26',
    env: { DOCKER_HOST: ENGINE26_HOST },
    inputs: { buildx: 'true', provenance: 'false' },
    pullElsewhere: async ref => {
      await docker('pull', '-q', ref)
      return (await docker('image', 'inspect', '--format', '{{.Id}}', ref)).trim()
    }
  }
])('upload-during-smoke on $name', ({ repo, env, inputs, pullElsewhere }) => {
  it('uploads the blobs while the smoke test runs, then one manifest PUT per tag', async () => {
    const from = proxy.requests.length
    const run = await release(`${proxy.host}/${repo}`, env, {
      ...inputs,
      context: context(SLOW_READY)
    })
    expect(outcome(run)).toEqual({ exitCode: 0, errors: [] })
    const seen = proxy.requests.slice(from).filter(inRepo(repo))
    const blobs = seen.filter(isBlobPut)
    const manifests = seen.filter(isManifestPut)
    expect(blobs.length).toBeGreaterThanOrEqual(2) // the config and the new layer at least
    // Every blob was up well before the first tag: the smoke test was still waiting for its
    // ready line (about 3 s) when the last blob arrived.
    const lastBlob = Math.max(...blobs.map(r => r.at))
    const firstManifest = Math.min(...manifests.map(r => r.at))
    expect(firstManifest - lastBlob).toBeGreaterThan(1000)
    // One manifest PUT per tag (2.0.0, v2.0.0, 2.0, 2, latest), no docker push.
    expect(manifests.map(r => r.url.replace(/^.*\/manifests\//, '')).sort()).toEqual([
      '2',
      '2.0',
      '2.0.0',
      'latest',
      'v2.0.0'
    ])
    expect(run.stdout).not.toContain('[command]docker push')
    expect(run.stdout).toContain('alongside the smoke test')
    expect(run.outputs.pushed).toBe('true')
    const digest = run.outputs.digest
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    for (const tag of ['2.0.0', 'v2.0.0', '2.0', '2', 'latest']) {
      expect(await registryDigest(reg, repo, tag)).toBe(digest)
    }
    // The config is the tested image's: on the classic store its digest is the image ID, on
    // the containerd store the ID is the manifest digest itself.
    const config = await configDigest(repo, '2.0.0')
    expect(env.DOCKER_HOST ? digest : config).toBe(run.outputs['image-id'])
    // The other engine downloads every layer (checked against the config) and gets the same
    // image: engine 26 names it by manifest digest, engine 20.10 by config digest.
    const pulled = await pullElsewhere(`${reg.host}/${repo}:2.0.0`)
    expect(pulled).toBe(env.DOCKER_HOST ? config : digest)
  })

  it('publishes nothing when the smoke test fails: no tag, no manifest', async () => {
    const failing = `${repo}-failing`
    const from = proxy.requests.length
    const run = await release(`${proxy.host}/${failing}`, env, {
      ...inputs,
      context: context('CMD ["sh", "-c", "sleep 2; echo boom; exit 3"]')
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['smoke-result']).toBe('failed')
    const seen = proxy.requests.slice(from).filter(inRepo(failing))
    expect(seen.filter(isManifestPut)).toEqual([])
    expect(await registryTags(reg, failing)).toEqual([])
    expect(run.outputs.pushed).not.toBe('true')
  })

  it('falls back to docker push when the registry API refuses the upload', async () => {
    const fallback = `${repo}-fallback`
    proxy.setFaults([
      {
        name: 'api upload refused',
        // Only the action's own client: docker's pushes pass.
        match: r => match.uploadStart()(r) && r.headers['user-agent'] === 'build-tag-push',
        action: { kind: 'status', status: 403, body: '{"errors":[{"code":"DENIED"}]}' }
      }
    ])
    const run = await release(`${proxy.host}/${fallback}`, env, {
      ...inputs,
      context: context(`CMD ["sh", "-c", "echo ${READY}; exec sleep 300"]`)
    })
    proxy.setFaults([])
    expect(outcome(run)).toEqual({ exitCode: 0, errors: [] })
    expect(run.stdout).toContain('pushing with docker push instead')
    expect(run.stdout.split('\n').filter(l => l.startsWith('[command]docker push'))).toHaveLength(5)
    expect(await registryDigest(reg, fallback, 'latest')).toBe(run.outputs.digest)
  })
})
