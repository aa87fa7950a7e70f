import { describe, expect, it } from '@jest/globals'
import { PUSH_CONCURRENCY, pushAll, pushOrder, type PushItem } from '../../src/registry/push.js'
import type { DockerCli, ExecResult } from '../../src/docker/cli.js'
import { DockerError } from '../../src/util/errors.js'
import { pushArgv } from '../../src/docker/argv.js'
import { FakeDocker } from './fake-docker.js'

const targets = [
  { ref: 'r/app:latest', floating: true },
  { ref: 'r/app:v1.2.3', floating: false },
  { ref: 'r/app:1', floating: true },
  { ref: 'r/app:1.2.3', floating: false }
].map(t => ({ ...t, argv: pushArgv(t.ref) }))

describe('pushOrder', () => {
  it('puts immutable tags first and keeps the given order inside each group', () => {
    expect(pushOrder(targets).map(t => t.ref)).toEqual([
      'r/app:v1.2.3',
      'r/app:1.2.3',
      'r/app:latest',
      'r/app:1'
    ])
  })
})

describe('pushAll', () => {
  it('reports the digest from the push output', async () => {
    const docker = new FakeDocker(args =>
      args[0] === 'push'
        ? { stdout: `${args[1]}: digest: sha256:${'a'.repeat(64)} size: 527\n` }
        : {}
    )
    const report = await pushAll(docker, targets, undefined, quiet)
    expect(report.digest).toBe(`sha256:${'a'.repeat(64)}`)
    expect(report.pushed).toHaveLength(4)
    expect(report.notPushed).toEqual([])
    expect(docker.calls.map(c => c[1])).toEqual(pushOrder(targets).map(t => t.ref))
  })

  it('stops at the first failure and says what is and is not published', async () => {
    const docker = new FakeDocker(args =>
      args[1] === 'r/app:1.2.3'
        ? { exitCode: 1, stderr: 'denied: requested access to the resource is denied' }
        : {}
    )
    const report = await pushAll(docker, targets, undefined, quiet)
    expect(report.pushed).toEqual(['r/app:v1.2.3'])
    expect(report.notPushed).toEqual(['r/app:1.2.3', 'r/app:latest', 'r/app:1'])
    expect(report.error).toMatch(/denied/)
  })
})

const D = `sha256:${'d'.repeat(64)}`

/**
 * A docker CLI whose pushes take a while (a per-ref delay, in event-loop turns of a timer) and
 * record when they start and end, so the tests see what overlaps.
 */
class SlowRegistry implements DockerCli {
  readonly events: string[] = []
  readonly committed = new Set<string>()
  inFlight = 0
  maxInFlight = 0

  constructor(
    private readonly delayMs: (ref: string) => number = () => 5,
    /** `fail`: refused; `late`: committed, but the client sees EOF on the manifest PUT. */
    private readonly fault: (ref: string) => 'fail' | 'late' | undefined = () => undefined
  ) {}

  async exec(args: readonly string[]): Promise<ExecResult> {
    const ref = args[args.length - 1]
    if (args[0] === 'manifest') {
      if (this.committed.has(ref)) {
        return { exitCode: 0, stdout: JSON.stringify({ Descriptor: { digest: D } }), stderr: '' }
      }
      throw new DockerError([...args], 1, 'no such manifest', 'no such manifest')
    }
    this.events.push(`start ${ref}`)
    this.inFlight++
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    await new Promise(r => setTimeout(r, this.delayMs(ref)))
    this.inFlight--
    this.events.push(`end ${ref}`)
    const fault = this.fault(ref)
    if (fault === 'fail') {
      throw new DockerError([...args], 1, 'denied: access denied', 'denied: access denied\n')
    }
    this.committed.add(ref)
    if (fault === 'late') {
      throw new DockerError([...args], 1, 'EOF', `Put "http://x/v2/app/manifests/t": EOF\n`)
    }
    return { exitCode: 0, stdout: `${ref}: digest: ${D} size: 527\n`, stderr: '' }
  }

  spawn(): never {
    throw new Error('pushes never spawn')
  }

  killAll(): void {}
}

const quiet = { echo: () => undefined }
/** The classic store: the image id (a config digest) is not the digest a push reports. */
const classic = { ...quiet, imageId: `sha256:${'c'.repeat(64)}` }
const noRetry = { retries: 0, maxWaitMs: 0 }
const many = (n: number, floating: boolean, image = 'r/app'): PushItem[] =>
  Array.from({ length: n }, (_, i) => {
    const ref = `${image}:${floating ? 'f' : 'v'}${i}`
    return { ref, floating, argv: pushArgv(ref) }
  })

describe('pushAll in parallel', () => {
  it.each([
    { name: 'the default bound', concurrency: undefined, expected: PUSH_CONCURRENCY },
    { name: 'a bound of 3', concurrency: 3, expected: 3 },
    { name: 'a bound of 1 (sequential)', concurrency: 1, expected: 1 }
  ])('keeps at most the bound of pushes in flight: $name', async ({ concurrency, expected }) => {
    const docker = new SlowRegistry()
    const report = await pushAll(docker, many(20, false), noRetry, {
      ...classic,
      ...(concurrency ? { concurrency } : {})
    })
    expect(report.pushed).toHaveLength(20)
    expect(docker.maxInFlight).toBe(expected)
  })

  it('pushes several registries at once, after one first push alone', async () => {
    const targets = ['a:5000/app', 'b:5000/app', 'c:5000/app'].flatMap(image =>
      many(3, false, image)
    )
    const docker = new SlowRegistry()
    const report = await pushAll(docker, targets, noRetry, classic)
    expect(report.pushed).toHaveLength(9)
    expect(docker.events.slice(0, 2)).toEqual(['start a:5000/app:v0', 'end a:5000/app:v0'])
    expect(docker.maxInFlight).toBe(8)
  })

  it.each([
    { name: 'containerd store (the id is the pushed digest)', opts: { ...quiet, imageId: D } },
    { name: 'unknown store (no image id)', opts: quiet }
  ])('pushes one at a time on the $name', async ({ opts }) => {
    const docker = new SlowRegistry()
    const report = await pushAll(docker, [...many(2, true), ...many(4, false)], noRetry, opts)
    expect(report.pushed).toHaveLength(6)
    expect(docker.maxInFlight).toBe(1)
    expect(docker.events.filter(e => e.startsWith('start')).map(e => e.slice(12))).toEqual([
      'v0',
      'v1',
      'v2',
      'v3',
      'f0',
      'f1'
    ])
  })

  it.each([
    { store: 'classic' as const, expected: 4 },
    { store: 'containerd' as const, expected: 1 }
  ])(
    'needs no lone first push when the build told the store: $store',
    async ({ store, expected }) => {
      const docker = new SlowRegistry()
      const report = await pushAll(docker, many(4, false), noRetry, { ...quiet, imageStore: store })
      expect(report.pushed).toHaveLength(4)
      expect(docker.maxInFlight).toBe(expected)
    }
  )

  it('pushes the floating wave of an already seeded repository all at once', async () => {
    const docker = new SlowRegistry()
    await pushAll(docker, [...many(1, false), ...many(5, true)], noRetry, classic)
    const floatingStarts = docker.events.filter(e => e.startsWith('start r/app:f'))
    expect(floatingStarts).toHaveLength(5)
    expect(docker.maxInFlight).toBe(5)
  })

  it('starts the floating wave only after every immutable push ended', async () => {
    // The first immutable tag is the slowest: floating tags still wait for it.
    const docker = new SlowRegistry(ref => (ref.endsWith(':v0') ? 40 : 2))
    const report = await pushAll(docker, [...many(3, true), ...many(4, false)], noRetry, classic)
    const lastImmutableEnd = docker.events.lastIndexOf('end r/app:v0')
    const firstFloatingStart = docker.events.findIndex(e => e.startsWith('start r/app:f'))
    expect(firstFloatingStart).toBeGreaterThan(lastImmutableEnd)
    // v0 leads alone (the first push into the repository), then v1-v3 together.
    expect(docker.maxInFlight).toBe(3)
    // The report keeps the planned order, whatever order the pushes ended in.
    expect(report.results.map(r => r.ref)).toEqual([
      ...many(4, false).map(t => t.ref),
      ...many(3, true).map(t => t.ref)
    ])
  })

  it('holds every floating tag back when one immutable push fails, and pushes the other immutable ones', async () => {
    const docker = new SlowRegistry(
      ref => (ref.endsWith(':v2') ? 1 : 20),
      ref => (ref.endsWith(':v2') ? 'fail' : undefined)
    )
    const report = await pushAll(docker, [...many(2, true), ...many(4, false)], noRetry, classic)
    expect(report.pushed).toEqual(['r/app:v0', 'r/app:v1', 'r/app:v3'])
    expect(report.results.filter(r => r.status === 'skipped').map(r => r.ref)).toEqual([
      'r/app:f0',
      'r/app:f1'
    ])
    expect(docker.events.some(e => e.startsWith('start r/app:f'))).toBe(false)
    expect(report.error).toMatch(/r\/app:v2: .*denied.*\(2 floating tags held back\)/)
  })

  it('leaves held floating tags alone and pushes the rest of the wave', async () => {
    const docker = new SlowRegistry()
    const held = [
      {
        ref: 'r/app:f0',
        decision: { tag: 'f0', release: '1.0.0', held: true, newest: '2.0.0' },
        message: 'f0 stays on 2.0.0 (newer than 1.0.0)'
      }
    ]
    const report = await pushAll(docker, [...many(2, true), ...many(1, false)], noRetry, {
      ...classic,
      held
    })
    expect(report.held).toEqual(['r/app:f0'])
    expect(report.pushed).toEqual(['r/app:v0', 'r/app:f1'])
    expect(docker.events).not.toContain('start r/app:f0')
  })

  it('confirms a late-failing push with a digest that only a push ending after it reported', async () => {
    // v0 loses the answer to its manifest PUT before any other push has reported a digest.
    const docker = new SlowRegistry(
      ref => (ref.endsWith(':v0') ? 1 : 20),
      ref => (ref.endsWith(':v0') ? 'late' : undefined)
    )
    const report = await pushAll(docker, [...many(1, true), ...many(3, false)], noRetry, classic)
    expect(report.error).toBeUndefined()
    expect(report.results[0]).toMatchObject({ ref: 'r/app:v0', status: 'published', digest: D })
    expect(report.results[0].error).toMatch(/EOF.*manifest check/)
    expect(report.pushed).toContain('r/app:f0')
  })
})
