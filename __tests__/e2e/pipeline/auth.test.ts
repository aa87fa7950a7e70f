import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import {
  leftoverContainers,
  makeContext,
  registryDigest,
  registryTags,
  requireEngine,
  runAction,
  startRegistry,
  type Registry
} from '../helpers/lab.js'

const USER = 'ci-bot'
const PASSWORD = 'S3cr3t-pa55-xyzzy-9817'
let registry: Registry

beforeAll(async () => {
  requireEngine()
  registry = await startRegistry({ user: USER, password: PASSWORD })
})
afterAll(async () => {
  await registry.stop()
})

/** Samples every process's argv while the action runs, to prove the password is never on one. */
function watchArgv(needle: string): { stop(): string[] } {
  const hits: string[] = []
  const timer = setInterval(() => {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
        if (cmd.includes(needle)) hits.push(cmd.replace(/\0/g, ' '))
      } catch {
        // the process ended between listing and reading
      }
    }
  }, 15)
  return {
    stop: () => {
      clearInterval(timer)
      return hits
    }
  }
}

describe('registry with htpasswd auth', () => {
  it('logs in through a private config, pushes, and leaves no trace of the password', async () => {
    const runnerConfig = join(homedir(), '.docker', 'config.json')
    const before = existsSync(runnerConfig) ? readFileSync(runnerConfig, 'utf8') : ''
    const context = makeContext('CMD ["sh", "-c", "echo authed app ready; exec sleep 300"]')
    const watcher = watchArgv(PASSWORD)
    const run = await runAction({
      eventName: 'push',
      ref: 'refs/heads/main',
      sha: 'c'.repeat(40),
      inputs: {
        images: `${registry.host}/acme/private`,
        context,
        username: USER,
        password: PASSWORD,
        'smoke-log': 'authed app ready'
      }
    })
    const argvHits = watcher.stop()
    expect(run.exitCode).toBe(0)
    expect(run.outputs.pushed).toBe('true')
    const cred = { user: USER, password: PASSWORD }
    expect(await registryTags(registry, 'acme/private', cred)).toEqual(['main', 'sha-ccccccc'])
    expect(await registryDigest(registry, 'acme/private', 'main', cred)).toBe(run.outputs.digest)

    expect(argvHits).toEqual([])
    expect(run.stdout).toContain(`::add-mask::${PASSWORD}`)
    const visible = run.stdout.replace(`::add-mask::${PASSWORD}`, '')
    for (const text of [
      visible,
      run.stderr,
      run.summary,
      run.postStdout,
      JSON.stringify(run.outputs),
      JSON.stringify(run.state)
    ]) {
      expect(text).not.toContain(PASSWORD)
    }
    const encoded = Buffer.from(`${USER}:${PASSWORD}`).toString('base64')
    expect(existsSync(run.state['docker-config'])).toBe(false)
    const after = existsSync(runnerConfig) ? readFileSync(runnerConfig, 'utf8') : ''
    expect(after).toBe(before)
    expect(after).not.toContain(encoded)
    expect(await leftoverContainers(run.state['run-id'])).toEqual([])
  })

  it('a wrong password fails with the registry message and pushes nothing', async () => {
    const context = makeContext('CMD ["sh", "-c", "echo up; exec sleep 300"]')
    const run = await runAction({
      eventName: 'push',
      ref: 'refs/heads/main',
      inputs: {
        images: `${registry.host}/acme/denied`,
        context,
        username: USER,
        password: 'wrong-password',
        'smoke-log': 'up',
        retries: '0'
      }
    })
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(/::error::.*(unauthorized|401)/i)
    expect(run.outputs.pushed).toBe('false')
    expect(await registryTags(registry, 'acme/denied', { user: USER, password: PASSWORD })).toEqual(
      []
    )
  })
})
