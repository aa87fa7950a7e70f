import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { parseHttpProbes } from '../../../src/smoke/fields.js'
import { bodyExcerpt, describeProbe, probeOnce } from '../../../src/smoke/http-probe.js'

let server: Server
let base = ''

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ok') res.end('all good')
    else if (req.url === '/teapot') res.writeHead(418).end('short and stout')
    else if (req.url === '/boom') res.writeHead(500).end('boom')
    else if (req.url === '/slow') {
      const late = setTimeout(() => res.end('late'), 2000)
      req.on('close', () => clearTimeout(late))
    } else if (req.url === '/empty') req.socket.destroy()
    else if (req.url === '/long') res.writeHead(500).end(`line1\n${'x'.repeat(300)}`)
    else res.writeHead(404).end()
  })
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise(r => server.close(r))
})

const probe = (spec: string) => parseHttpProbes(`${base}${spec}`)[0]

describe('probeOnce', () => {
  it.each<[string, string, boolean, string]>([
    ['2xx passes by default', '/ok', true, 'status 200'],
    ['500 fails with the body', '/boom', false, 'status 500, body "boom"'],
    ['404 fails', '/missing', false, 'status 404'],
    ['exact status', '/teapot status=418', true, 'status 418'],
    ['exact status mismatch', '/ok status=204', false, 'status 200, body "all good"'],
    ['body regex', '/ok body=^all\\sgood$', true, 'status 200'],
    ['body regex mismatch', '/ok body=bad', false, 'status 200, body did not match: "all good"'],
    ['body with non-2xx expected', '/boom status=500 body=boom', true, 'status 500'],
    [
      'a long body is cut and its line breaks escaped',
      '/long',
      false,
      `status 500, body "line1\\n${'x'.repeat(194)}…"`
    ],
    [
      'an empty reply is an answer',
      '/empty',
      false,
      'empty reply (connection closed without an answer)'
    ]
  ])('%s', async (_name, spec, ok, detail) => {
    expect(await probeOnce(probe(spec), new AbortController().signal)).toEqual({
      ok,
      detail,
      answered: true
    })
  })

  it('quotes body excerpts without colour codes', () => {
    expect(bodyExcerpt('\x1b[31mred\x1b[0m "q"\r\n')).toBe('"red \\"q\\"\\n"')
  })

  it('reports a refused connection', async () => {
    const closed = createServer()
    await new Promise<void>(r => closed.listen(0, '127.0.0.1', r))
    const port = (closed.address() as AddressInfo).port
    await new Promise(r => closed.close(r))
    const a = await probeOnce(
      parseHttpProbes(`http://127.0.0.1:${port}/`)[0],
      new AbortController().signal
    )
    expect(a).toEqual({ ok: false, detail: 'ECONNREFUSED', answered: false })
  })

  it('gives up on a slow response', async () => {
    const a = await probeOnce(probe('/slow'), new AbortController().signal, 100)
    expect(a).toEqual({ ok: false, detail: 'no response in time', answered: false })
  })
})

describe('describeProbe', () => {
  it('describes the probe', () => {
    expect(describeProbe(probe('/ok status=200 body=good'))).toBe(
      `GET ${base}/ok → status 200 body /good/`
    )
    expect(describeProbe(probe('/ok'))).toBe(`GET ${base}/ok → 2xx`)
  })
})
