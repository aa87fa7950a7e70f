import { describe, expect, it } from '@jest/globals'
import { parseSmokeInputs } from '../../../src/smoke/inputs.js'
import { containerName, scenarioRunArgs, smokeRunArgs } from '../../../src/smoke/run-args.js'
import type { ScenarioOptions } from '../../../src/smoke/types.js'

const base: ScenarioOptions = {
  name: 'default',
  args: [],
  env: [],
  logPatterns: [],
  logOrder: false,
  failPatterns: [],
  timeoutSec: 60,
  settleSec: 3,
  http: [],
  httpGraceSec: 2,
  health: 'auto',
  ports: []
}
const target = { name: 'btp-r1-0', runId: 'r1' }
const head = ['run', '--pull', 'never', '--name', 'btp-r1-0', '--label', 'build-tag-push.run=r1']

describe('scenarioRunArgs', () => {
  it.each<
    [
      string,
      Partial<ScenarioOptions>,
      Partial<typeof target> & { defaultNetwork?: string; envFile?: string },
      string[]
    ]
  >([
    ['nothing set', {}, {}, [...head, 'img:1']],
    [
      'network from the input',
      { network: 'host' },
      { defaultNetwork: 'none' },
      [...head, '--network', 'host', 'img:1']
    ],
    ['default network', {}, { defaultNetwork: 'none' }, [...head, '--network', 'none', 'img:1']],
    [
      'ports',
      { ports: ['8080:80', '127.0.0.1:53:53/udp'] },
      {},
      [...head, '-p', '8080:80', '-p', '127.0.0.1:53:53/udp', 'img:1']
    ],
    [
      'env keeps values whole',
      {
        env: [
          ['A', '1'],
          ['B', 'x y=z']
        ]
      },
      {},
      [...head, '-e', 'A=1', '-e', 'B=x y=z', 'img:1']
    ],
    [
      'secrets only as env file',
      {},
      { envFile: '/tmp/x/secrets.env' },
      [...head, '--env-file', '/tmp/x/secrets.env', 'img:1']
    ],
    [
      'user and workdir',
      { user: '1000:1000', workdir: '/srv' },
      {},
      [...head, '--user', '1000:1000', '--workdir', '/srv', 'img:1']
    ],
    [
      'command',
      { command: ['sh', '-c', 'echo hi; sleep 1'] },
      {},
      [...head, 'img:1', 'sh', '-c', 'echo hi; sleep 1']
    ],
    [
      'args appended to the command',
      { command: ['app'], args: ['--a', 'b c'] },
      {},
      [...head, 'img:1', 'app', '--a', 'b c']
    ],
    ['args alone replace CMD', { args: ['--version'] }, {}, [...head, 'img:1', '--version']]
  ])('%s', (_name, scenario, extra, expected) => {
    expect(scenarioRunArgs({ ...base, ...scenario }, 'img:1', { ...target, ...extra })).toEqual(
      expected
    )
  })

  it('orders flags before the image so nothing becomes a container argument', () => {
    const argv = scenarioRunArgs(
      {
        ...base,
        network: 'host',
        ports: ['1:2'],
        env: [['A', '1']],
        user: 'u',
        workdir: '/w',
        command: ['c'],
        args: ['a']
      },
      'img',
      { ...target, envFile: '/f' }
    )
    expect(argv.slice(argv.indexOf('img'))).toEqual(['img', 'c', 'a'])
  })
})

describe('smokeRunArgs', () => {
  it('gives one argv per scenario with the secrets file by path, never the values', () => {
    const opts = parseSmokeInputs(
      n => ({ 'smoke-secrets': 'T=x', 'smoke-network': 'host' })[n] ?? ''
    )
    const [run, ...rest] = smokeRunArgs(opts, 'img', { runId: 'run-7', envFile: '/t/s.env' })
    expect(rest).toEqual([])
    expect(run.name).toBe('btp-run-7-0')
    expect(run.argv).toContain('btp-run-7-0')
    expect(run.argv[run.argv.indexOf('--env-file') + 1]).toBe('/t/s.env')
    expect(run.argv.join(' ')).not.toContain('T=x')
  })

  it('uses the default network only for scenarios that set none', () => {
    const opts = parseSmokeInputs(n => ({ 'smoke-network': '' })[n] ?? '')
    const [run] = smokeRunArgs(opts, 'img', { runId: 'r', defaultNetwork: 'none' })
    expect(run.argv[run.argv.indexOf('--network') + 1]).toBe('none')
    expect(run.argv).not.toContain('--env-file')
  })
})

describe('containerName', () => {
  it.each([
    ['123-1', 0, 'btp-123-1-0'],
    ['a/b c', 2, 'btp-a-b-c-2']
  ])('%s #%d → %s', (runId, i, name) => expect(containerName(runId, i)).toBe(name))
})
