/**
 * The bundled action pushing a release through the fault proxy: for each registry fault,
 * what ends up in the registry, what the log and the summary say, and that a rerun after a
 * partial push completes it without changing what was already published.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { rmSync } from 'node:fs'
import { faults, match, startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js'
import {
  docker,
  dockerSync,
  makeContext,
  registryDigest,
  registryTags,
  requireEngine,
  startRegistry,
  type ActionRun,
  type Registry
} from '../helpers/lab.js'
import { releaseOptions, runFrom, snapshotDist, type DistSnapshot } from './dist-snapshot.js'

jest.setTimeout(180000)

const TAGS = ['1', '1.2', '1.2.3', 'latest', 'v1.2.3']
const FLOATING = ['1', '1.2', 'latest']
let reg: Registry
let dist: DistSnapshot
let proxy: FaultProxy
let context: string
const repos: string[] = []
const runDirs: string[] = []

beforeAll(async () => {
  requireEngine()
  dist = await snapshotDist()
  reg = await startRegistry()
  proxy = await startFaultProxy(reg.host)
  context = makeContext(
    'RUN head -c 300000 /dev/urandom > /payload\nCMD ["sh", "-c", "echo ready; exec sleep 300"]'
  )
})

afterAll(async () => {
  // The action tags the local image with every pushed name; remove all of them.
  // By ID as well as by name: a rebuild leaves the previous image untagged (`<none>`).
  const rows = await docker('images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}')
  for (const row of rows.split('\n')) {
    const [name, id] = row.split(' ')
    if (!name?.includes('/btp-hard-test/')) continue
    if (dockerSync('rmi', '-f', name).code !== 0 && id) dockerSync('rmi', '-f', id)
  }
  rmSync(context, { recursive: true, force: true })
  for (const dir of runDirs) rmSync(dir, { recursive: true, force: true })
  dist?.remove()
  await proxy?.stop()
  await reg?.stop()
})

async function release(name: string, extra: Record<string, string> = {}): Promise<ActionRun> {
  const repo = `btp-hard-test/${name}`
  if (!repos.includes(repo)) repos.push(repo)
  const run = await runFrom(dist, releaseOptions(`${proxy.host}/${repo}`, context, extra))
  runDirs.push(run.dir)
  return run
}

async function digests(repo: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const tag of await registryTags(reg, repo)) out[tag] = await registryDigest(reg, repo, tag)
  return out
}

const log = (run: ActionRun): string => run.stdout + run.stderr
const warnings = (run: ActionRun): string[] =>
  log(run)
    .split('\n')
    .filter(l => l.startsWith('::warning::'))

/** Every floating tag present has its immutable tags present too. */
function consistent(tags: string[]): boolean {
  return (
    !tags.some(t => FLOATING.includes(t)) || (tags.includes('v1.2.3') && tags.includes('1.2.3'))
  )
}

describe('push through registry faults', () => {
  it('5xx on manifest PUTs: retried with backoff, every tag published with one digest', async () => {
    proxy.setFaults([
      faults.serverErrorOnManifestPut(1, 502, 'v1.2.3'),
      faults.serverErrorOnManifestPut(1, 503, 'latest')
    ])
    const run = await release('five-hundred')
    expect(run.exitCode).toBe(0)
    const d = await digests('btp-hard-test/five-hundred')
    expect(Object.keys(d).sort()).toEqual(TAGS)
    expect(new Set(Object.values(d))).toEqual(new Set([run.outputs.digest]))
    expect(warnings(run).join('\n')).toMatch(
      /push .*:v1\.2\.3: HTTP 5xx .*502 Bad Gateway.*retrying/
    )
    expect(warnings(run).join('\n')).toMatch(/push .*:latest: HTTP 5xx .*503/)
    expect(proxy.hits('502 on manifest put')).toBe(1)
  })

  it('429 with Retry-After: waits at least that long, then publishes', async () => {
    proxy.setFaults([faults.tooManyRequests(1, 2, match.manifestPut())])
    const run = await release('rate-limited')
    expect(run.exitCode).toBe(0)
    expect(await registryTags(reg, 'btp-hard-test/rate-limited')).toEqual(TAGS)
    const w = warnings(run).join('\n')
    expect(w).toMatch(/rate limited \(429\).*retrying in (\d+\.\d)s/)
    const secs = Number(/retrying in (\d+\.\d)s/.exec(w)?.[1])
    expect(secs).toBeGreaterThanOrEqual(2)
    const puts = proxy.requests.filter(q => q.fault === '429')
    expect(puts).toHaveLength(1)
  })

  it('connection resets mid-layer and on a manifest PUT: engine and action retries recover', async () => {
    proxy.setFaults([faults.resetMidUpload(1, 100_000), faults.resetOn(match.manifestPut(), 1)])
    const run = await release('reset')
    expect(run.exitCode).toBe(0)
    expect(await registryTags(reg, 'btp-hard-test/reset')).toEqual(TAGS)
    expect(warnings(run).join('\n')).toMatch(/EOF.*retrying/)
  })

  it('a stalled registry answer is waited out', async () => {
    proxy.setFaults([faults.stall(2500, match.manifestPut(), 1)])
    const run = await release('stall')
    expect(run.exitCode).toBe(0)
    expect(await registryTags(reg, 'btp-hard-test/stall')).toEqual(TAGS)
  })

  it('a stall longer than push-timeout is cut off and retried', async () => {
    proxy.setFaults([faults.stall(30000, match.manifestPut(), 1)])
    const t0 = Date.now()
    const run = await release('stall-timeout', { 'push-timeout': '3' })
    expect(run.exitCode).toBe(0)
    expect(Date.now() - t0).toBeLessThan(25000)
    expect(warnings(run).join('\n')).toMatch(/timed out after 3s.*retrying/)
    expect(await registryTags(reg, 'btp-hard-test/stall-timeout')).toEqual(TAGS)
    const digest = await registryDigest(reg, 'btp-hard-test/stall-timeout', 'latest')
    expect(run.outputs.digest).toBe(digest)
  })

  it('401 everywhere: fails at once with the registry message, publishes nothing', async () => {
    proxy.setFaults([faults.unauthorizedEverything()])
    const t0 = Date.now()
    const run = await release('unauthorized')
    proxy.setFaults([])
    expect(run.exitCode).not.toBe(0)
    expect(log(run)).toMatch(/::error::Push failed: .*no basic auth credentials/)
    expect(warnings(run).filter(w => /retrying/.test(w))).toEqual([])
    expect(Date.now() - t0).toBeLessThan(60000)
    expect(await registryTags(reg, 'btp-hard-test/unauthorized')).toEqual([])
    expect(run.outputs.pushed).toBe('false')
    expect(run.postExitCode).toBe(0)
  })

  it('partial failure: reports exactly what is published, holds floating tags back, rerun completes', async () => {
    // 1.2.3 is down for good (more failures than attempts); v1.2.3 goes through.
    proxy.setFaults([faults.serverErrorOnManifestPut(50, 503, '1.2.3')])
    const first = await release('partial', { 'retry-max-wait': '2' })
    proxy.setFaults([])
    expect(first.exitCode).not.toBe(0)
    const after = await registryTags(reg, 'btp-hard-test/partial')
    expect(after).toEqual(['v1.2.3'])
    const error = log(first)
      .split('\n')
      .find(l => l.startsWith('::error::'))
    expect(error).toMatch(/1\.2\.3: .*503 Service Unavailable/)
    expect(error).toMatch(/3 floating tags held back/)
    expect(error).toMatch(/Published: \S+:v1\.2\.3\./)
    const notPublished = error?.split('Not published: ')[1] ?? ''
    for (const tag of ['1.2.3', '1', '1.2', 'latest'])
      expect(notPublished).toContain(`partial:${tag}`)
    expect(first.outputs.pushed).toBe('true')
    expect(first.summary).toMatch(/4 of 5 tags are not published/)
    expect(first.summary).toMatch(/\| Push \| [0-9.]+ s \| failed \|/)
    const before = await digests('btp-hard-test/partial')

    const second = await release('partial')
    expect(second.exitCode).toBe(0)
    const d = await digests('btp-hard-test/partial')
    expect(Object.keys(d).sort()).toEqual(TAGS)
    expect(new Set(Object.values(d)).size).toBe(1)
    // Idempotent: the tag published by the failed run is unchanged by the rerun.
    expect(d['v1.2.3']).toBe(before['v1.2.3'])
    expect(second.outputs.digest).toBe(d['v1.2.3'])
  })

  it('answer lost after the registry committed: the manifest check counts the tag as published', async () => {
    // On a floating tag: by then an immutable tag has told us the digest to check against.
    proxy.setFaults([faults.dropResponse(match.manifestPut('latest'))])
    const run = await release('lost-answer', { retries: '1', 'retry-max-wait': '2' })
    proxy.setFaults([])
    expect(await registryTags(reg, 'btp-hard-test/lost-answer')).toEqual(TAGS)
    expect(run.exitCode).toBe(0)
    expect(warnings(run).join('\n')).toMatch(/:latest: EOF/)
    expect(proxy.requests.some(q => q.method === 'GET' && /manifests\/latest$/.test(q.url))).toBe(
      true
    )
  })

  it('never leaves a floating tag without its release tags, in any scenario above', async () => {
    for (const repo of repos) expect(consistent(await registryTags(reg, repo))).toBe(true)
  })
})
