import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionEnv, makeContext, repoRoot, requireEngine, runNode } from '../helpers/lab.js'

// An "engine" that accepts connections and never answers: the CLI would wait forever.
let silent: Server
const sockets: Socket[] = []
let port = 0
beforeAll(async () => {
  requireEngine()
  silent = createServer(socket => sockets.push(socket))
  await new Promise<void>(r => silent.listen(0, '127.0.0.1', () => r()))
  const addr = silent.address()
  port = typeof addr === 'object' && addr ? addr.port : 0
})
afterAll(async () => {
  for (const s of sockets) s.destroy()
  await new Promise(r => silent.close(r))
})

async function runWithHost(host: string) {
  const dir = mkdtempSync(join(tmpdir(), 'btp-noengine-'))
  const env = actionEnv({ inputs: { context: makeContext('CMD ["true"]') } }, dir)
  env.DOCKER_HOST = host
  const started = Date.now()
  const res = await runNode(join(repoRoot, 'dist', 'index.js'), env, dir, 30000)
  return { ...res, ms: Date.now() - started }
}

describe('without a usable Docker engine', () => {
  it('an engine that never answers fails within 5 seconds, saying so', async () => {
    const res = await runWithHost(`tcp://127.0.0.1:${port}`)
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(/::error::The Docker engine did not answer within 5s/)
    expect(res.ms).toBeLessThan(8000)
  })

  it('a missing engine socket fails at once with the reason', async () => {
    const res = await runWithHost('unix:///nonexistent/docker.sock')
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(/::error::The Docker engine is not reachable: .*nonexistent/)
    expect(res.ms).toBeLessThan(5000)
  })
})
