import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { uploadImage } from '../../../src/registry/blob-upload.js'
import { RegistryClient } from '../../../src/registry/client.js'
import { mergeDigests, type MergeCall } from '../../../src/registry/merge.js'
import { RetryBudget } from '../../../src/registry/retry.js'
import type { UploadSet } from '../../../src/registry/image-archive.js'
import { FakeDocker } from '../fake-docker.js'

const sha = (data: string | Buffer): string =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`

interface Seen {
  method: string
  url: string
  auth: string
  body?: string
}

/**
 * A token registry in a few lines: every /v2 call without a token gets a Bearer challenge
 * with the scope the call needs; the token endpoint hands out `tok:<scope>`.
 */
function tokenRegistry(opts: { existing?: string[]; failManifestOnce?: boolean } = {}) {
  const seen: Seen[] = []
  const stored = new Map<string, string>()
  let manifestFailures = opts.failManifestOnce ? 1 : 0
  const fake = async (input: string | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input)
    const method = init?.method ?? 'GET'
    const headers = new Headers(init?.headers)
    const auth = headers.get('authorization') ?? ''
    let body: string | undefined
    if (init?.body) body = await new Response(init.body).text()
    seen.push({
      method,
      url: url.pathname + url.search,
      auth,
      ...(body !== undefined ? { body } : {})
    })
    if (url.pathname === '/token') {
      expect(auth).toBe('Basic ' + Buffer.from('u:p').toString('base64'))
      return Response.json({ token: `tok:${url.searchParams.get('scope')}` })
    }
    const needsPush = method === 'POST' || method === 'PUT'
    const scope = `repository:acme/app:${needsPush ? 'pull,push' : 'pull'}`
    if (!auth.startsWith('Bearer tok:') || (needsPush && !auth.includes('push'))) {
      return new Response(null, {
        status: 401,
        headers: {
          'www-authenticate': `Bearer realm="https://reg.example/token",service="reg",scope="${scope}"`
        }
      })
    }
    const blob = /^\/v2\/acme\/app\/blobs\/(sha256:[0-9a-f]+)$/.exec(url.pathname)
    if (blob && method === 'HEAD') {
      return new Response(null, { status: (opts.existing ?? []).includes(blob[1]) ? 200 : 404 })
    }
    if (url.pathname === '/v2/acme/app/blobs/uploads/' && method === 'POST') {
      return new Response(null, {
        status: 202,
        headers: { location: '/v2/acme/app/blobs/uploads/u1?_state=x' }
      })
    }
    if (url.pathname === '/v2/acme/app/blobs/uploads/u1' && method === 'PUT') {
      const digest = url.searchParams.get('digest') ?? ''
      expect(sha(body ?? '')).toBe(digest)
      stored.set(digest, body ?? '')
      return new Response(null, { status: 201 })
    }
    const manifest = /^\/v2\/acme\/app\/manifests\/(sha256:[0-9a-f]+)$/.exec(url.pathname)
    if (manifest && method === 'PUT') {
      if (manifestFailures-- > 0) return new Response('{}', { status: 500, statusText: 'boom' })
      stored.set(manifest[1], body ?? '')
      return new Response(null, {
        status: 201,
        headers: { 'docker-content-digest': sha(body ?? '') }
      })
    }
    return new Response(null, { status: 400 })
  }
  const asFetch: typeof fetch = (input, init) => fake(input as string | URL, init)
  return { fetch: asFetch, seen, stored }
}

function uploadSet(): UploadSet {
  const dir = mkdtempSync(join(tmpdir(), 'digest-up-'))
  const config = '{"os":"linux"}'
  const layer = 'layer bytes'
  writeFileSync(join(dir, 'c'), config)
  writeFileSync(join(dir, 'l'), layer)
  const manifest = Buffer.from(
    JSON.stringify({ schemaVersion: 2, config: sha(config), layer: sha(layer) })
  )
  return {
    digest: sha(manifest),
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    blobs: [
      { digest: sha(config), size: config.length, path: join(dir, 'c') },
      { digest: sha(layer), size: layer.length, path: join(dir, 'l') }
    ],
    manifests: [
      {
        digest: sha(manifest),
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        body: manifest
      }
    ],
    format: 'docker-archive'
  }
}

const budget = (): RetryBudget =>
  new RetryBudget({ retries: 2, maxWaitMs: 10, sleep: async () => undefined })

describe('uploadImage (registry API, by digest)', () => {
  it('answers the Bearer challenges (pull, then pull,push), skips blobs the registry has, PUTs the manifest by digest', async () => {
    const set = uploadSet()
    const reg = tokenRegistry({ existing: [set.blobs[0].digest] })
    const client = new RegistryClient('https://reg.example', {
      credentials: { username: 'u', password: 'p' },
      fetch: reg.fetch
    })
    const stats = await uploadImage(
      { client, repository: 'acme/app', image: 'reg.example/acme/app' },
      set,
      budget()
    )
    expect(stats).toEqual({ uploaded: 1, skipped: 1 })
    const scopes = reg.seen
      .filter(s => s.url.startsWith('/token'))
      .map(s => new URLSearchParams(s.url.split('?')[1]).get('scope'))
    expect(scopes).toEqual(['repository:acme/app:pull', 'repository:acme/app:pull,push'])
    expect(reg.stored.get(set.blobs[1].digest)).toBe('layer bytes')
    expect(reg.stored.get(set.digest)).toBe(set.manifests[0].body.toString())
    // No tag: the only manifest PUT is by digest.
    const manifestPuts = reg.seen.filter(s => s.method === 'PUT' && s.url.includes('/manifests/'))
    expect(manifestPuts.map(s => s.url)).toEqual([`/v2/acme/app/manifests/${set.digest}`])
  })

  it('retries a manifest PUT that got a 500', async () => {
    const set = uploadSet()
    const reg = tokenRegistry({ failManifestOnce: true })
    const client = new RegistryClient('https://reg.example', {
      credentials: { username: 'u', password: 'p' },
      fetch: reg.fetch
    })
    await uploadImage(
      { client, repository: 'acme/app', image: 'reg.example/acme/app' },
      set,
      budget()
    )
    expect(reg.stored.get(set.digest)).toBeDefined()
  })
})

describe('mergeDigests', () => {
  const D = `sha256:${'d'.repeat(64)}`
  const call = (image: string, floating: boolean, refs: string[]): MergeCall => ({
    image,
    floating,
    refs,
    command: {
      argv: ['buildx', 'imagetools', 'create', ...refs.flatMap(r => ['--tag', r]), `${image}@${D}`]
    }
  })
  const calls = [
    call('127.0.0.1:1/a', false, ['127.0.0.1:1/a:1.0.0']),
    call('127.0.0.1:1/a', true, ['127.0.0.1:1/a:latest'])
  ]
  const INDEX = `sha256:${'e'.repeat(64)}`
  const headOk = (async () =>
    new Response(null, {
      status: 200,
      headers: { 'docker-content-digest': INDEX }
    })) as unknown as typeof fetch

  const request = (fetchImpl: typeof fetch) => ({
    calls,
    meta: { images: ['127.0.0.1:1/a'], tags: [] },
    registry: '',
    floatingTags: 'always' as const,
    deadlineSeconds: 0,
    retry: budget(),
    info: () => undefined,
    warn: () => undefined,
    fetch: fetchImpl
  })

  it('runs the immutable call, then the floating one, and reads back one index digest', async () => {
    const docker = new FakeDocker()
    const report = await mergeDigests(docker, request(headOk))
    expect(docker.calls.map(c => c.find(a => a.includes(':1/a:')))).toEqual([
      '127.0.0.1:1/a:1.0.0',
      '127.0.0.1:1/a:latest'
    ])
    expect(report).toMatchObject({
      digest: INDEX,
      pushed: ['127.0.0.1:1/a:1.0.0', '127.0.0.1:1/a:latest'],
      notPushed: []
    })
    expect(report.error).toBeUndefined()
  })

  it('holds the floating call back when the immutable one failed', async () => {
    const docker = new FakeDocker(args =>
      args.includes('127.0.0.1:1/a:1.0.0') ? { exitCode: 1, stderr: 'ERROR: manifest unknown' } : {}
    )
    const report = await mergeDigests(docker, request(headOk))
    expect(docker.calls).toHaveLength(1)
    expect(report.pushed).toEqual([])
    expect(report.notPushed).toEqual(['127.0.0.1:1/a:1.0.0', '127.0.0.1:1/a:latest'])
    expect(report.results[1]).toMatchObject({ status: 'skipped' })
    expect(report.error).toMatch(/manifest unknown/)
  })
})
