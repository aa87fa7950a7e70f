/**
 * Crash consistency of the push phase: the action (and its docker children) is SIGKILLed at
 * a seeded random moment while it pushes a release, as a runner does on a hard cancel or a
 * lost machine. Invariants:
 *  - after the kill, no floating tag (`latest`, `1`, `1.2`) exists without `v1.2.3` and `1.2.3`;
 *  - the post step still removes the step's docker config (credentials) and containers;
 *  - a rerun publishes every tag with one digest, leaving already-published tags unchanged.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { faults, match, startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js'
import {
  docker,
  dockerSync,
  makeContext,
  readCommandFile,
  registryDigest,
  registryTags,
  requireEngine,
  startRegistry,
  type Registry,
  type RunActionOptions
} from '../helpers/lab.js'
import {
  releaseOptions,
  runFrom,
  runPostFrom,
  snapshotDist,
  startMain,
  type DistSnapshot
} from './dist-snapshot.js'

jest.setTimeout(180000)

const TAGS = ['1', '1.2', '1.2.3', 'latest', 'v1.2.3']
const FLOATING = ['1', '1.2', 'latest']
const SEEDS = Array.from({ length: 24 }, (_, i) => 1000 + i * 7919)
const PUSH_GROUP = '::group::Push'

let reg: Registry
let dist: DistSnapshot
let proxy: FaultProxy
let context: string
/** Push phase duration of an uninterrupted run; kills land uniformly inside it. */
let windowMs = 2000
const outcomes: { seed: number; delay: number; killed: boolean; tags: string[] }[] = []
const dirs: string[] = []

/** mulberry32: a tiny seeded PRNG, so a failing seed can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function options(repo: string): RunActionOptions {
  return releaseOptions(`${proxy.host}/${repo}`, context)
}

function childPids(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map(s => Number(s.trim()))
      .filter(n => n > 0)
  } catch {
    return []
  }
}

function consistent(tags: string[]): boolean {
  return (
    !tags.some(t => FLOATING.includes(t)) || (tags.includes('v1.2.3') && tags.includes('1.2.3'))
  )
}

beforeAll(async () => {
  requireEngine()
  dist = await snapshotDist()
  reg = await startRegistry()
  // Slow manifest PUTs stretch the push phase, so kills land between and inside tag pushes.
  proxy = await startFaultProxy(reg.host, [faults.stall(250, match.manifestPut())])
  context = makeContext(
    'RUN head -c 200000 /dev/urandom > /payload\nCMD ["sh", "-c", "echo ready; exec sleep 300"]'
  )
  // Warm the build cache and measure the push phase of an uninterrupted run.
  const { started, env, dir } = startMain(dist, options('btp-hard-test/crash-calibrate'))
  dirs.push(dir)
  let pushAt = 0
  const poll = setInterval(() => {
    if (!pushAt && started.output().includes(PUSH_GROUP)) pushAt = Date.now()
  }, 5)
  const res = await started.done
  clearInterval(poll)
  await runPostFrom(dist, env, dir)
  if (res.code !== 0) throw new Error(`calibration run failed:\n${res.stdout}\n${res.stderr}`)
  // Later runs push sooner than this one (its layers are new to the registry; theirs are
  // mounted), and parallel pushes leave little slack: kills land in the first 60%.
  windowMs = Math.max(500, Math.round((Date.now() - pushAt) * 0.6))
})

afterAll(async () => {
  // By ID as well as by name: a rebuild leaves the previous image untagged (`<none>`).
  const rows = await docker('images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}')
  for (const row of rows.split('\n')) {
    const [name, id] = row.split(' ')
    if (!name?.includes('/btp-hard-test/crash-')) continue
    if (dockerSync('rmi', '-f', name).code !== 0 && id) dockerSync('rmi', '-f', id)
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  rmSync(context, { recursive: true, force: true })
  dist?.remove()
  await proxy?.stop()
  await reg?.stop()
})

describe('SIGKILL during the push phase', () => {
  it.each(SEEDS)('seed %i: no floating tag without its release; rerun completes', async seed => {
    const repo = `btp-hard-test/crash-${seed}`
    const delay = Math.round(prng(seed)() * windowMs)
    const { started, env, dir } = startMain(dist, options(repo))
    dirs.push(dir)
    const pid = started.child.pid as number

    let killed = false
    const watcher = new Promise<void>(resolveWatch => {
      const poll = setInterval(() => {
        if (started.child.exitCode !== null || started.child.signalCode !== null) {
          clearInterval(poll)
          resolveWatch()
        } else if (started.output().includes(PUSH_GROUP)) {
          clearInterval(poll)
          setTimeout(() => {
            if (started.child.exitCode === null) {
              // Like a hard cancel: the action and the docker CLI it is running die together.
              const children = childPids(pid)
              started.child.kill('SIGKILL')
              for (const c of children) {
                try {
                  process.kill(c, 'SIGKILL')
                } catch {
                  // already gone
                }
              }
              killed = true
            }
            resolveWatch()
          }, delay)
        }
      }, 2)
    })
    await watcher
    await started.done

    // The engine may still finish a request the killed CLI had in flight, so the registry is
    // read until two snapshots agree; every snapshot along the way must be consistent.
    let tags: string[] = []
    let before: Record<string, string> = {}
    for (let i = 0; i < 40; i++) {
      const snapTags = await registryTags(reg, repo)
      expect(consistent(snapTags)).toBe(true)
      const snap: Record<string, string> = {}
      for (const t of snapTags) snap[t] = await registryDigest(reg, repo, t)
      const settled =
        Object.values(snap).every(d => d !== '') && JSON.stringify(snap) === JSON.stringify(before)
      tags = snapTags
      before = snap
      if (settled) break
      await new Promise(r => setTimeout(r, 250))
    }
    outcomes.push({ seed, delay, killed, tags })

    // The post step runs even after main was killed: credentials and containers go.
    const state = readCommandFile(env.GITHUB_STATE)
    const post = await runPostFrom(dist, env, dir)
    expect(post.code).toBe(0)
    if (state['docker-config']) expect(existsSync(state['docker-config'])).toBe(false)
    // Only this run's containers: other suites may be running smoke tests on the same engine.
    if (state['run-id']) {
      expect(
        await docker('ps', '-aq', '--filter', `label=build-tag-push.run=${state['run-id']}`)
      ).toBe('')
    }

    const rerun = await runFrom(dist, options(repo))
    dirs.push(rerun.dir)
    expect(rerun.exitCode).toBe(0)
    const after = await registryTags(reg, repo)
    expect(after).toEqual(TAGS)
    const digests = new Set<string>()
    for (const t of after) digests.add(await registryDigest(reg, repo, t))
    expect([...digests]).toEqual([rerun.outputs.digest])
    // A cached rebuild is the same image: tags published before the kill keep their digest.
    for (const d of Object.values(before)) expect(d).toBe(rerun.outputs.digest)
  })

  it('the kills really landed mid-push (the test is not vacuous)', () => {
    expect(outcomes).toHaveLength(SEEDS.length)
    const killed = outcomes.filter(o => o.killed)
    const partial = outcomes.filter(o => o.tags.length > 0 && o.tags.length < TAGS.length)
    const summary = outcomes.map(
      o => `${o.seed}@${o.delay}ms ${o.killed ? 'killed' : 'done'} [${o.tags.join(',')}]`
    )
    console.log(`push window ${windowMs}ms\n${summary.join('\n')}`)
    expect(killed.length).toBeGreaterThanOrEqual(20)
    expect(partial.length).toBeGreaterThanOrEqual(3)
  })
})
