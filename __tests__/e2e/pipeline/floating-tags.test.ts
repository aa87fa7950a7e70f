import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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
import { faults, startFaultProxy } from '../helpers/fault-proxy.js'

// Five releases in a row on a shared 2-core lab.
jest.setTimeout(600000)

let registry: Registry
let context: string

beforeAll(async () => {
  requireEngine()
  registry = await startRegistry()
  context = makeContext('CMD ["sh", "-c", "echo floating app ready; exec sleep 300"]')
})

afterAll(async () => {
  // The action leaves the pushed names on the local image; remove the ones this file made.
  const rows = await docker('images', '--format', '{{.Repository}}:{{.Tag}}')
  for (const name of rows.split('\n')) {
    if (name.includes('/acme/registry-floating')) dockerSync('rmi', name)
  }
  await registry.stop()
})

/** A tag release of `version` (a git tag), built with the legacy builder for speed. */
function release(
  image: string,
  version: string,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {}
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
      'smoke-log': 'floating app ready',
      ...inputs
    },
    env
  })
}

async function digests(
  reg: Registry,
  name: string,
  tags: string[]
): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const t of tags) out[t] = await registryDigest(reg, name, t)
  return out
}

function ok(run: ActionRun): void {
  if (run.exitCode !== 0) throw new Error(`action failed:\n${run.stdout}\n${run.stderr}`)
}

describe('floating tags never move backwards (floating-tags: guard, the default)', () => {
  const name = 'acme/registry-floating'
  it('holds latest and 2 for a backport, then moves them for a newer release', async () => {
    const image = `${registry.host}/${name}`
    const v200 = await release(image, 'v2.0.0')
    ok(v200)
    const d200 = v200.outputs.digest
    expect(await digests(registry, name, ['latest', '2', '2.0', '2.0.0'])).toEqual({
      latest: d200,
      '2': d200,
      '2.0': d200,
      '2.0.0': d200
    })

    // Backport: its own lines move, latest and 2 stay on 2.0.0.
    const v124 = await release(image, 'v1.2.4')
    ok(v124)
    const d124 = v124.outputs.digest
    expect(d124).not.toBe(d200)
    expect(await digests(registry, name, ['latest', '2', '1', '1.2', '1.2.4', 'v1.2.4'])).toEqual({
      latest: d200,
      '2': d200,
      '1': d124,
      '1.2': d124,
      '1.2.4': d124,
      'v1.2.4': d124
    })
    expect(v124.stdout).toContain(`${image}:latest stays on 2.0.0 (newer than 1.2.4)`)
    expect(v124.outputs['held-tags']).toBe(`${image}:latest`)
    expect(v124.outputs.tags.split('\n')).toContain(`${image}:latest`)
    expect(v124.summary).toMatch(/latest`[^\n]*held[^\n]*stays on 2\.0\.0/)
    expect(v124.stdout).not.toMatch(/::warning::/)

    // An older patch keeps 1.2 and 1 on 1.2.4.
    const v123 = await release(image, 'v1.2.3')
    ok(v123)
    const d123 = v123.outputs.digest
    expect(await digests(registry, name, ['1.2.3', '1.2', '1', 'latest'])).toEqual({
      '1.2.3': d123,
      '1.2': d124,
      '1': d124,
      latest: d200
    })
    expect(v123.outputs['held-tags'].split('\n').sort()).toEqual(
      [`${image}:1`, `${image}:1.2`, `${image}:latest`].sort()
    )

    // A prerelease moves nothing.
    const rc = await release(image, 'v2.1.0-rc.1')
    ok(rc)
    expect(await digests(registry, name, ['2.1.0-rc.1', 'latest', '2'])).toEqual({
      '2.1.0-rc.1': rc.outputs.digest,
      latest: d200,
      '2': d200
    })

    // The newest stable release moves latest, 2 and 2.0.
    const v201 = await release(image, 'v2.0.1')
    ok(v201)
    const d201 = v201.outputs.digest
    expect(await digests(registry, name, ['latest', '2', '2.0', '1', '1.2'])).toEqual({
      latest: d201,
      '2': d201,
      '2.0': d201,
      '1': d124,
      '1.2': d124
    })
    expect(v201.outputs['held-tags']).toBe('')
  })

  it('floating-tags: always moves every floating tag, as metadata-action does', async () => {
    const alwaysName = 'acme/registry-floating-always'
    const image = `${registry.host}/${alwaysName}`
    ok(await release(image, 'v2.0.0'))
    const backport = await release(image, 'v1.2.4', { 'floating-tags': 'always' })
    ok(backport)
    expect(await digests(registry, alwaysName, ['latest', '1', '1.2'])).toEqual({
      latest: backport.outputs.digest,
      '1': backport.outputs.digest,
      '1.2': backport.outputs.digest
    })
    expect(backport.outputs['held-tags']).toBe('')
  })

  it('reads every page of a tag list longer than one page', async () => {
    // The lab's distribution 2.8 ignores `?n=`; the proxy pages its list as GHCR and
    // distribution 3 do (at most 100 per page, Link rel="next").
    const proxy = await startFaultProxy(registry.host, [faults.paginateTagList(100)])
    try {
      const pagedName = 'acme/registry-floating-paged'
      const image = `${proxy.host}/${pagedName}`
      ok(await release(image, 'v1.0.0'))
      // Fill the repository past one page; 9.0.0 sorts after every 0.0.N, on the second page.
      const base = `http://${registry.host}/v2/${pagedName}/manifests`
      const manifest = await fetch(`${base}/1.0.0`, {
        headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' }
      })
      const type = manifest.headers.get('content-type') ?? ''
      const body = await manifest.text()
      for (const tag of [...Array.from({ length: 110 }, (_, i) => `0.0.${i + 1}`), '9.0.0']) {
        const put = await fetch(`${base}/${tag}`, {
          method: 'PUT',
          headers: { 'Content-Type': type },
          body
        })
        expect(put.status).toBe(201)
      }
      const firstPage = (await (
        await fetch(`http://${proxy.host}/v2/${pagedName}/tags/list?n=100`)
      ).json()) as { tags: string[] }
      expect(firstPage.tags).toHaveLength(100)
      expect(firstPage.tags).not.toContain('9.0.0')

      const before = proxy.requests.length
      const next = await release(image, 'v1.0.1')
      ok(next)
      expect(next.outputs['held-tags']).toBe(`${image}:latest`)
      expect(next.stdout).toContain('latest stays on 9.0.0 (newer than 1.0.1)')
      expect(await registryDigest(registry, pagedName, '1')).toBe(next.outputs.digest)
      const listings = proxy.requests.slice(before).filter(r => /\/tags\/list/.test(r.url))
      expect(listings.map(r => r.url)).toEqual([
        `/v2/${pagedName}/tags/list?n=100`,
        expect.stringMatching(new RegExp(`^/v2/${pagedName}/tags/list\\?n=100&last=`))
      ])
    } finally {
      await proxy.stop()
    }
  })
})

describe('dry-run', () => {
  it('prints which floating tags it would check and which it would hold', async () => {
    const name = 'acme/registry-floating-dry'
    const image = `${registry.host}/${name}`
    ok(await release(image, 'v2.0.0'))
    const dry = await release(image, 'v1.2.5', { 'dry-run': 'true' })
    ok(dry)
    expect(dry.stdout).toContain(
      `Floating tags checked against ${registry.host} (tag list of ${name}): 1.2, 1, latest`
    )
    expect(dry.stdout).toContain('would hold latest stays on 2.0.0 (newer than 1.2.5)')
    expect(await registryTags(registry, name)).not.toContain('1.2.5')
  })
})

describe('a registry that refuses the tag list (401)', () => {
  const USER = 'floating-bot'
  const PASSWORD = 'floating-pa55-6655'
  let authReg: Registry
  let dockerConfig: string

  beforeAll(async () => {
    authReg = await startRegistry({ user: USER, password: PASSWORD })
    // An earlier login (as docker/login-action leaves it): docker can push, but the step has
    // no username/password of its own to list tags with.
    dockerConfig = mkdtempSync(join(tmpdir(), 'registry-floating-cfg-'))
    writeFileSync(
      join(dockerConfig, 'config.json'),
      JSON.stringify({
        auths: { [authReg.host]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } }
      })
    )
  })
  afterAll(async () => {
    await authReg.stop()
  })

  it('guard: warns naming the registry and pushes the floating tags as before', async () => {
    const image = `${authReg.host}/acme/registry-floating-401`
    const run = await release(image, 'v1.0.0', {}, { DOCKER_CONFIG: dockerConfig })
    ok(run)
    expect(run.stdout).toMatch(
      new RegExp(
        `::warning::floating-tags: cannot list the tags of ${image} on registry ${authReg.host}: .*401`
      )
    )
    const cred = { user: USER, password: PASSWORD }
    expect(await registryTags(authReg, 'acme/registry-floating-401', cred)).toEqual([
      '1',
      '1.0',
      '1.0.0',
      'latest',
      'v1.0.0'
    ])
  })

  it('strict: fails the step before pushing anything', async () => {
    const image = `${authReg.host}/acme/registry-floating-401-strict`
    const run = await release(
      image,
      'v1.0.0',
      { 'floating-tags': 'strict' },
      { DOCKER_CONFIG: dockerConfig }
    )
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(
      /::error::.*floating-tags is strict and cannot list the tags of .*401/
    )
    const cred = { user: USER, password: PASSWORD }
    expect(await registryTags(authReg, 'acme/registry-floating-401-strict', cred)).toEqual([])
    expect(run.outputs.pushed).toBe('false')
  })
})
