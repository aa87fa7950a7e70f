import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { FakeDocker, fakeContainerEngine, type EngineState } from '../fake-docker.js'

const logged: string[] = []
jest.unstable_mockModule('../../../src/util/core.js', () => ({
  setSecret: jest.fn(),
  info: (m: string) => logged.push(m),
  warning: (m: string) => logged.push(`warning: ${m}`),
  startGroup: (m: string) => logged.push(`group: ${m}`),
  endGroup: () => logged.push('endgroup')
}))

const { runSmoke } = await import('../../../src/smoke/run.js')
const { smokeRunArgs } = await import('../../../src/smoke/run-args.js')
const { parseSmokeInputs } = await import('../../../src/smoke/inputs.js')

const opts = (inputs: Record<string, string>) =>
  parseSmokeInputs(name => ({ 'smoke-timeout': '5', ...inputs })[name] ?? '')
const tick = () => new Promise(r => setTimeout(r, 5))

let docker: FakeDocker
let engine: EngineState
beforeEach(() => {
  ;({ docker, state: engine } = fakeContainerEngine())
  logged.length = 0
})

let envDirs = 0
function start(
  inputs: Record<string, string>,
  onContainer?: (n: string) => void,
  deferRemoval?: (removal: Promise<void>) => void
) {
  const o = opts(inputs)
  // The plan names the env file; its directory must not exist yet.
  const envFile = join(tmpdir(), `btp-smoke-unit-${process.pid}-${++envDirs}`, 'secrets.env')
  const runs = smokeRunArgs(o, 'img:1', { runId: 'r1', envFile })
  return runSmoke(
    docker,
    { image: 'img:1', envFile: o.secrets.length ? envFile : undefined, runs },
    o,
    { onContainer, deferRemoval }
  )
}

describe('runSmoke with a faked engine', () => {
  it('passes when a ready line arrives split across writes', async () => {
    const order: string[] = []
    const run = start({ 'smoke-log': 'ready', 'smoke-settle': '0' }, n =>
      order.push(`onContainer ${n}`)
    )
    await docker.write('starting\nre')
    await tick()
    await docker.write('ady\r\n')
    const report = await run
    expect(report.result).toBe('passed')
    expect(report.scenarios[0].checks).toEqual([
      { name: 'log /ready/', result: 'passed', timeMs: expect.any(Number), matchedLine: 'ready' }
    ])
    expect(order).toEqual(['onContainer btp-r1-0'])
    const verbs = docker.calls.map(c => c[0])
    expect(verbs.indexOf('run')).toBeLessThan(verbs.indexOf('rm'))
    expect(docker.calls).toContainEqual(['rm', '-f', 'btp-r1-0'])
    // Attached from creation: no `logs -f` replay and no `docker wait`.
    expect(docker.calls.map(c => c[0])).toEqual(['image', 'run', 'rm'])
  })

  it.each<[string, Record<string, string>, (d: FakeDocker) => Promise<void>, string, RegExp]>([
    [
      'a crash signature fails at once',
      { 'smoke-log': 'ready' },
      d =>
        d.write(
          'Traceback (most recent call last):\n  File "app.py", line 1\n    import flask\nModuleNotFoundError: No module named \'flask\'\n',
          'stderr'
        ),
      'failed',
      /^the container crashed \(Python exception\): ModuleNotFoundError: No module named 'flask'$/
    ],
    [
      'a non-zero exit before the pattern fails',
      { 'smoke-log': 'ready' },
      async d => {
        await d.write('oops\n')
        await d.exit(1)
      },
      'failed',
      /^the container exited with code 1 before: \/ready\/$/
    ],
    [
      'exit 0 before the pattern fails',
      { 'smoke-log': 'ready x2' },
      async d => {
        await d.write('ready\n')
        await d.exit(0)
      },
      'failed',
      /^the container exited with code 0 before: \/ready\/ x2 \(1 seen\)$/
    ],
    [
      'a pattern in the last partial line before exit counts',
      { 'smoke-log': 'done', 'smoke-exit-code': '0' },
      async d => {
        await d.write('done')
        await d.exit(0)
      },
      'passed',
      /^exited with code 0 as expected$/
    ],
    [
      'expected exit code passes',
      { 'smoke-exit-code': '3' },
      d => d.exit(3),
      'passed',
      /as expected/
    ],
    [
      'wrong exit code fails',
      { 'smoke-exit-code': '0' },
      d => d.exit(3),
      'failed',
      /^the container exited with code 3, expected 0$/
    ],
    [
      'no checks: exit 0 passes',
      { 'smoke-settle': '30' },
      d => d.exit(0),
      'passed',
      /^exited with code 0$/
    ],
    [
      'no checks: exit 2 fails',
      { 'smoke-settle': '30' },
      d => d.exit(2),
      'failed',
      /^the container exited with code 2$/
    ],
    [
      'no checks: staying up for the settle time passes',
      { 'smoke-settle': '0.05' },
      async () => undefined,
      'passed',
      /^the container stayed up for 0.05s$/
    ],
    [
      'timeout names what is missing',
      { 'smoke-log': 'ready\nport \\d+', 'smoke-timeout': '0.1' },
      d => d.write('port 80\n'),
      'failed',
      /^timed out after 0.1s waiting for: \/ready\/$/
    ],
    [
      'custom fail pattern',
      { 'smoke-fail-log': 'FATAL', 'smoke-log': 'ready' },
      d => d.write('FATAL: no db\n'),
      'failed',
      /fail pattern \/FATAL\/: "FATAL: no db"/
    ],
    [
      'ordered patterns out of order time out',
      { 'smoke-log': 'a\nb', 'smoke-log-order': 'true', 'smoke-timeout': '0.1' },
      d => d.write('b\na\n'),
      'failed',
      /waiting for: \/b\/$/
    ]
  ])('%s', async (_name, inputs, drive, result, message) => {
    const run = start(inputs)
    await drive(docker)
    const report = await run
    expect(report.scenarios[0].message).toMatch(message)
    expect(report.result).toBe(result)
    expect(docker.names('rm')).toEqual(['btp-r1-0'])
    expect(docker.procs.every(p => p.done)).toBe(true)
  })

  it('fails a failed docker run and still removes the container', async () => {
    engine.runFailure = {
      exitCode: 127,
      stderr:
        'docker: Error response from daemon: exec: "nope": executable file not found in $PATH\n'
    }
    const report = await start({ 'smoke-command': 'nope' })
    expect(report.result).toBe('failed')
    expect(report.message).toMatch(/^docker run failed: .*executable file not found/)
    expect(docker.names('rm')).toEqual(['btp-r1-0'])
  })

  it('prints the output tail in a group with workflow commands disabled', async () => {
    const run = start({ 'smoke-log': 'ready', 'smoke-settle': '0' })
    await docker.write('::set-output name=x::y\nready\n')
    await run
    const g = logged.findIndex(l => l.startsWith('group: Smoke scenario "default"'))
    expect(g).toBeGreaterThanOrEqual(0)
    const stop = logged[g + 1]
    expect(stop).toMatch(/^::stop-commands::[0-9a-f-]{36}$/)
    const token = stop.split('::')[2]
    expect(logged.slice(g + 2, g + 5)).toEqual(['::set-output name=x::y', 'ready', `::${token}::`])
    expect(logged[g + 5]).toBe('endgroup')
  })

  describe('health', () => {
    const healthcheck = { Test: ['CMD-SHELL', 'wget -q -O- localhost'], Interval: 1e9 }

    it('waits for healthy when the image declares a HEALTHCHECK', async () => {
      engine.healthcheck = healthcheck
      const run = start({ 'smoke-settle': '0' })
      const events = await docker.proc('events')
      expect(events.args).toEqual(
        expect.arrayContaining([
          '--filter',
          'container=btp-r1-0',
          '--filter',
          'event=health_status'
        ])
      )
      events.stdout.write('health_status: starting\n')
      await tick()
      events.stdout.write('health_status: healthy\n')
      const report = await run
      expect(report.result).toBe('passed')
      expect(report.scenarios[0].checks.map(c => [c.name, c.result])).toEqual([
        ['health: healthy', 'passed']
      ])
    })

    it('starts the container while the HEALTHCHECK lookup runs, keeping what it printed meanwhile', async () => {
      engine.healthcheck = healthcheck
      let answer: () => void = () => undefined
      const gate = new Promise<void>(resolve => (answer = resolve))
      const exec = docker.exec.bind(docker)
      docker.exec = async (args, o) => {
        if (args[0] === 'image') await gate
        return exec(args, o)
      }
      const run = start({ 'smoke-log': 'ready', 'smoke-settle': '0' })
      // The container is running and talking before the lookup has answered.
      await docker.write('ready\n')
      await docker.exit(0)
      await tick()
      // (The held lookup is recorded once it answers.)
      expect(docker.calls.map(c => c[0])).toEqual(['run'])
      answer()
      const report = await run
      // The image has a HEALTHCHECK: the check is planned, and the early exit decides it.
      expect(report.result).toBe('failed')
      expect(report.message).toMatch(/exit/)
      expect(report.scenarios[0].checks.map(c => [c.name, c.result])).toEqual(
        expect.arrayContaining([['log /ready/', 'passed']])
      )
    })

    it('fails on unhealthy with the last check output', async () => {
      engine.healthcheck = healthcheck
      const run = start({})
      ;(await docker.proc('events')).stdout.write('health_status: unhealthy\n')
      const report = await run
      expect(report.result).toBe('failed')
      expect(report.message).toBe(
        'container became unhealthy (last check exit 1: wget: server returned error)'
      )
    })

    it('times out naming the health status', async () => {
      engine.healthcheck = healthcheck
      const run = start({ 'smoke-timeout': '0.1' })
      ;(await docker.proc('events')).stdout.write('health_status: starting\n')
      expect((await run).message).toBe(
        'timed out after 0.1s waiting for: healthy (status: starting)'
      )
    })

    it.each([
      ['false ignores a HEALTHCHECK', 'false', healthcheck, 'passed'],
      ['auto without HEALTHCHECK settles', 'auto', null, 'passed'],
      ['auto with HEALTHCHECK NONE settles', 'auto', { Test: ['NONE'] }, 'passed']
    ])('%s', async (_name, mode, hc, result) => {
      engine.healthcheck = hc
      const report = await start({ 'smoke-health': mode, 'smoke-settle': '0.02' })
      expect(report.result).toBe(result)
      expect(docker.calls.some(c => c[0] === 'events')).toBe(false)
    })

    it('true without a HEALTHCHECK fails without starting anything', async () => {
      const report = await start({ 'smoke-health': 'true' })
      expect(report.result).toBe('failed')
      expect(report.message).toBe('smoke-health is true but the image declares no HEALTHCHECK')
      expect(docker.calls.some(c => c[0] === 'run')).toBe(false)
    })
  })

  it('passes secrets through a 0600 env file that is deleted afterwards', async () => {
    let seen: { path: string; mode: number; text: string } | undefined
    engine.onRun = args => {
      const path = args[args.indexOf('--env-file') + 1]
      seen = { path, mode: statSync(path).mode & 0o777, text: readFileSync(path, 'utf8') }
    }
    const report = await start({ 'smoke-secrets': 'TOKEN=hunter2 x', 'smoke-settle': '0' })
    expect(report.result).toBe('passed')
    expect(seen?.mode).toBe(0o600)
    expect(seen?.text).toBe('TOKEN=hunter2 x\n')
    expect(existsSync(seen?.path ?? '')).toBe(false)
    expect(JSON.stringify(docker.calls)).not.toContain('hunter2')
  })

  it('fails a wrong HTTP answer after the grace period, with the body redacted', async () => {
    const { createServer } = await import('node:http')
    const server = createServer((_req, res) => res.writeHead(500).end('token hunter2 rejected'))
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
    const { port } = server.address() as { port: number }
    try {
      const run = start({
        'smoke-log': 'ready',
        'smoke-http': `http://127.0.0.1:${port}/health`,
        'smoke-http-grace': '0.2',
        'smoke-secrets': 'TOKEN=hunter2'
      })
      await docker.write('ready\n')
      const report = await run
      expect(report.result).toBe('failed')
      expect(report.message).toBe(
        `GET http://127.0.0.1:${port}/health → 2xx: got status 500, body "token *** rejected" after the 0.2 s grace period (smoke-http-grace)`
      )
      expect(docker.names('rm')).toEqual(['btp-r1-0'])
    } finally {
      server.closeAllConnections()
      await new Promise(r => server.close(r))
    }
  })

  it('skips without touching docker when smoke is false', async () => {
    const report = await start({ smoke: 'false' })
    expect(report).toEqual({
      result: 'skipped',
      message: 'smoke test disabled (smoke: false)',
      durationMs: 0,
      scenarios: []
    })
    expect(docker.calls).toEqual([])
  })

  it('runs scenarios one after another, each in its own container', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'btp-smoke-'))
    writeFileSync(
      join(dir, 's.yml'),
      'scenarios:\n  - name: ok\n    exit-code: 0\n  - name: bad\n    exit-code: 0\n'
    )
    const run = start({ 'smoke-config': join(dir, 's.yml') })
    await docker.exit(0)
    await tick()
    await docker.exit(4)
    const report = await run
    expect(report.scenarios.map(s => [s.name, s.result])).toEqual([
      ['ok', 'passed'],
      ['bad', 'failed']
    ])
    expect(report.result).toBe('failed')
    expect(report.message).toBe('bad: the container exited with code 4, expected 0')
    expect(docker.names('rm')).toEqual(['btp-r1-0', 'btp-r1-1'])
  })

  it('hands the removal of the last container, once it passed, to the caller', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'btp-smoke-'))
    writeFileSync(
      join(dir, 's.yml'),
      'scenarios:\n  - name: one\n    exit-code: 0\n  - name: two\n    exit-code: 0\n'
    )
    const deferred: Promise<void>[] = []
    const run = start({ 'smoke-config': join(dir, 's.yml') }, undefined, r => deferred.push(r))
    await docker.exit(0)
    await tick()
    await docker.exit(0)
    const report = await run
    expect(report.result).toBe('passed')
    // The first was removed before the second started (it may hold a port the next needs).
    expect(deferred).toHaveLength(1)
    await Promise.all(deferred)
    expect(docker.names('rm')).toEqual(['btp-r1-0', 'btp-r1-1'])
  })

  it('removes a failed container itself, so its last lines are in the report', async () => {
    const deferred: Promise<void>[] = []
    const run = start({ 'smoke-exit-code': '0' }, undefined, r => deferred.push(r))
    await docker.exit(3)
    const report = await run
    expect(report.result).toBe('failed')
    expect(deferred).toHaveLength(0)
    expect(docker.names('rm')).toEqual(['btp-r1-0'])
  })
})
