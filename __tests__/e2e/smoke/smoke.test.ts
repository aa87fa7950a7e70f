/**
 * The smoke runner against the real engine: images from the local busybox base, host network
 * for HTTP (the lab engine has no bridge), and no container may outlive its test.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { ExecDockerCli } from '../../../src/docker/cli.js'
import {
  parseSmokeInputs,
  runSmoke,
  smokeRunArgs,
  type SmokeReport
} from '../../../src/smoke/index.js'
import { docker, freePort, leftoverContainers, makeContext, requireEngine } from '../helpers/lab.js'

const IMAGES = {
  tools: 'btp-smoke-test/tools:e2e',
  httpd: 'btp-smoke-test/httpd:e2e',
  healthy: 'btp-smoke-test/healthy:e2e',
  unhealthy: 'btp-smoke-test/unhealthy:e2e'
}
const HTTPD_CMD =
  'CMD ["sh","-c","mkdir -p /www && echo ok > /www/health; exec httpd -f -v -p 127.0.0.1:$PORT -h /www"]'
const CGI_500 =
  '#!/bin/sh\nprintf "Status: 500 Internal Server Error\\r\\nContent-Type: text/plain\\r\\n\\r\\nboom"\n'

// testTimeout in a jest project entry is ignored, so the file sets its own.
jest.setTimeout(180000)

const cli = new ExecDockerCli()
let runs = 0
const runIds: string[] = []
const envRoot = mkdtempSync(join(tmpdir(), 'plan-smoke-env-'))
/** The plan names the smoke-secrets file; its directory must not exist yet. */
const envFileFor = (runId: string): string => join(envRoot, `btp-smoke-${runId}`, 'secrets.env')

async function build(
  tag: string,
  dockerfile: string,
  files: Record<string, string> = {}
): Promise<void> {
  const dir = makeContext(dockerfile, files)
  try {
    await cli.exec(['build', '-q', '-t', tag, dir], { env: { DOCKER_BUILDKIT: '0' } })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function smoke(image: string, inputs: Record<string, string>): Promise<SmokeReport> {
  const runId = `e2e-${process.pid}-${++runs}`
  runIds.push(runId)
  const opts = parseSmokeInputs(name => inputs[name] ?? '')
  const envFile = envFileFor(runId)
  const planned = smokeRunArgs(opts, image, { runId, defaultNetwork: 'none', envFile })
  return runSmoke(cli, { image, envFile, runs: planned }, opts)
}

beforeAll(async () => {
  requireEngine()
  await build(IMAGES.tools, 'CMD ["sleep", "1000"]')
  await build(
    IMAGES.httpd,
    `COPY health /www/cgi-bin/health\nRUN chmod +x /www/cgi-bin/health\n${HTTPD_CMD}`,
    { health: CGI_500 }
  )
  await build(
    IMAGES.healthy,
    'HEALTHCHECK --interval=1s --timeout=2s --start-period=10s --retries=2 CMD test -f /tmp/ok\nCMD ["sh","-c","echo booting; sleep 1; touch /tmp/ok; exec sleep 1000"]'
  )
  await build(
    IMAGES.unhealthy,
    'HEALTHCHECK --interval=1s --timeout=2s --start-period=1s --retries=1 CMD test -f /tmp/never\nCMD ["sleep","1000"]'
  )
})

afterEach(async () => {
  // Only this file's runs: other suites may share the engine at the same time.
  for (const runId of runIds.splice(0)) {
    expect(await docker('ps', '-aq', '--filter', `label=build-tag-push.run=${runId}`)).toBe('')
  }
})

afterAll(async () => {
  rmSync(envRoot, { recursive: true, force: true })
  await docker('image', 'rm', '-f', ...Object.values(IMAGES)).catch(() => '')
  expect(await leftoverContainers()).toEqual([])
})

describe('smoke on the real engine', () => {
  it('passes an httpd serving /health', async () => {
    const port = await freePort()
    const r = await smoke(IMAGES.httpd, {
      'smoke-env': `PORT=${port}`,
      'smoke-network': 'host',
      'smoke-http': `http://127.0.0.1:${port}/health body=^ok`,
      'smoke-timeout': '20'
    })
    expect(r.message).toBe('1 smoke scenario passed')
    expect(r.result).toBe('passed')
    expect(r.scenarios[0].checks[0]).toMatchObject({ result: 'passed', matchedLine: 'status 200' })
  })

  it('fails an endpoint answering 500 once the grace period is over, naming status and body', async () => {
    const port = await freePort()
    const r = await smoke(IMAGES.httpd, {
      'smoke-env': `PORT=${port}`,
      'smoke-network': 'host',
      'smoke-http': `http://127.0.0.1:${port}/cgi-bin/health`,
      'smoke-http-grace': '1',
      'smoke-timeout': '30'
    })
    expect(r.result).toBe('failed')
    expect(r.message).toBe(
      `GET http://127.0.0.1:${port}/cgi-bin/health → 2xx: got status 500, body "boom" after the 1 s grace period (smoke-http-grace)`
    )
  })

  it('fails at the timeout when the port never opens', async () => {
    const port = await freePort()
    const started = Date.now()
    const r = await smoke(IMAGES.tools, {
      'smoke-network': 'host',
      'smoke-http': `http://127.0.0.1:${port}/health`,
      'smoke-timeout': '3'
    })
    expect(r.result).toBe('failed')
    expect(r.message).toMatch(/^timed out after 3s waiting for: GET .* \(last: ECONNREFUSED\)$/)
    expect(Date.now() - started).toBeLessThan(15000)
  })

  it('fails at once, with the output, when the server exits before its port opens', async () => {
    const port = await freePort()
    const started = Date.now()
    const r = await smoke(IMAGES.tools, {
      'smoke-network': 'host',
      'smoke-command': `sh -c 'echo "config file missing" >&2; exit 1'`,
      'smoke-http': `http://127.0.0.1:${port}/health`,
      'smoke-timeout': '30'
    })
    expect(r.result).toBe('failed')
    expect(r.message).toMatch(/^the container exited with code 1 before: GET /)
    expect(r.scenarios[0].outputTail).toEqual(['config file missing'])
    expect(Date.now() - started).toBeLessThan(10000)
  })

  it('passes once the HEALTHCHECK turns healthy', async () => {
    const r = await smoke(IMAGES.healthy, { 'smoke-timeout': '30', 'smoke-settle': '1' })
    expect(r.result).toBe('passed')
    expect(r.scenarios[0].checks.map(c => [c.name, c.result])).toEqual([
      ['health: healthy', 'passed'],
      ['stays up 1 s after ready', 'passed']
    ])
  })

  it('fails when the HEALTHCHECK reports unhealthy', async () => {
    const r = await smoke(IMAGES.unhealthy, { 'smoke-timeout': '30' })
    expect(r.result).toBe('failed')
    expect(r.message).toMatch(/^container became unhealthy \(last check exit 1/)
  })

  it.each<[string, string, string, 'passed' | 'failed', RegExp]>([
    ['exit 0 expecting 0', '0', '0', 'passed', /^1 smoke scenario passed$/],
    ['exit 3 expecting 0', '3', '0', 'failed', /^the container exited with code 3, expected 0$/],
    ['exit 3 expecting 3', '3', '3', 'passed', /^1 smoke scenario passed$/]
  ])('batch job: %s', async (_name, code, expected, result, message) => {
    const r = await smoke(IMAGES.tools, {
      'smoke-command': `sh -c 'echo working; exit "$CODE"'`,
      'smoke-env': `CODE=${code}`,
      'smoke-exit-code': expected,
      'smoke-log': 'working'
    })
    expect(r.message).toMatch(message)
    expect(r.result).toBe(result)
    expect(r.scenarios[0].exitCode).toBe(Number(code))
  })

  it('finds a ready line written in two parts 2 s apart', async () => {
    const r = await smoke(IMAGES.tools, {
      'smoke-command': `sh -c "printf 're'; sleep 2; printf 'ady\\n'; exec sleep 1000"`,
      'smoke-log': '^ready$',
      'smoke-timeout': '20'
    })
    expect(r.result).toBe('passed')
    const [check] = r.scenarios[0].checks
    expect(check.matchedLine).toBe('ready')
    expect(check.timeMs).toBeGreaterThanOrEqual(1500)
  })

  it.each<[string, string, 'passed' | 'failed', RegExp]>([
    [
      'many MB of lines, then ready',
      `yes 'flood flood flood flood flood flood flood flood flood flood' | head -c 30000000; echo ready; exec sleep 1000`,
      'passed',
      /passed/
    ],
    [
      'megabytes without a newline, then ready',
      `head -c 8000000 /dev/zero | tr '\\\\0' x; echo; echo ready; exec sleep 1000`,
      'passed',
      /passed/
    ],
    [
      'many MB of lines, then a crash',
      `yes 'flood flood flood flood flood flood flood flood flood flood' | head -c 30000000; echo 'panic: out of luck'; exec sleep 1000`,
      'failed',
      /^the container crashed \(Go panic\): panic: out of luck$/
    ]
  ])('flood: %s', async (_name, script, result, message) => {
    const before = process.memoryUsage().rss
    const r = await smoke(IMAGES.tools, {
      'smoke-command': `sh -c "${script}"`,
      'smoke-log': '^ready$',
      'smoke-timeout': '90'
    })
    expect(r.message).toMatch(message)
    expect(r.result).toBe(result)
    const tail = r.scenarios[0].outputTail
    expect(tail.length).toBeLessThanOrEqual(200)
    expect(tail.every(l => l.length < 5000)).toBe(true)
    // The whole output is tens of MB; only a bounded tail may stay in memory.
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024)
  })
})
