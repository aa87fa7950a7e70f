import { describe, expect, it } from '@jest/globals'
import { findUnchanged } from '../../../src/registry/unchanged.js'
import { imageClients } from '../../../src/registry/client.js'
import { pushAll, pushReportMarkdown, type PushItem } from '../../../src/registry/push.js'
import { pushArgv } from '../../../src/docker/argv.js'
import { FakeDocker } from '../fake-docker.js'

const sha = (c: string): string => `sha256:${c.repeat(64)}`
const ID = sha('1') // the local image id
const OTHER = sha('2')
const MANIFEST = sha('3') // a classic-store push of ID
const OLD = sha('4') // a manifest of another image

/**
 * A registry API: `tags[repo:tag]` is the tag's digest ('!' answers 500, '?' needs
 * credentials); `manifests[digest]` is a manifest body. Counts requests by method.
 */
function fakeRegistry(
  tags: Record<string, string>,
  manifests: Record<string, unknown> = {}
): { fetch: typeof fetch; requests: string[] } {
  const requests: string[] = []
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input)
    const method = init?.method ?? 'GET'
    requests.push(`${method} ${url.host}${url.pathname}`)
    const m = /^\/v2\/(.+)\/manifests\/(.+)$/.exec(url.pathname)
    if (!m) return new Response('', { status: 404 })
    const [, repo, ref] = m
    if (ref.startsWith('sha256:')) {
      const body = manifests[ref]
      return body
        ? new Response(JSON.stringify(body), {
            status: 200,
            headers: { 'Docker-Content-Digest': ref }
          })
        : new Response('', { status: 404 })
    }
    const digest = tags[`${url.host}/${repo}:${decodeURIComponent(ref)}`]
    if (digest === '!') return new Response('', { status: 500 })
    if (digest === '?') {
      const auth = (init?.headers as Record<string, string> | undefined)?.Authorization
      if (!auth) {
        return new Response('', { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="r"' } })
      }
      return new Response(null, { status: 200, headers: { 'Docker-Content-Digest': ID } })
    }
    if (!digest) return new Response('', { status: 404 })
    return new Response(null, { status: 200, headers: { 'Docker-Content-Digest': digest } })
  }
  return { fetch: fetchImpl, requests }
}

const REFS = ['127.0.0.1:5000/app:1.2.3', '127.0.0.1:5000/app:latest', '127.0.0.1:6000/app:1.2.3']
const all = (digest: string): Record<string, string> =>
  Object.fromEntries(REFS.map(r => [r, digest]))
const classic = { [MANIFEST]: { schemaVersion: 2, config: { digest: ID } } }
const none = () => undefined

describe('findUnchanged', () => {
  it.each([
    {
      name: 'containerd store: every tag holds the id',
      tags: all(ID),
      manifests: {},
      unchanged: REFS,
      gets: 0
    },
    {
      name: 'containerd store: only some tags hold the id (the rest are pushed)',
      tags: { ...all(OTHER), [REFS[0]]: ID },
      manifests: {},
      unchanged: [REFS[0]],
      gets: 0
    },
    {
      name: 'classic store: every tag on one manifest whose config is the id (one GET)',
      tags: all(MANIFEST),
      manifests: classic,
      unchanged: REFS,
      gets: 1
    },
    {
      name: 'classic store: one tag missing, so everything is pushed',
      tags: { [REFS[0]]: MANIFEST, [REFS[1]]: MANIFEST },
      manifests: classic,
      unchanged: [],
      gets: 0
    },
    {
      name: 'classic store: the manifest is another image',
      tags: all(OLD),
      manifests: { [OLD]: { schemaVersion: 2, config: { digest: OTHER } } },
      unchanged: [],
      gets: 1
    },
    {
      name: 'classic store: the remote tag is an index (nothing to compare)',
      tags: all(OLD),
      manifests: { [OLD]: { schemaVersion: 2, manifests: [] } },
      unchanged: [],
      gets: 1
    },
    {
      name: 'a HEAD that fails means push, never skip',
      tags: { ...all(ID), [REFS[2]]: '!' },
      manifests: {},
      unchanged: REFS.slice(0, 2),
      gets: 0
    },
    {
      name: 'a registry that needs credentials the step does not have means push',
      tags: all('?'),
      manifests: {},
      unchanged: [],
      gets: 0
    },
    { name: 'a new repository', tags: {}, manifests: {}, unchanged: [], gets: 0 }
  ])('$name', async ({ tags, manifests, unchanged, gets }) => {
    const reg = fakeRegistry(tags, manifests)
    const found = await findUnchanged(REFS, ID, imageClients(none, { fetch: reg.fetch }))
    expect([...found.keys()]).toEqual(unchanged)
    expect(reg.requests.filter(r => r.startsWith('HEAD'))).toHaveLength(REFS.length)
    expect(reg.requests.filter(r => r.startsWith('GET'))).toHaveLength(gets)
  })

  it('answers a challenge with the credentials matched to the host', async () => {
    const reg = fakeRegistry(all('?'))
    const found = await findUnchanged(
      REFS,
      ID,
      imageClients(
        host => (host === '127.0.0.1:5000' ? { username: 'u', password: 'p' } : undefined),
        { fetch: reg.fetch }
      )
    )
    expect([...found.keys()]).toEqual(REFS.slice(0, 2))
  })

  it('checks nothing without an image id to compare', async () => {
    const reg = fakeRegistry(all(ID))
    expect(
      (await findUnchanged(REFS, 'some-image:tag', imageClients(none, { fetch: reg.fetch }))).size
    ).toBe(0)
    expect(reg.requests).toEqual([])
  })
})

describe('pushAll with unchanged tags', () => {
  const targets: PushItem[] = [
    { ref: 'r/app:latest', floating: true },
    { ref: 'r/app:1.2.3', floating: false },
    { ref: 'r/app:1.2', floating: true }
  ].map(t => ({ ...t, argv: pushArgv(t.ref) }))
  const quiet = { echo: () => undefined }
  const pushed = (digest: string) =>
    new FakeDocker(args => (args[0] === 'push' ? { stdout: `x: digest: ${digest} size: 1\n` } : {}))

  it('runs no docker push at all when every tag is unchanged, and counts them as published', async () => {
    const docker = pushed(ID)
    const report = await pushAll(docker, targets, undefined, {
      ...quiet,
      unchanged: new Map(targets.map(t => [t.ref, ID]))
    })
    expect(docker.calls).toEqual([])
    expect(report.digest).toBe(ID)
    expect(report.pushed).toEqual(['r/app:1.2.3', 'r/app:latest', 'r/app:1.2'])
    expect(report.notPushed).toEqual([])
    expect(report.results.map(r => r.status)).toEqual(['unchanged', 'unchanged', 'unchanged'])
    expect(pushReportMarkdown(report)).toMatch(/\| `r\/app:latest` \| floating \| ☑️ unchanged \|/)
  })

  it('pushes only the tags that changed', async () => {
    const docker = pushed(ID)
    const report = await pushAll(docker, targets, undefined, {
      ...quiet,
      unchanged: new Map([['r/app:1.2.3', ID]])
    })
    expect(docker.calls.map(c => c[1])).toEqual(['r/app:latest', 'r/app:1.2'])
    expect(report.results.map(r => r.status)).toEqual(['unchanged', 'published', 'published'])
    expect(report.digest).toBe(ID)
  })
})
