import { beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  actionEnv,
  docker,
  makeContext,
  readCommandFile,
  repoRoot,
  requireEngine,
  runPost,
  startNode
} from '../helpers/lab.js'

let context: string
beforeAll(() => {
  requireEngine()
  context = makeContext('CMD ["sh", "-c", "echo waiting forever; exec sleep 600"]')
})

async function containersOf(runId: string): Promise<string[]> {
  const out = await docker('ps', '-aq', '--filter', `label=build-tag-push.run=${runId}`)
  return out ? out.split('\n') : []
}

/** Starts main on an image that never becomes ready and waits until its smoke container runs. */
async function startStuckRun(extra: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'btp-cancel-'))
  const env = actionEnv(
    {
      ref: 'refs/heads/main',
      inputs: { context, 'smoke-log': 'never appears', 'smoke-timeout': '120', ...extra }
    },
    dir
  )
  const main = startNode(join(repoRoot, 'dist', 'index.js'), env, dir)
  let runId = ''
  for (let i = 0; i < 300 && !runId; i++) {
    await new Promise(r => setTimeout(r, 100))
    const state = readCommandFile(env.GITHUB_STATE)
    if (state['run-id'] && (await containersOf(state['run-id'])).length > 0) runId = state['run-id']
  }
  expect(runId).not.toBe('')
  return { dir, env, main, runId }
}

describe('cancellation', () => {
  it('SIGTERM mid-smoke stops main and removes the container and credentials', async () => {
    const { env, main, runId } = await startStuckRun()
    main.child.kill('SIGTERM')
    const res = await main.done
    // The output rides along so a failure shows what main did with the signal.
    expect({ code: res.code, left: await containersOf(runId), out: res.stdout }).toEqual({
      code: 143,
      left: [],
      out: expect.stringContaining('Received SIGTERM')
    })
    const state = readCommandFile(env.GITHUB_STATE)
    expect(existsSync(state['docker-config'])).toBe(false)
    const post = await runPost(env, state, env.GITHUB_WORKSPACE)
    expect(post.code).toBe(0)
  })

  it('after a SIGKILL mid-smoke, the post step removes what main left', async () => {
    const { env, main, runId } = await startStuckRun({ 'smoke-secrets': 'API_TOKEN=sekrit-9931' })
    const secretDirs = () => readdirSync(env.RUNNER_TEMP).filter(d => d.startsWith('btp-smoke-'))
    expect(secretDirs()).toHaveLength(1)
    main.child.kill('SIGKILL')
    await main.done
    expect(await containersOf(runId)).toHaveLength(1)
    const state = readCommandFile(env.GITHUB_STATE)
    expect(existsSync(state['docker-config'])).toBe(true)
    const post = await runPost(env, state, env.GITHUB_WORKSPACE)
    expect(post.code).toBe(0)
    expect(await containersOf(runId)).toEqual([])
    expect(existsSync(state['docker-config'])).toBe(false)
    expect(secretDirs()).toEqual([])
    expect(JSON.stringify(state)).not.toContain('sekrit-9931')
  })

  it('the post step never fails, even with no engine and odd state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'btp-post-'))
    const env = actionEnv({ inputs: {} }, dir)
    env.DOCKER_HOST = 'unix:///nonexistent/docker.sock'
    const post = await runPost(
      env,
      { 'run-id': 'x', 'docker-config': '/etc', 'temp-dirs': 'not json' },
      dir
    )
    expect(post.code).toBe(0)
    expect(existsSync('/etc/passwd')).toBe(true)
  })
})
