import { afterEach, describe, expect, it } from '@jest/globals'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fetchCommitDate, fetchRepoInfo } from '../../src/action/github-api.js'
import { BRANCH_SHA, eventContext } from './meta/helpers.js'

type Handler = (req: IncomingMessage, res: ServerResponse) => void

let server: Server | undefined
const seen: IncomingMessage[] = []

async function fakeApi(handler: Handler): Promise<string> {
  server = createServer((req, res) => {
    seen.push(req)
    handler(req, res)
  })
  await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

afterEach(async () => {
  seen.length = 0
  if (!server) return
  server.closeAllConnections()
  await new Promise(resolve => server!.close(resolve))
  server = undefined
})

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

const github: Handler = (req, res) => {
  if (req.url === '/repos/acme/App') {
    json(res, 200, {
      name: 'App',
      full_name: 'acme/App',
      description: 'From the API',
      html_url: 'https://github.example/acme/App',
      license: { spdx_id: 'Apache-2.0' },
      default_branch: 'trunk'
    })
  } else if (req.url === `/repos/acme/App/commits/${BRANCH_SHA}`) {
    json(res, 200, { sha: BRANCH_SHA, commit: { committer: { date: '2020-01-10T09:15:42Z' } } })
  } else {
    json(res, 404, { message: 'Not Found' })
  }
}

describe('GitHub API lookups against a fake server', () => {
  const ctx = eventContext('push-branch')

  it('reads repository info with the token', async () => {
    const url = await fakeApi(github)
    await expect(fetchRepoInfo('t0k3n', ctx, 2000, url)).resolves.toEqual({
      name: 'App',
      fullName: 'acme/App',
      description: 'From the API',
      htmlUrl: 'https://github.example/acme/App',
      license: 'Apache-2.0',
      defaultBranch: 'trunk'
    })
    expect(seen[0].headers.authorization).toBe('token t0k3n')
  })

  it('reads the committer date', async () => {
    const url = await fakeApi(github)
    const date = await fetchCommitDate('t', ctx, 2000, url)
    expect(date?.toISOString()).toBe('2020-01-10T09:15:42.000Z')
  })

  it.each<[string, Handler]>([
    ['500', (_req, res) => json(res, 500, { message: 'boom' })],
    ['404', (_req, res) => json(res, 404, { message: 'Not Found' })],
    ['not JSON', (_req, res) => res.end('<html>')],
    ['dropped connection', req => req.socket.destroy()]
  ])('returns undefined on %s', async (_name, handler) => {
    const url = await fakeApi(handler)
    await expect(fetchRepoInfo('t', ctx, 2000, url)).resolves.toBeUndefined()
    await expect(fetchCommitDate('t', ctx, 2000, url)).resolves.toBeUndefined()
  })

  it('gives up on a stalled server within the timeout', async () => {
    const url = await fakeApi(() => {
      // never answers
    })
    const started = Date.now()
    const [repo, date] = await Promise.all([
      fetchRepoInfo('t', ctx, 300, url),
      fetchCommitDate('t', ctx, 300, url)
    ])
    expect(repo).toBeUndefined()
    expect(date).toBeUndefined()
    expect(Date.now() - started).toBeLessThan(1500)
  })

  it('gives up on a server that stalls mid-body', async () => {
    const url = await fakeApi((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"name":')
    })
    const started = Date.now()
    await expect(fetchRepoInfo('t', ctx, 300, url)).resolves.toBeUndefined()
    expect(Date.now() - started).toBeLessThan(1500)
  })

  it('returns undefined when nothing listens', async () => {
    await expect(fetchRepoInfo('t', ctx, 1000, 'http://127.0.0.1:1')).resolves.toBeUndefined()
  })

  it('returns undefined without a usable repository or sha', async () => {
    const url = await fakeApi(github)
    await expect(fetchRepoInfo('t', { ...ctx, repository: '' }, 500, url)).resolves.toBeUndefined()
    await expect(fetchCommitDate('t', { ...ctx, sha: '' }, 500, url)).resolves.toBeUndefined()
    expect(seen).toHaveLength(0)
  })
})
