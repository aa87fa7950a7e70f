import { describe, expect, it } from '@jest/globals'
import { BUILT_IMAGE, planJson, planRun, type PlanInput } from '../../src/plan/plan.js'
import type { BuildOptions } from '../../src/plan/options.js'
import { parseSmokeInputs } from '../../src/smoke/index.js'
import { parseBuildkitInputs } from '../../src/build/buildkit-options.js'

const BUILD: BuildOptions = {
  context: 'app',
  file: '',
  buildArgs: [],
  target: '',
  pull: false,
  noCache: false,
  network: '',
  buildx: 'auto',
  cacheFrom: [],
  cacheTo: [],
  image: '',
  buildkit: parseBuildkitInputs(() => '')
}

function input(over: {
  build?: Partial<BuildOptions>
  engine?: PlanInput['engine']
  smoke?: Record<string, string>
  secrets?: PlanInput['secrets']
  tags?: { tag: string; floating: boolean }[]
  username?: string
}): PlanInput {
  const tags = over.tags ?? [
    { tag: '1.2.3', floating: false },
    { tag: 'latest', floating: true }
  ]
  return {
    build: { ...BUILD, ...over.build },
    push: { push: 'auto', registry: '', username: over.username ?? '' },
    smoke: parseSmokeInputs(n => over.smoke?.[n] ?? ''),
    meta: {
      images: ['reg.example/acme/app'],
      imagesFromInput: true,
      tags: tags.map(t => ({ ...t, priority: 0, type: 'raw' })),
      labels: ['a=b'],
      annotations: []
    },
    engine: over.engine ?? { buildx: true, hasBridge: false },
    secrets: over.secrets ?? [],
    event: { eventName: 'push', ref: 'refs/tags/v1.2.3', forkPullRequest: false },
    runId: '42-1-step',
    workspace: '/ws',
    tempRoot: '/rt'
  }
}

const flag = (argv: readonly string[], name: string): string | undefined =>
  argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined

describe('planRun', () => {
  it.each<[string, PlanInput['engine'], Partial<BuildOptions>, string | undefined, string[]]>([
    ['buildx without a bridge: host network', { buildx: true, hasBridge: false }, {}, 'host', []],
    ['buildx with a bridge: engine default', { buildx: true, hasBridge: true }, {}, undefined, []],
    [
      'legacy without a bridge',
      { buildx: true, hasBridge: false },
      { buildx: 'false' },
      undefined,
      ['DOCKER_BUILDKIT']
    ],
    [
      'auto without the plugin: legacy',
      { buildx: false, hasBridge: true },
      {},
      undefined,
      ['DOCKER_BUILDKIT']
    ],
    ['explicit network wins', { buildx: true, hasBridge: false }, { network: 'none' }, 'none', []]
  ])('%s', (_n, engine, build, network, env) => {
    const plan = planRun(input({ engine, build }))
    const cmd = plan.commands[0]
    expect(cmd.phase).toBe('build')
    expect(cmd.argv[0]).toBe(env.length ? 'build' : 'buildx')
    expect(flag(cmd.argv, '--network')).toBe(network)
    expect(Object.keys(cmd.env ?? {})).toEqual(env)
    expect(cmd.argv.at(-1)).toBe('/ws/app')
  })

  it('runs the smoke test on the network the engine allows', () => {
    const noBridge = planRun(input({ smoke: { 'smoke-http': 'http://127.0.0.1:8080/' } }))
    expect(flag(noBridge.commands[1].argv, '--network')).toBe('host')
    const bridge = planRun(input({ engine: { buildx: true, hasBridge: true } }))
    expect(flag(bridge.commands[1].argv, '--network')).toBeUndefined()
    expect(planRun(input({})).commands[1].argv).toContain('none')
  })

  it('carries secrets as paths under RUNNER_TEMP and values only in the files to write', () => {
    const plan = planRun(
      input({
        secrets: [
          { id: 'tok', value: 'v4lue' },
          { id: 'key', file: '/ws/k' }
        ]
      })
    )
    const argv = plan.commands[0].argv
    expect(argv.filter((_, i) => argv[i - 1] === '--secret')).toEqual([
      'id=tok,src=/rt/btp-secrets-42-1-step/secret-0',
      'id=key,src=/ws/k'
    ])
    expect(plan.produce).toMatchObject({
      secretDir: '/rt/btp-secrets-42-1-step',
      secretFiles: [{ path: '/rt/btp-secrets-42-1-step/secret-0', value: 'v4lue' }]
    })
    expect(planJson(plan)).not.toContain('v4lue')
  })

  it.each<[string, Parameters<typeof input>[0], RegExp]>([
    [
      'secrets on the legacy builder',
      { build: { buildx: 'false' }, secrets: [{ id: 'a', file: '/f' }] },
      /secrets need BuildKit/
    ],
    [
      'buildx: true without the plugin',
      { build: { buildx: 'true' }, engine: { buildx: false, hasBridge: true } },
      /Input "buildx"/
    ],
    [
      'cache-to on the legacy builder',
      { build: { buildx: 'false', cacheTo: ['type=gha'] } },
      /Input "cache-to"/
    ]
  ])('refuses %s', (_n, over, error) => {
    expect(() => planRun(input(over))).toThrow(error)
  })

  it('logs in first (before the build pulls anything), pushes immutable tags first, with the password on stdin', () => {
    const plan = planRun(input({ username: 'bot' }))
    expect(JSON.parse(planJson(plan))).toEqual({
      push: true,
      targets: ['reg.example/acme/app:1.2.3', 'reg.example/acme/app:latest'],
      commands: [
        {
          phase: 'login',
          argv: ['docker', 'login', '--username', 'bot', '--password-stdin', 'reg.example'],
          stdin: 'password'
        },
        { phase: 'build', argv: expect.arrayContaining(['docker', 'buildx']) },
        {
          phase: 'smoke',
          argv: expect.arrayContaining(['docker', 'run', 'reg.example/acme/app:1.2.3'])
        },
        { phase: 'push', argv: ['docker', 'push', 'reg.example/acme/app:1.2.3'] },
        { phase: 'push', argv: ['docker', 'push', 'reg.example/acme/app:latest'] }
      ]
    })
  })

  it('tags an existing image instead of building it, and smoke-tests it by its reference', () => {
    const plan = planRun(input({ build: { image: 'src.example/app@sha256:' + 'a'.repeat(64) } }))
    expect(plan.commands.filter(c => c.phase === 'build').map(c => c.argv[0])).toEqual([
      'tag',
      'tag'
    ])
    expect(plan.smoke?.image).toMatch(/^src\.example\/app@sha256:/)
  })

  it('smoke-tests by image id when the build has no tag', () => {
    const plan = planRun({
      ...input({ tags: [] }),
      event: { eventName: 'pull_request', ref: 'refs/pull/1/merge', forkPullRequest: false }
    })
    expect(plan.smoke?.image).toBe(BUILT_IMAGE)
    expect(plan.push).toBeUndefined()
    expect(plan.notPushing).toMatch(/pull_request/)
  })

  it('never logs in for a fork pull request', () => {
    const plan = planRun({
      ...input({ username: 'bot' }),
      event: { eventName: 'pull_request', ref: 'refs/pull/1/merge', forkPullRequest: true }
    })
    expect(plan.login).toBeUndefined()
    expect(plan.commands.map(c => c.phase)).toEqual(['build', 'smoke'])
  })

  describe('upload-during-smoke', () => {
    const early = (over: Parameters<typeof input>[0] = {}): PlanInput => {
      const i = input(over)
      return { ...i, push: { ...i.push, uploadDuringSmoke: true } }
    }

    it('saves the image as the smoke test starts, keeping docker push as the fallback', () => {
      const plan = planRun(early())
      expect(plan.push?.early).toMatchObject({
        archive: '/rt/btp-early-42-1-step/image.tar',
        images: ['reg.example/acme/app']
      })
      expect(plan.commands.map(c => `${c.phase} ${c.argv[0]}`)).toEqual([
        'build buildx',
        'push save',
        'smoke run',
        'push push',
        'push push'
      ])
      expect(plan.apiSteps?.join('\n')).toMatch(
        /while the smoke test runs[\s\S]*one manifest PUT per tag/
      )
    })

    it('is not planned when no container runs, or when nothing is pushed', () => {
      expect(planRun(early({ smoke: { smoke: 'false' } })).push?.early).toBeUndefined()
      const pr = planRun({
        ...early(),
        event: { eventName: 'pull_request', ref: 'refs/pull/1/merge', forkPullRequest: false }
      })
      expect(pr.push).toBeUndefined()
      expect(pr.commands.map(c => c.argv[0])).not.toContain('save')
    })

    it('is off by default', () => {
      expect(planRun(input({})).push?.early).toBeUndefined()
    })
  })
})
