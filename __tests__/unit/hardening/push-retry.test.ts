import { describe, expect, it } from '@jest/globals'
import {
  inspectedDigest,
  manifestInspectArgv,
  pushAll,
  pushReportMarkdown,
  type PushItem
} from '../../../src/registry/push.js'
import { loginArgv, pushArgv } from '../../../src/docker/argv.js'
import { login } from '../../../src/registry/login.js'
import { RetryBudget, type RegistryRetry } from '../../../src/registry/retry.js'
import { FakeDocker } from '../fake-docker.js'

const D1 = `sha256:${'a'.repeat(64)}`
const targets: PushItem[] = [
  { ref: 'reg:5000/app:latest', floating: true },
  { ref: 'reg:5000/app:v1.2.3', floating: false },
  { ref: 'reg:5000/app:1', floating: true },
  { ref: 'reg:5000/app:1.2', floating: true },
  { ref: 'mirror:5000/app:v1.2.3', floating: false }
].map(t => ({ ...t, argv: pushArgv(t.ref) }))
/** Push output is echoed in the log; the tests keep it out of theirs. */
const quiet = { echo: () => undefined }
const loginCall = (registry: string, user: string) => ({ argv: loginArgv(registry, user) })

const BAD_GATEWAY = 'received unexpected HTTP status: 502 Bad Gateway\n'
const DENIED = 'denied: requested access to the resource is denied\n'
const EOF = (ref: string): string =>
  `Put "http://${ref.split('/')[0]}/v2/app/manifests/${ref.split(':').pop()}": EOF\n`

/** Scripted registry: `failures[ref]` is consumed one stderr per push attempt. */
function registry(
  failures: Record<string, string[]> = {},
  committed = new Set<string>(),
  /** Pushes the registry commits but whose answer is lost (EOF on the manifest PUT). */
  lateFail = new Set<string>()
) {
  const pushes: string[] = []
  const docker = new FakeDocker(args => {
    if (args[0] === 'push') {
      const ref = args[1]
      pushes.push(ref)
      if (lateFail.has(ref)) {
        committed.add(ref)
        return { exitCode: 1, stderr: EOF(ref) }
      }
      const next = failures[ref]?.shift()
      if (next) return { exitCode: 1, stderr: next }
      committed.add(ref)
      return { stdout: `${ref.split(':').pop()}: digest: ${D1} size: 527\n` }
    }
    if (args[0] === 'manifest') {
      const ref = args[args.length - 1]
      return committed.has(ref)
        ? { stdout: JSON.stringify({ Ref: ref, Descriptor: { digest: D1 } }) }
        : { exitCode: 1, stderr: `no such manifest: ${ref}\n` }
    }
    if (args[0] === 'login') {
      const next = failures.login?.shift()
      return next ? { exitCode: 1, stderr: next } : { stdout: 'Login Succeeded\n' }
    }
    return {}
  })
  return { docker, pushes, committed }
}

function retry(
  extra: Partial<RegistryRetry> = {}
): RegistryRetry & { slept: number[]; warned: string[] } {
  const slept: number[] = []
  const warned: string[] = []
  return {
    retries: 3,
    maxWaitMs: 60000,
    baseMs: 100,
    random: () => 0.5,
    sleep: async ms => {
      slept.push(ms)
    },
    warn: m => warned.push(m),
    ...extra,
    slept,
    warned
  }
}

describe('pushAll with retries', () => {
  it('retries a transient failure and publishes everything, immutable first', async () => {
    const r = registry({ 'reg:5000/app:v1.2.3': [BAD_GATEWAY, BAD_GATEWAY] })
    const opts = retry()
    const report = await pushAll(r.docker, targets, opts, quiet)
    expect(report.error).toBeUndefined()
    expect(report.notPushed).toEqual([])
    expect(report.digest).toBe(D1)
    // Both immutable tags in one wave (the retried one three times), then the floating wave.
    expect([...r.pushes.slice(0, 4)].sort()).toEqual([
      'mirror:5000/app:v1.2.3',
      'reg:5000/app:v1.2.3',
      'reg:5000/app:v1.2.3',
      'reg:5000/app:v1.2.3'
    ])
    expect(r.pushes.slice(4)).toEqual(['reg:5000/app:latest', 'reg:5000/app:1', 'reg:5000/app:1.2'])
    expect(report.results[0]).toMatchObject({ status: 'published', attempts: 3, digest: D1 })
    expect(opts.slept).toEqual([50, 100])
    expect(opts.warned[0]).toMatch(/^push reg:5000\/app:v1\.2\.3: HTTP 5xx .*attempt 2 of 4$/)
  })

  it('fails a permanent error at once and holds every floating tag back', async () => {
    const r = registry({ 'reg:5000/app:v1.2.3': [DENIED] })
    const opts = retry()
    const report = await pushAll(r.docker, targets, opts, quiet)
    expect(opts.slept).toEqual([])
    // The other immutable tag is still published: it is correct on its own.
    expect(report.pushed).toEqual(['mirror:5000/app:v1.2.3'])
    expect(report.notPushed).toEqual([
      'reg:5000/app:v1.2.3',
      'reg:5000/app:latest',
      'reg:5000/app:1',
      'reg:5000/app:1.2'
    ])
    expect(r.pushes).not.toContain('reg:5000/app:latest')
    expect(report.results.filter(x => x.status === 'skipped')).toHaveLength(3)
    expect(report.error).toBe(
      'reg:5000/app:v1.2.3: docker push failed (exit 1): denied: requested access to the resource is denied (3 floating tags held back)'
    )
  })

  it('gives up after the retries and reports exactly what is published', async () => {
    const r = registry({ 'reg:5000/app:1': Array(10).fill(BAD_GATEWAY) })
    const report = await pushAll(r.docker, targets, retry({ retries: 2 }), quiet)
    expect(report.pushed).toEqual([
      'reg:5000/app:v1.2.3',
      'mirror:5000/app:v1.2.3',
      'reg:5000/app:latest',
      'reg:5000/app:1.2'
    ])
    expect(report.notPushed).toEqual(['reg:5000/app:1'])
    expect(report.error).toMatch(
      /^reg:5000\/app:1: .*502 Bad Gateway \(HTTP 5xx; gave up after 3 attempts\)$/
    )
    expect(report.results.find(x => x.ref === 'reg:5000/app:1')).toMatchObject({
      status: 'failed',
      attempts: 3
    })
  })

  it('shares the wait budget: a dead registry does not cost retry-max-wait per tag', async () => {
    const all = Object.fromEntries(targets.map(t => [t.ref, Array(10).fill(BAD_GATEWAY)]))
    const opts = retry({ retries: 5, maxWaitMs: 1000, baseMs: 400, random: () => 0.999 })
    const r = registry(all)
    const report = await pushAll(r.docker, targets, opts, quiet)
    expect(report.pushed).toEqual([])
    expect(opts.slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1000)
    // Floating tags are never attempted while an immutable tag is missing.
    expect(new Set(r.pushes)).toEqual(new Set(['reg:5000/app:v1.2.3', 'mirror:5000/app:v1.2.3']))
  })

  it('asks the registry when a push failed late, and counts a committed tag as published', async () => {
    // The manifest PUT reached the registry but the answer was lost, on every attempt.
    const r = registry({}, new Set(), new Set(['mirror:5000/app:v1.2.3']))
    const failing = r.docker
    const report = await pushAll(failing, targets, retry({ retries: 1 }), quiet)
    expect(report.notPushed).toEqual([])
    expect(report.error).toBeUndefined()
    const mirror = report.results.find(x => x.ref === 'mirror:5000/app:v1.2.3')
    expect(mirror).toMatchObject({ status: 'published', digest: D1 })
    expect(mirror?.error).toMatch(/EOF.*manifest check/)
    expect(failing.calls.some(c => c[0] === 'manifest')).toBe(true)
    expect(report.pushed).toContain('reg:5000/app:latest')
  })

  it('is idempotent: a rerun after a partial push republishes the same digest everywhere', async () => {
    const committed = new Set<string>()
    const first = registry({ 'reg:5000/app:v1.2.3': [DENIED] }, committed)
    await pushAll(first.docker, targets, retry(), quiet)
    const second = registry({}, committed)
    const report = await pushAll(second.docker, targets, retry(), quiet)
    expect(report.notPushed).toEqual([])
    expect(new Set(report.results.map(x => x.digest))).toEqual(new Set([D1]))
  })
})

describe('manifest check helpers', () => {
  it('uses --insecure only for loopback registries', () => {
    expect(manifestInspectArgv('127.0.0.1:5000/a:1')).toEqual([
      'manifest',
      'inspect',
      '--verbose',
      '--insecure',
      '127.0.0.1:5000/a:1'
    ])
    expect(manifestInspectArgv('localhost:5000/a:1')).toContain('--insecure')
    expect(manifestInspectArgv('ghcr.io/acme/a:1')).not.toContain('--insecure')
    expect(manifestInspectArgv('127.evil.com/a:1')).not.toContain('--insecure')
  })

  it('reads the digest from single manifests and lists, and tolerates junk', () => {
    expect(inspectedDigest(JSON.stringify({ Descriptor: { digest: D1 } }))).toBe(D1)
    expect(inspectedDigest(JSON.stringify([{ Descriptor: { digest: D1 } }]))).toBe(D1)
    expect(inspectedDigest('not json')).toBe('')
    expect(inspectedDigest('null')).toBe('')
  })
})

describe('pushReportMarkdown', () => {
  it('lists every tag with its status, digest and reason', async () => {
    const r = registry({ 'reg:5000/app:v1.2.3': [DENIED] })
    const md = pushReportMarkdown(await pushAll(r.docker, targets, retry(), quiet))
    expect(md).toMatch(
      /\| `mirror:5000\/app:v1\.2\.3` \| immutable \| ✅ published \| `sha256:a+` \|/
    )
    expect(md).toMatch(/\| `reg:5000\/app:v1\.2\.3` \| immutable \| ❌ failed \| {2}\| .*denied/)
    expect(md).toMatch(/\| `reg:5000\/app:latest` \| floating \| ⏸️ held back \|/)
    expect(md).toMatch(/4 of 5 tags are not published\. Pushing is idempotent/)
  })

  it('leaves the digest out of every row when all tags share one (the summary shows it once)', async () => {
    const r = registry({})
    const md = pushReportMarkdown(await pushAll(r.docker, targets, retry(), quiet))
    expect(md).toMatch(/^\| Tag \| Kind \| Status \| Detail \|$/m)
    expect(md).toMatch(/\| `reg:5000\/app:latest` \| floating \| ✅ published \| {2}\|/)
    expect(md).not.toContain('sha256:')
  })
})

describe('login with retries', () => {
  it('retries a 502 and sends the password on stdin only', async () => {
    const r = registry({
      login: [
        'Error response from daemon: login attempt to http://reg:5000/v2/ failed with status: 502 Bad Gateway\n'
      ]
    })
    const opts = retry()
    await login(
      r.docker,
      loginCall('reg:5000', 'bot'),
      { registry: 'reg:5000', password: 's3cret' },
      opts
    )
    const logins = r.docker.calls.filter(c => c[0] === 'login')
    expect(logins).toHaveLength(2)
    for (const argv of logins) expect(argv.join(' ')).not.toContain('s3cret')
    expect(r.docker.inputs.filter(i => i !== undefined)).toEqual(['s3cret', 's3cret'])
    expect(opts.warned[0]).toMatch(/^login reg:5000: HTTP 5xx/)
  })

  it('fails a rejected password at once with the registry message', async () => {
    const r = registry({
      login: [
        'Error response from daemon: login attempt to http://reg:5000/v2/ failed with status: 401 Unauthorized\n'
      ]
    })
    const opts = retry()
    await expect(
      login(
        r.docker,
        loginCall('reg:5000', 'bot'),
        { registry: 'reg:5000', password: 'nope' },
        opts
      )
    ).rejects.toThrow(/401 Unauthorized/)
    expect(opts.slept).toEqual([])
  })

  it('shares a budget with the push phase when given one', async () => {
    const budget = new RetryBudget(retry({ maxWaitMs: 0 }))
    const r = registry()
    await login(
      r.docker,
      loginCall('reg:5000', 'u'),
      { registry: 'reg:5000', password: 'p' },
      budget
    )
    expect(budget.waitedMs).toBe(0)
  })
})
