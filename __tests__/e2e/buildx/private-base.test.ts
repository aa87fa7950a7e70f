import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import {
  BASE_IMAGE,
  docker,
  makeContext,
  registryTags,
  requireEngine,
  runAction,
  startRegistry,
  type Registry
} from '../helpers/lab.js'

const USER = 'buildx-bot'
const PASSWORD = 'buildx-Pa55-base-4411'
const cred = { user: USER, password: PASSWORD }
let registry: Registry
let base: string

/** A FROM on the authenticated registry: only a build that logged in first can read it. */
function privateContext(body: string): string {
  const dir = makeContext(body)
  writeFileSync(join(dir, 'Dockerfile'), `FROM ${base}\n${body}\n`)
  return dir
}

beforeAll(async () => {
  requireEngine()
  registry = await startRegistry(cred)
  base = `${registry.host}/base/busybox:1`
  // The test logs in with its own throwaway config, never the runner's ~/.docker.
  const config = mkdtempSync(join(tmpdir(), 'buildx-cfg-'))
  const login = spawnSync(
    'docker',
    ['--config', config, 'login', '--username', USER, '--password-stdin', registry.host],
    { input: PASSWORD, encoding: 'utf8' }
  )
  expect(login.status).toBe(0)
  await docker('tag', BASE_IMAGE, base)
  const push = spawnSync('docker', ['--config', config, 'push', base], { encoding: 'utf8' })
  expect(push.status).toBe(0)
  await docker('rmi', base)
  rmSync(config, { recursive: true, force: true })
})
afterAll(async () => {
  await registry.stop()
})

describe('log in before the build', () => {
  it('builds FROM a private base image on the authenticated registry, then pushes', async () => {
    const run = await runAction({
      eventName: 'push',
      ref: 'refs/heads/main',
      inputs: {
        images: `${registry.host}/acme/buildx-private-base`,
        context: privateContext('CMD ["sh", "-c", "echo private base ok; exec sleep 300"]'),
        username: USER,
        password: PASSWORD,
        'smoke-log': 'private base ok'
      }
    })
    expect(run.stdout).not.toMatch(/401 Unauthorized/)
    expect(run.exitCode).toBe(0)
    expect(run.stdout.indexOf('Logged in to')).toBeLessThan(run.stdout.indexOf('Built sha256:'))
    expect(run.outputs.pushed).toBe('true')
    expect(await registryTags(registry, 'acme/buildx-private-base', cred)).toContain('main')
    for (const text of [
      run.stdout.replace(`::add-mask::${PASSWORD}`, ''),
      run.stderr,
      run.summary
    ]) {
      expect(text).not.toContain(PASSWORD)
    }
  })

  it('a pull request from a fork never logs in, so the private base is not readable', async () => {
    const run = await runAction({
      eventName: 'pull_request',
      ref: 'refs/pull/7/merge',
      payload: {
        pull_request: {
          number: 7,
          head: { repo: { full_name: 'stranger/demo' } },
          base: { repo: { full_name: 'acme/demo' } }
        }
      },
      inputs: {
        images: `${registry.host}/acme/buildx-private-base`,
        context: privateContext('CMD ["sh", "-c", "echo never; exec sleep 300"]'),
        username: USER,
        password: PASSWORD
      }
    })
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).not.toContain('Logged in to')
    expect(run.stdout).toMatch(/unauthorized|401|no basic auth credentials/i)
  })
})
