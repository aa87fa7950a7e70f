import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, jest } from '@jest/globals'

const setSecret = jest.fn<(s: string) => void>()
jest.unstable_mockModule('../../../src/util/core.js', () => ({
  setSecret,
  info: jest.fn(),
  warning: jest.fn(),
  startGroup: jest.fn(),
  endGroup: jest.fn()
}))

const { parseSmokeInputs } = await import('../../../src/smoke/inputs.js')
const { InputError } = await import('../../../src/util/errors.js')

const getter =
  (inputs: Record<string, string>) =>
  (name: string): string =>
    inputs[name] ?? ''

function configFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'btp-smoke-cfg-'))
  const path = join(dir, 'smoke.yml')
  writeFileSync(path, text)
  return path
}

beforeEach(() => {
  setSecret.mockClear()
})

describe('parseSmokeInputs', () => {
  it('has sensible defaults when nothing is set', () => {
    const opts = parseSmokeInputs(getter({}))
    expect(opts.enabled).toBe(true)
    expect(opts.secrets).toEqual([])
    expect(opts.scenarios).toHaveLength(1)
    const [s] = opts.scenarios
    expect(s).toMatchObject({
      name: 'default',
      command: undefined,
      args: [],
      env: [],
      logPatterns: [],
      logOrder: false,
      timeoutSec: 60,
      settleSec: 3,
      http: [],
      httpGraceSec: 2,
      health: 'auto',
      exitCode: undefined,
      ports: []
    })
    expect(s.failPatterns.length).toBeGreaterThan(5)
  })

  it('reads every input', () => {
    const opts = parseSmokeInputs(
      getter({
        smoke: 'true',
        'smoke-log': 'ready x2\nlistening',
        'smoke-log-order': 'true',
        'smoke-fail-log': 'none',
        'smoke-timeout': '5',
        'smoke-settle': '0',
        'smoke-env': 'PORT=8080',
        'smoke-secrets': 'TOKEN=s3cr3t',
        'smoke-command': `sh -c 'exec app'`,
        'smoke-args': '--verbose',
        'smoke-user': '1000',
        'smoke-workdir': '/app',
        'smoke-network': 'host',
        'smoke-ports': '8080:80',
        'smoke-http': 'http://127.0.0.1:8080/ status=204',
        'smoke-http-grace': '0.5',
        'smoke-health': 'false',
        'smoke-exit-code': '0',
        'smoke-junit': 'reports/smoke.xml'
      })
    )
    const [s] = opts.scenarios
    expect(s.logPatterns.map(p => [p.source, p.count])).toEqual([
      ['ready', 2],
      ['listening', 1]
    ])
    expect(s).toMatchObject({
      logOrder: true,
      failPatterns: [],
      timeoutSec: 5,
      settleSec: 0,
      env: [['PORT', '8080']],
      command: ['sh', '-c', 'exec app'],
      args: ['--verbose'],
      user: '1000',
      workdir: '/app',
      network: 'host',
      ports: ['8080:80'],
      http: [{ url: 'http://127.0.0.1:8080/', status: 204 }],
      httpGraceSec: 0.5,
      health: 'false',
      exitCode: 0
    })
    expect(opts.secrets).toEqual([['TOKEN', 's3cr3t']])
    expect(opts.junitPath).toBe('reports/smoke.xml')
    expect(setSecret).toHaveBeenCalledWith('s3cr3t')
  })

  it('can be disabled', () => {
    expect(parseSmokeInputs(getter({ smoke: 'false' })).enabled).toBe(false)
  })

  it.each<[string, Record<string, string>, string]>([
    ['smoke', { smoke: 'maybe' }, 'Input "smoke": expected true or false, got "maybe"'],
    [
      'smoke-timeout text',
      { 'smoke-timeout': 'soon' },
      'Input "smoke-timeout": expected a positive number of seconds, got "soon"'
    ],
    [
      'smoke-timeout zero',
      { 'smoke-timeout': '0' },
      'Input "smoke-timeout": expected a positive number of seconds, got "0"'
    ],
    [
      'smoke-settle',
      { 'smoke-settle': '-2' },
      'Input "smoke-settle": expected a number of seconds (0 or more), got "-2"'
    ],
    [
      'smoke-http-grace',
      { 'smoke-http-grace': 'briefly' },
      'Input "smoke-http-grace": expected a number of seconds (0 or more), got "briefly"'
    ],
    ['smoke-log', { 'smoke-log': '[' }, 'Input "smoke-log": invalid regular expression /[/'],
    [
      'smoke-log-order',
      { 'smoke-log-order': '1' },
      'Input "smoke-log-order": expected true or false'
    ],
    [
      'smoke-fail-log',
      { 'smoke-fail-log': '(' },
      'Input "smoke-fail-log": invalid regular expression'
    ],
    [
      'smoke-env',
      { 'smoke-env': 'PATH' },
      'Input "smoke-env": expected KEY=VALUE lines, got "PATH"'
    ],
    [
      'smoke-secrets',
      { 'smoke-secrets': 'nope' },
      'Input "smoke-secrets": expected KEY=VALUE lines'
    ],
    ['smoke-command', { 'smoke-command': '"x' }, 'Input "smoke-command": cannot split into words'],
    ['smoke-user', { 'smoke-user': 'a b' }, 'Input "smoke-user": expected a single word'],
    [
      'smoke-workdir',
      { 'smoke-workdir': 'rel' },
      'Input "smoke-workdir": expected an absolute path'
    ],
    ['smoke-network', { 'smoke-network': 'a b' }, 'Input "smoke-network": expected a single word'],
    ['smoke-ports', { 'smoke-ports': 'x:80' }, 'Input "smoke-ports": "x:80" is not a port mapping'],
    [
      'smoke-http',
      { 'smoke-http': '/health' },
      'Input "smoke-http": "/health" is not an http(s) URL'
    ],
    [
      'smoke-health',
      { 'smoke-health': 'on' },
      'Input "smoke-health": expected auto, true or false'
    ],
    [
      'smoke-exit-code',
      { 'smoke-exit-code': '-1' },
      'Input "smoke-exit-code": expected an exit code from 0 to 255'
    ],
    [
      'secret also in env',
      { 'smoke-env': 'A=1', 'smoke-secrets': 'A=2' },
      'Input "smoke-secrets": A is also set in smoke-env'
    ],
    [
      'missing config',
      { 'smoke-config': '/nonexistent/smoke.yml' },
      'Input "smoke-config": cannot read /nonexistent/smoke.yml: ENOENT'
    ]
  ])('rejects a bad %s', (_name, inputs, message) => {
    const run = (): unknown => parseSmokeInputs(getter(inputs))
    expect(run).toThrow(InputError)
    expect(run).toThrow(message)
  })

  it('does not read smoke-config when smoke is off', () => {
    expect(
      parseSmokeInputs(getter({ smoke: 'false', 'smoke-config': '/nonexistent.yml' })).scenarios
    ).toHaveLength(1)
  })
})

describe('smoke-config', () => {
  it('runs named scenarios with the inputs as defaults', () => {
    const path = configFile(`
scenarios:
  - name: web
    log: [ready, "GET / x2"]
    http: http://127.0.0.1:8080/health status=200
    env: { MODE: web }
    timeout: 10
  - name: migrate
    command: [./migrate, --dry run]
    args: "--verbose"
    exit-code: 0
    fail-log: none
    health: false
    env: [EXTRA=1]
`)
    const opts = parseSmokeInputs(
      getter({
        'smoke-config': path,
        'smoke-env': 'MODE=default\nSHARED=yes',
        'smoke-timeout': '30',
        'smoke-user': 'app'
      })
    )
    const [web, migrate] = opts.scenarios
    expect(web.name).toBe('web')
    expect(web.logPatterns.map(p => [p.source, p.count])).toEqual([
      ['ready', 1],
      ['GET /', 2]
    ])
    expect(web.http).toEqual([{ url: 'http://127.0.0.1:8080/health', status: 200 }])
    expect(web.env).toEqual([
      ['MODE', 'web'],
      ['SHARED', 'yes']
    ])
    expect(web.timeoutSec).toBe(10)
    expect(web.user).toBe('app')
    expect(migrate).toMatchObject({
      name: 'migrate',
      command: ['./migrate', '--dry run'],
      args: ['--verbose'],
      exitCode: 0,
      failPatterns: [],
      health: 'false',
      timeoutSec: 30
    })
    expect(migrate.env).toEqual([
      ['MODE', 'default'],
      ['SHARED', 'yes'],
      ['EXTRA', '1']
    ])
  })

  it('accepts a bare list and names scenarios by position', () => {
    const path = configFile('- command: "sh -c \'echo hi\'"\n- settle: 1\n  http-grace: 5\n')
    const opts = parseSmokeInputs(getter({ 'smoke-config': path }))
    expect(opts.scenarios.map(s => s.name)).toEqual(['scenario-1', 'scenario-2'])
    expect(opts.scenarios[0].command).toEqual(['sh', '-c', 'echo hi'])
    expect(opts.scenarios[1].settleSec).toBe(1)
    expect(opts.scenarios[1].httpGraceSec).toBe(5)
  })

  it.each<[string, string, string]>([
    ['invalid yaml', 'scenarios: [', 'is not valid YAML'],
    ['empty list', 'scenarios: []', 'expected a non-empty list under "scenarios:"'],
    ['not a list', 'name: x', 'expected a non-empty list'],
    ['scalar scenario', 'scenarios: [x]', 'scenario 1 must be a mapping of keys'],
    [
      'duplicate names',
      'scenarios: [{name: a}, {name: a}]',
      'scenario 2 needs a unique, non-empty name'
    ],
    [
      'a mapping as name',
      'scenarios: [{name: {first: web}}]',
      'scenario 1: name: expected a string, got {"first":"web"}'
    ],
    ['unknown key', 'scenarios: [{name: a, timeuot: 3}]', 'scenario "a": unknown key "timeuot"'],
    [
      'bad timeout',
      'scenarios: [{name: a, timeout: -3}]',
      'scenario "a": timeout: expected a positive number of seconds, got "-3"'
    ],
    [
      'bad exit code',
      'scenarios: [{name: a, exit-code: x}]',
      'scenario "a": exit-code: expected an exit code'
    ],
    [
      'bad log regex',
      'scenarios: [{name: a, log: ["(("]}]',
      'scenario "a": log: invalid regular expression'
    ],
    [
      'nested value',
      'scenarios: [{name: a, user: {x: 1}}]',
      'scenario "a": user: expected a string, number or boolean'
    ]
  ])('rejects %s', (_name, text, message) => {
    const path = configFile(text)
    const run = (): unknown => parseSmokeInputs(getter({ 'smoke-config': path }))
    expect(run).toThrow(InputError)
    expect(run).toThrow(`Input "smoke-config": ${path}`)
    expect(run).toThrow(message)
  })
})
