/**
 * Smoke verdicts on the real engine: every failure class with a healthy twin that must pass,
 * using the default smoke-settle and smoke-http-grace plus the one ready line (and a probe
 * for web services) a user would write. Cases run concurrently; each has its own container
 * and, for HTTP, its own loopback port.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { ExecDockerCli } from '../../../src/docker/cli.js'
import {
  parseSmokeInputs,
  runSmoke,
  smokeRunArgs,
  type SmokeReport
} from '../../../src/smoke/index.js'
import { docker, freePort, makeContext, requireEngine } from '../helpers/lab.js'

const APP = 'smoke-verdicts/app:e2e'
const HEALTHY = 'smoke-verdicts/healthcheck:e2e'

jest.setTimeout(240000)

const SCRIPTS: Record<string, string> = {
  'ready-exit0.sh': 'echo ready; exit 0',
  'ready-stays.sh': 'echo ready; exec sleep 1000',
  // The service process is SIGKILLed a second after ready, as the OOM killer would.
  'ready-killed.sh': 'echo ready; sleep 1000 & p=$!; (sleep 1; kill -9 $p) & wait $p; exit $?',
  'ready-traceback.sh':
    'echo ready; sleep 2; printf \'Traceback (most recent call last):\\n  File "/app/app.py", line 12, in <module>\\n    main()\\nRuntimeError: lost the database connection\\n\' >&2; exit 1',
  'ready-warning.sh':
    "echo ready; sleep 2; echo 'WARNING: retrying the database connection' >&2; exec sleep 1000",
  'stderr-ready.sh': 'echo starting; echo ready >&2; exec sleep 1000',
  'split-ready.sh': "printf 're'; sleep 0.5; printf 'ady\\n'; exec sleep 1000",
  'ansi-ready.sh': "printf '\\033[1;32mready\\033[0m\\n'; exec sleep 1000",
  'noisy-ready.sh':
    "echo 'error handlers installed'; echo 'exception reporting: off'; echo 'ERROR count: 0'; echo ready; exec sleep 1000",
  'slow-ready.sh': 'echo booting; sleep 3; echo ready; exec sleep 1000',
  'batch.sh': 'echo migrating; sleep 0.5; echo done; exit 0',
  // A web server on loopback; /cgi-bin/warm answers 503 until $WARM seconds have passed.
  'serve.sh':
    'mkdir -p /tmp; (sleep "${WARM:-1}"; touch /tmp/warm) & httpd -f -p "127.0.0.1:$PORT" -h /www & sleep 0.3; echo "listening on $PORT"; wait'
}

const CGI: Record<string, string> = {
  boom: 'printf "Status: 500 Internal Server Error\\r\\nContent-Type: text/plain\\r\\n\\r\\nboom: no database"',
  empty: 'exit 0',
  warm: 'if [ -f /tmp/warm ]; then printf "Content-Type: text/plain\\r\\n\\r\\nok"; else printf "Status: 503 Service Unavailable\\r\\n\\r\\nwarming up"; fi'
}

const cli = new ExecDockerCli()
const runIds: string[] = []

async function build(tag: string, dockerfile: string, files: Record<string, string>) {
  const dir = makeContext(dockerfile)
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), content)
  }
  try {
    await cli.exec(['build', '-q', '-t', tag, dir], { env: { DOCKER_BUILDKIT: '0' } })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function smoke(image: string, inputs: Record<string, string>): Promise<SmokeReport> {
  const runId = `smoke-verdicts-${process.pid}-${runIds.length}`
  runIds.push(runId)
  const opts = parseSmokeInputs(name => ({ 'smoke-timeout': '20', ...inputs })[name] ?? '')
  // The plan names the smoke-secrets file; runSmoke creates its directory and removes it.
  const envFile = join(tmpdir(), `btp-smoke-${runId}`, 'secrets.env')
  const runs = smokeRunArgs(opts, image, { runId, defaultNetwork: 'none', envFile })
  return runSmoke(cli, { image, envFile, runs }, opts)
}

beforeAll(async () => {
  requireEngine()
  const files: Record<string, string> = { 'www/health': 'ok\n' }
  for (const [name, body] of Object.entries(SCRIPTS)) files[`cases/${name}`] = `${body}\n`
  for (const [name, body] of Object.entries(CGI))
    files[`www/cgi-bin/${name}`] = `#!/bin/sh\n${body}\n`
  await build(
    APP,
    'COPY cases /cases\nCOPY www /www\nRUN chmod +x /www/cgi-bin/*\nCMD ["sh","/cases/ready-stays.sh"]',
    files
  )
  await build(
    HEALTHY,
    'HEALTHCHECK --interval=1s --timeout=2s --start-period=8s --retries=2 CMD test -f /tmp/ok\nCMD ["sh","-c","mkdir -p /tmp; sleep 2; touch /tmp/ok; echo ready; exec sleep 1000"]',
    {}
  )
})

afterAll(async () => {
  await docker('image', 'rm', '-f', APP, HEALTHY).catch(() => '')
  for (const runId of runIds) {
    expect(await docker('ps', '-aq', '--filter', `label=build-tag-push.run=${runId}`)).toBe('')
  }
})

type Expect = ['passed' | 'failed', RegExp]

describe('a service must stay up after it says it is ready', () => {
  it.concurrent.each<[string, string, Expect]>([
    [
      'exits 0 right after ready',
      'ready-exit0.sh',
      [
        'failed',
        /^the container exited with code 0 .* after ready; a service must stay up 3 s \(smoke-settle\)$/
      ]
    ],
    [
      'twin: stays up',
      'ready-stays.sh',
      ['passed', /^all checks passed; stayed up 3 s after ready$/]
    ],
    [
      'killed 1 s after ready',
      'ready-killed.sh',
      ['failed', /^the container exited with code 137 1(\.\d)? s after ready/]
    ],
    [
      'traceback 2 s after ready',
      'ready-traceback.sh',
      [
        'failed',
        /^the container crashed \(Python exception\): RuntimeError: lost the database connection$/
      ]
    ],
    [
      'twin: a warning 2 s after ready',
      'ready-warning.sh',
      ['passed', /stayed up 3 s after ready$/]
    ],
    ['ready line on stderr', 'stderr-ready.sh', ['passed', /stayed up 3 s after ready$/]],
    [
      'ready line split over two writes',
      'split-ready.sh',
      ['passed', /stayed up 3 s after ready$/]
    ],
    ['ready line in ANSI colour', 'ansi-ready.sh', ['passed', /stayed up 3 s after ready$/]],
    [
      'logs that merely contain error and exception',
      'noisy-ready.sh',
      ['passed', /stayed up 3 s after ready$/]
    ],
    ['slow starter', 'slow-ready.sh', ['passed', /stayed up 3 s after ready$/]]
  ])('%s', async (_name, script, [result, message]) => {
    const r = await smoke(APP, { 'smoke-command': `sh /cases/${script}`, 'smoke-log': '^ready$' })
    expect(r.scenarios[0].message).toMatch(message)
    expect(r.result).toBe(result)
    if (script === 'ready-traceback.sh') {
      expect(r.scenarios[0].cause).toBe('RuntimeError: lost the database connection')
    }
  })

  it.concurrent('a command missing from the image fails as a failed docker run', async () => {
    const r = await smoke(APP, { 'smoke-command': 'no-such-app --serve', 'smoke-log': '^ready$' })
    expect(r.scenarios[0].message).toMatch(/^docker run failed: .*no-such-app/)
    expect(r.result).toBe('failed')
  })

  it.concurrent('batch job with smoke-exit-code 0 has no stay-up window', async () => {
    const r = await smoke(APP, {
      'smoke-command': 'sh /cases/batch.sh',
      'smoke-log': '^done$',
      'smoke-exit-code': '0'
    })
    expect(r.scenarios[0].message).toBe('exited with code 0 as expected')
    expect(r.result).toBe('passed')
  })

  it.concurrent('HEALTHCHECK with a start period passes, then stays up', async () => {
    const r = await smoke(HEALTHY, { 'smoke-timeout': '30' })
    expect(r.scenarios[0].checks.map(c => [c.name, c.result])).toEqual([
      ['health: healthy', 'passed'],
      ['stays up 3 s after ready', 'passed']
    ])
    expect(r.result).toBe('passed')
  })
})

describe('a probe that keeps getting a wrong answer fails after the grace period', () => {
  const grace = 'after the 2 s grace period \\(smoke-http-grace\\)$'
  it.concurrent.each<[string, string, Record<string, string>, Expect]>([
    [
      'twin: health route answers 200',
      '/health',
      {},
      ['passed', /^all checks passed; stayed up 3 s after ready$/]
    ],
    ['wrong port', 'WRONG_PORT', {}, ['failed', new RegExp(`: got ECONNREFUSED ${grace}`)]],
    [
      'health route answers 500',
      '/cgi-bin/boom',
      {},
      ['failed', new RegExp(`: got status 500, body "boom: no database" ${grace}`)]
    ],
    [
      'health route answers 404',
      '/missing',
      {},
      ['failed', new RegExp(`: got status 404, body .* ${grace}`)]
    ],
    [
      'empty reply',
      '/cgi-bin/empty',
      {},
      ['failed', new RegExp(`: got empty reply \\(connection closed without an answer\\) ${grace}`)]
    ],
    [
      'warm-up: 503 for 1 s, then 200',
      '/cgi-bin/warm',
      { WARM: '1' },
      ['passed', /stayed up 3 s after ready$/]
    ],
    [
      'twin: 503 for good',
      '/cgi-bin/warm',
      { WARM: '1000' },
      ['failed', new RegExp(`: got status 503, body "warming up" ${grace}`)]
    ]
  ])('%s', async (_name, path, env, [result, message]) => {
    const port = await freePort()
    const url =
      path === 'WRONG_PORT'
        ? `http://127.0.0.1:${await freePort()}/health`
        : `http://127.0.0.1:${port}${path}`
    const r = await smoke(APP, {
      'smoke-command': 'sh /cases/serve.sh',
      'smoke-env': [`PORT=${port}`, ...Object.entries(env).map(([k, v]) => `${k}=${v}`)].join('\n'),
      'smoke-network': 'host',
      'smoke-log': '^listening on',
      'smoke-http': url
    })
    expect(r.scenarios[0].message).toMatch(message)
    expect(r.result).toBe(result)
  })

  it.concurrent('warm-up without a ready line: the grace starts at the first answer', async () => {
    const port = await freePort()
    const r = await smoke(APP, {
      'smoke-command': 'sh /cases/serve.sh',
      'smoke-env': `PORT=${port}\nWARM=1`,
      'smoke-network': 'host',
      'smoke-http': `http://127.0.0.1:${port}/cgi-bin/warm body=^ok$`
    })
    expect(r.scenarios[0].message).toBe('all checks passed; stayed up 3 s after ready')
    expect(r.result).toBe('passed')
  })
})
