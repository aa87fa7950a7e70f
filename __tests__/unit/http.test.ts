import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { nodeFetch } from '../../src/util/http.js'

/** A real HTTP server on loopback: each path is one behaviour the transport must handle. */
interface Seen {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: string
}

let server: Server
let other: Server
let base = ''
let otherBase = ''
const seen: Seen[] = []

function handler(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const path = req.url ?? ''
    seen.push({
      method: req.method ?? '',
      path,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8')
    })
    if (path === '/json') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Docker-Content-Digest': 'd1' })
      res.end(JSON.stringify({ tags: ['a', 'b'] }))
    } else if (path === '/multi') {
      res.setHeader('Link', ['<a>; rel="next"', '<b>; rel="prev"'])
      res.writeHead(200)
      res.end()
    } else if (path.startsWith('/redirect-away')) {
      res.writeHead(307, { Location: `${otherBase}/landed` })
      res.end()
    } else if (path === '/redirect-here') {
      res.writeHead(302, { Location: '/json' })
      res.end()
    } else if (path === '/see-other') {
      res.writeHead(303, { Location: '/landed' })
      res.end()
    } else if (path === '/loop') {
      res.writeHead(302, { Location: '/loop' })
      res.end()
    } else if (path === '/slow') {
      setTimeout(() => res.end('late'), 2000).unref()
    } else if (path === '/missing') {
      res.writeHead(404, 'Not Found')
      res.end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}')
    } else {
      res.writeHead(201, 'Created')
      res.end(`echo ${req.method} ${Buffer.concat(chunks).length}`)
    }
  })
}

const listen = (s: Server): Promise<string> =>
  new Promise(resolve =>
    s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`))
  )

beforeAll(async () => {
  server = createServer(handler)
  other = createServer(handler)
  base = await listen(server)
  otherBase = await listen(other)
})

afterAll(async () => {
  server.closeAllConnections()
  other.closeAllConnections()
  await new Promise(r => server.close(r))
  await new Promise(r => other.close(r))
})

describe('nodeFetch (the registry client transport over node:http)', () => {
  it('reads status, headers and a JSON body', async () => {
    const res = await nodeFetch(`${base}/json`, { headers: { Accept: 'application/json' } })
    expect(res.status).toBe(200)
    expect(res.ok).toBe(true)
    expect(res.headers.get('docker-content-digest')).toBe('d1')
    expect(res.headers.get('Docker-Content-Digest')).toBe('d1')
    expect(res.headers.get('x-absent')).toBeNull()
    expect(await res.json()).toEqual({ tags: ['a', 'b'] })
    expect(seen.at(-1)?.headers.accept).toBe('application/json')
    expect(seen.at(-1)?.headers['user-agent']).toBe('build-tag-push')
  })

  it('answers what Octokit reads: header pairs, the final url and the raw bytes', async () => {
    const res = await nodeFetch(`${base}/redirect-here`)
    expect(res.url).toBe(`${base}/json`)
    const headers = Object.fromEntries(res.headers)
    expect(headers).toMatchObject({
      'content-type': 'application/json',
      'docker-content-digest': 'd1'
    })
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(JSON.parse(bytes.toString('utf8'))).toEqual({ tags: ['a', 'b'] })
  })

  it('joins a repeated header as fetch does', async () => {
    const res = await nodeFetch(`${base}/multi`)
    expect(res.headers.get('link')).toBe('<a>; rel="next", <b>; rel="prev"')
  })

  it('reports an error status without throwing, with its reason phrase and body', async () => {
    const res = await nodeFetch(`${base}/missing`, { method: 'HEAD' })
    expect(res.status).toBe(404)
    expect(res.ok).toBe(false)
    expect(res.statusText).toBe('Not Found')
    await res.body?.cancel()
    const get = await nodeFetch(`${base}/missing`)
    expect(await get.text()).toContain('MANIFEST_UNKNOWN')
  })

  it('sends a buffer body with its length', async () => {
    const res = await nodeFetch(`${base}/put`, { method: 'PUT', body: Buffer.from('12345') })
    expect(await res.text()).toBe('echo PUT 5')
    expect(seen.at(-1)?.headers['content-length']).toBe('5')
  })

  it('streams a web stream body, keeping the Content-Length the caller set', async () => {
    const data = Buffer.alloc(300 * 1024, 7)
    const body = Readable.toWeb(Readable.from([data.subarray(0, 1000), data.subarray(1000)]))
    const res = await nodeFetch(`${base}/upload`, {
      method: 'PUT',
      headers: { 'Content-Length': String(data.length) },
      body: body as ReadableStream<Uint8Array>,
      duplex: 'half'
    })
    expect(res.status).toBe(201)
    expect(await res.text()).toBe(`echo PUT ${data.length}`)
  })

  it('follows a redirect on the same origin, keeping the Authorization header', async () => {
    const res = await nodeFetch(`${base}/redirect-here`, {
      headers: { Authorization: 'Bearer t' }
    })
    expect(res.status).toBe(200)
    expect(seen.at(-1)).toMatchObject({ path: '/json', headers: { authorization: 'Bearer t' } })
  })

  it('drops the Authorization header when a redirect leaves the origin', async () => {
    const res = await nodeFetch(`${base}/redirect-away`, {
      headers: { Authorization: 'Basic secret' }
    })
    expect(res.status).toBe(201)
    const last = seen.at(-1)
    expect(last?.path).toBe('/landed')
    expect(last?.headers.authorization).toBeUndefined()
  })

  it('turns a 303 into a GET without the body', async () => {
    const res = await nodeFetch(`${base}/see-other`, { method: 'POST', body: 'abc' })
    expect(await res.text()).toBe('echo GET 0')
  })

  it('returns the redirect itself with redirect: manual', async () => {
    const res = await nodeFetch(`${base}/redirect-here`, { redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/json')
    await res.body?.cancel()
  })

  it('gives up on a redirect loop as fetch does', async () => {
    await expect(nodeFetch(`${base}/loop`)).rejects.toMatchObject({
      name: 'TypeError',
      message: 'fetch failed'
    })
  })

  it('rejects a refused connection with the socket error as cause', async () => {
    const closed = createServer()
    const url = await listen(closed)
    await new Promise(r => closed.close(r))
    const err = (await nodeFetch(`${url}/`).catch((e: unknown) => e)) as TypeError & {
      cause?: { code?: string }
    }
    expect(err).toBeInstanceOf(TypeError)
    expect(err.cause?.code).toBe('ECONNREFUSED')
  })

  it('rejects with the timeout signal reason when the server is slow', async () => {
    const err = (await nodeFetch(`${base}/slow`, { signal: AbortSignal.timeout(100) }).catch(
      (e: unknown) => e
    )) as Error
    expect(err.name).toBe('TimeoutError')
  })

  it('rejects with the abort reason, before and during a request', async () => {
    const before = new AbortController()
    before.abort(new Error('deadline passed'))
    await expect(nodeFetch(`${base}/json`, { signal: before.signal })).rejects.toThrow(
      'deadline passed'
    )
    const during = new AbortController()
    const pending = nodeFetch(`${base}/slow`, { signal: during.signal })
    setTimeout(() => during.abort(new Error('stop now')), 50)
    await expect(pending).rejects.toThrow('stop now')
  })

  it('rejects an unsupported scheme', async () => {
    await expect(nodeFetch('ftp://127.0.0.1/x')).rejects.toMatchObject({ message: 'fetch failed' })
  })
})
