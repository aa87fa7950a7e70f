import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SmokeReport } from '../../src/smoke/index.js'
import { parseCommandFile } from '../../src/action/command-file.js'
import { FakeDocker } from './fake-docker.js'

// The smoke test has its own suites; here it is scripted so the pipeline's gating is visible.
let smokeResult: SmokeReport['result'] = 'passed'
jest.unstable_mockModule('../../src/smoke/run.js', () => ({
  runSmoke: async (): Promise<SmokeReport> => ({
    result: smokeResult,
    message: smokeResult === 'failed' ? 'found crash signature' : 'ok',
    durationMs: 5,
    scenarios: []
  })
}))
const { run } = await import('../../src/action/run.js')

const DIGEST = `sha256:${'b'.repeat(64)}`
let dir: string
// core.summary remembers the first summary path it sees, so every test shares one file.
const summaryFile = join(mkdtempSync(join(tmpdir(), 'btp-summary-')), 'summary')
let saved: NodeJS.ProcessEnv

function setup(
  inputs: Record<string, string>,
  event = 'push',
  ref = 'refs/tags/v1.2.3',
  payload = {}
) {
  dir = mkdtempSync(join(tmpdir(), 'btp-main-'))
  for (const f of ['output', 'state', 'env']) writeFileSync(join(dir, f), '')
  writeFileSync(summaryFile, '')
  writeFileSync(join(dir, 'event.json'), JSON.stringify(payload))
  // buildx is found by its plugin file, as on a runner with docker/setup-buildx-action.
  mkdirSync(join(dir, '.docker', 'cli-plugins'), { recursive: true })
  writeFileSync(join(dir, '.docker', 'cli-plugins', 'docker-buildx'), '', { mode: 0o755 })
  Object.assign(process.env, {
    GITHUB_EVENT_NAME: event,
    GITHUB_REF: ref,
    GITHUB_SHA: 'd'.repeat(40),
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_ENV: join(dir, 'env'),
    // Outside the workspace, as on hosted runners: the login must not be in the build context.
    RUNNER_TEMP: mkdtempSync(join(tmpdir(), 'btp-main-temp-')),
    GITHUB_WORKSPACE: dir,
    HOME: dir
  })
  for (const [k, v] of Object.entries({
    push: 'auto',
    smoke: 'true',
    buildx: 'auto',
    context: '.',
    ...inputs
  })) {
    process.env[`INPUT_${k.toUpperCase()}`] = v
  }
}

function fakeEngine(): FakeDocker {
  return new FakeDocker(args => {
    // The engine probe lists the default bridge; this engine has none.
    if (args[0] === 'network') return { stdout: '' }
    if (args[0] === 'build' || args[1] === 'build') {
      writeFileSync(args[args.indexOf('--iidfile') + 1], `sha256:${'c'.repeat(64)}`)
    }
    if (args[0] === 'push') return { stdout: `${args[1]}: digest: ${DIGEST} size: 527\n` }
    return {}
  })
}

function outputs(): Record<string, string> {
  return parseCommandFile(readFileSync(join(dir, 'output'), 'utf8'))
}

beforeEach(() => {
  saved = { ...process.env }
  smokeResult = 'passed'
  if (!process.env.DEBUG_MAIN) jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
})
afterEach(() => {
  process.env = saved
  process.exitCode = undefined
  jest.restoreAllMocks()
})

describe('run', () => {
  it('builds once, logs in through stdin, and pushes immutable tags before floating ones', async () => {
    setup({ images: 'registry.example.com/acme/app', username: 'bot', password: 'hunter2-secret' })
    const docker = fakeEngine()
    await run({ docker: () => docker, now: () => new Date('2026-01-01T00:00:00Z') })
    expect(process.exitCode).toBeUndefined()
    const builds = docker.calls.filter(c => c.includes('build'))
    expect(builds).toHaveLength(1)
    const login = docker.calls.findIndex(c => c[0] === 'login')
    expect(docker.calls[login]).toEqual([
      'login',
      '--username',
      'bot',
      '--password-stdin',
      'registry.example.com'
    ])
    expect(docker.inputs[login]).toBe('hunter2-secret')
    expect(docker.calls.flat().join(' ')).not.toContain('hunter2-secret')
    const pushed = docker.calls.filter(c => c[0] === 'push').map(c => c[1].split(':').pop())
    expect(pushed).toEqual(['1.2.3', 'v1.2.3', '1.2', '1', 'latest'])
    expect(outputs()['tag-names'].split('\n')).toEqual(['1.2.3', '1.2', '1', 'v1.2.3', 'latest'])
    expect(readFileSync(join(dir, 'env'), 'utf8')).toContain('DOCKER_METADATA_OUTPUT_TAG_NAMES<<')
    expect(outputs()).toMatchObject({
      version: '1.2.3',
      digest: DIGEST,
      pushed: 'true',
      'smoke-result': 'passed'
    })
  })

  it('pushes nothing when the smoke test fails, and still sets the outputs', async () => {
    setup({ images: 'registry.example.com/acme/app', username: 'bot', password: 'pw' })
    smokeResult = 'failed'
    const docker = fakeEngine()
    await run({ docker: () => docker, now: () => new Date() })
    expect(process.exitCode).toBe(1)
    expect(docker.calls.some(c => c[0] === 'push')).toBe(false)
    // The login comes before the build (private base images), so it did happen.
    const login = docker.calls.findIndex(c => c[0] === 'login')
    expect(login).toBeGreaterThan(-1)
    expect(login).toBeLessThan(docker.calls.findIndex(c => c.includes('build')))
    expect(outputs()).toMatchObject({ 'smoke-result': 'failed', pushed: 'false', version: '1.2.3' })
    expect(readFileSync(summaryFile, 'utf8')).toMatch(/Smoke test failed/)
    expect(readFileSync(summaryFile, 'utf8')).toMatch(/\| Smoke test \| [0-9.]+ s \| failed \|/)
  })

  it('does not push on pull_request with push: auto', async () => {
    setup({ images: 'registry.example.com/acme/app' }, 'pull_request', 'refs/pull/7/merge', {
      number: 7,
      pull_request: {
        number: 7,
        head: { repo: { full_name: 'acme/app' } },
        base: { repo: { full_name: 'acme/app' } }
      }
    })
    const docker = fakeEngine()
    await run({ docker: () => docker, now: () => new Date() })
    expect(process.exitCode).toBeUndefined()
    expect(docker.calls.some(c => c[0] === 'push')).toBe(false)
    expect(outputs()).toMatchObject({ tags: 'registry.example.com/acme/app:pr-7', pushed: 'false' })
  })

  it('skips login and push for a fork pull request even with push: true', async () => {
    setup(
      { images: 'registry.example.com/acme/app', push: 'true', username: 'u', password: 'p' },
      'pull_request',
      'refs/pull/8/merge',
      {
        number: 8,
        pull_request: {
          number: 8,
          head: { repo: { full_name: 'someone/app' } },
          base: { repo: { full_name: 'acme/app' } }
        }
      }
    )
    const docker = fakeEngine()
    await run({ docker: () => docker, now: () => new Date() })
    expect(process.exitCode).toBeUndefined()
    expect(docker.calls.some(c => c[0] === 'push' || c[0] === 'login')).toBe(false)
  })

  it('pushes nothing when every image is disabled', async () => {
    setup({ images: 'name=registry.example.com/acme/app,enable=false', push: 'true' })
    const docker = fakeEngine()
    await run({ docker: () => docker, now: () => new Date() })
    expect(process.exitCode).toBeUndefined()
    expect(docker.calls.some(c => c[0] === 'push')).toBe(false)
  })

  it('uses buildx with the host network when the engine has no bridge', async () => {
    setup({ images: 'registry.example.com/acme/app', push: 'false' })
    const docker = fakeEngine()
    await run({ docker: () => docker, now: () => new Date() })
    const build = docker.calls.find(c => c[1] === 'build')
    expect(build?.slice(0, 3)).toEqual(['buildx', 'build', '--load'])
    expect(build?.[build.indexOf('--network') + 1]).toBe('host')
  })

  it('passes a remote git context to docker unchanged', async () => {
    setup({ context: 'https://github.com/acme/app.git#main', push: 'false' })
    const docker = fakeEngine()
    await run({ docker: () => docker, now: () => new Date() })
    expect(docker.calls.find(c => c[1] === 'build')?.at(-1)).toBe(
      'https://github.com/acme/app.git#main'
    )
  })

  it('fails clearly when the engine is unreachable', async () => {
    setup({ push: 'false' })
    const docker = new FakeDocker(args =>
      args[0] === 'network'
        ? {
            exitCode: 1,
            stderr:
              'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?'
          }
        : {}
    )
    await run({ docker: () => docker, now: () => new Date() })
    expect(process.exitCode).toBe(1)
    expect(readFileSync(summaryFile, 'utf8')).toMatch(
      /Docker engine is not reachable: Cannot connect/
    )
  })

  it.each<[string, Record<string, string>, string, RegExp]>([
    [
      'a tag push without images',
      {},
      'refs/tags/v1.2.3',
      /^Input "images": is required when this is a tag push \(refs\/tags\/v1\.2\.3\).*resolved tags: app:1\.2\.3/
    ],
    [
      'push: true without images',
      { push: 'true' },
      'refs/heads/main',
      /^Input "images": is required when "push" is true/
    ],
    [
      'a tag push whose rules resolve no tag',
      { images: 'registry.example.com/acme/app', tags: 'type=semver,pattern={{nonsense}}' },
      'refs/tags/v1.2.3',
      /^Input "tags": no tag resolved for refs\/tags\/v1\.2\.3.*images: registry\.example\.com\/acme\/app; resolved tags: none/
    ]
  ])(
    'fails a release that would publish nothing before any docker call: %s',
    async (_n, inputs, ref, error) => {
      setup(inputs, 'push', ref)
      const docker = fakeEngine()
      await run({ docker: () => docker, now: () => new Date() })
      expect(process.exitCode).toBe(1)
      expect(docker.calls).toEqual([])
      const summary = readFileSync(summaryFile, 'utf8')
      expect(
        summary
          .split('\n')
          .find(l => l.startsWith('**Result:**'))
          ?.replace('**Result:** ❌ ', '')
      ).toMatch(error)
      expect(outputs()).toMatchObject({ pushed: 'false' })
    }
  )

  it('builds and warns once on a branch push without images, pushing nothing', async () => {
    setup({}, 'push', 'refs/heads/main')
    const docker = fakeEngine()
    const log: string[] = []
    jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
      log.push(String(c))
      return true
    })
    await run({ docker: () => docker, now: () => new Date() })
    expect(process.exitCode).toBeUndefined()
    expect(docker.calls.some(c => c[1] === 'build')).toBe(true)
    expect(docker.calls.some(c => c[0] === 'push')).toBe(false)
    expect(log.join('').match(/::warning::No "images" input/g)).toHaveLength(1)
  })

  it('sets the plan output, and executes exactly the planned argv', async () => {
    setup({ images: 'registry.example.com/acme/app', username: 'bot', password: 'pw' })
    const docker = fakeEngine()
    await run({ docker: () => docker, now: () => new Date('2026-01-01T00:00:00Z') })
    expect(process.exitCode).toBeUndefined()
    const plan = JSON.parse(outputs().plan) as {
      push: boolean
      targets: string[]
      commands: { phase: string; argv: string[]; stdin?: string }[]
    }
    expect(plan.push).toBe(true)
    expect(plan.targets[0]).toBe('registry.example.com/acme/app:1.2.3')
    expect(plan.commands.map(c => c.phase)).toEqual([
      'login',
      'build',
      'smoke',
      'push',
      'push',
      'push',
      'push',
      'push'
    ])
    expect(plan.commands[0].stdin).toBe('password')
    // The smoke test is scripted in this file, so only build, login and push reach the fake.
    const executed = docker.calls
      .filter(c => ['build', 'login', 'push'].includes(c[0]) || c[1] === 'build')
      .map(c => ['docker', ...c])
    expect(executed).toEqual(plan.commands.filter(c => c.phase !== 'smoke').map(c => c.argv))
  })
})
