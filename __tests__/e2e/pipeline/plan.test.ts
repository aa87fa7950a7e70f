/**
 * The `plan` output is what the run does. For each row, the bundled action runs twice with the
 * same inputs and run id: once with `dry-run: true`, once for real against the lab engine (no
 * default bridge, buildx installed) and a loopback registry. A recording `docker` earlier on
 * PATH logs every argv, then execs the real CLI, so the real engine does the work.
 *   - The dry run's plan equals the real run's plan, except paths under RUNNER_TEMP.
 *   - The docker calls the real run made, of the kinds a plan lists (build, run, login, push,
 *     tag), are exactly the planned commands, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  docker,
  freePort,
  makeContext,
  registryTags,
  requireEngine,
  runAction,
  startRegistry,
  type ActionRun,
  type Registry
} from '../helpers/lab.js'

interface Plan {
  push: boolean
  targets: string[]
  commands: { phase: string; argv: string[]; env?: Record<string, string>; stdin?: string }[]
}

const USER = 'plan-bot'
const PASSWORD = 'plan-pa55'
let registry: Registry
let authRegistry: Registry
let shimDir: string
let workspace: string
let context: string
let secretContext: string
let httpPort: number
const builtRefs: string[] = []

/** A `docker` that logs its argv (fields split by \x1f, records by \x1e) and runs the real one. */
function writeShim(dir: string): void {
  const real = ['/usr/local/bin/docker', '/usr/bin/docker'].find(p => existsSync(p))
  if (!real) throw new Error('no docker CLI found')
  const path = join(dir, 'docker')
  writeFileSync(
    path,
    `#!/bin/sh\nfor a in "$@"; do printf '%s\\037' "$a" >> "$PLAN_SHIM_LOG"; done\nprintf '\\036' >> "$PLAN_SHIM_LOG"\nexec ${real} "$@"\n`
  )
  chmodSync(path, 0o755)
}

function readShimLog(path: string): string[][] {
  if (!existsSync(path)) return []
  return readFileSync(path, 'utf8')
    .split('\x1e')
    .filter(r => r !== '')
    .map(r => ['docker', ...r.split('\x1f').slice(0, -1)])
}

/** The calls a plan lists; inspections, logs, wait, rm and the engine probe are not planned. */
function planned(argv: string[]): boolean {
  const sub = argv[1] === 'buildx' ? `buildx ${argv[2]}` : argv[1]
  return ['build', 'buildx build', 'run', 'login', 'push', 'tag'].includes(sub)
}

function planOf(run: ActionRun): Plan {
  expect(run.outputs.plan).toBeDefined()
  return JSON.parse(run.outputs.plan) as Plan
}

/** Paths under RUNNER_TEMP are the only thing allowed to differ between two runs. */
function normalized(plan: Plan, run: ActionRun): Plan {
  const temp = join(run.dir, 'runner-temp')
  return JSON.parse(JSON.stringify(plan).split(temp).join('<RUNNER_TEMP>')) as Plan
}

beforeAll(async () => {
  requireEngine()
  registry = await startRegistry()
  authRegistry = await startRegistry({ user: USER, password: PASSWORD })
  httpPort = await freePort()
  shimDir = mkdtempSync(join(tmpdir(), 'plan-shim-'))
  writeShim(shimDir)
  workspace = mkdtempSync(join(tmpdir(), 'plan-ws-'))
  context = makeContext(
    'RUN echo built > /built\nCMD ["sh", "-c", "echo plan ready; exec sleep 300"]'
  )
  secretContext = makeContext(
    'RUN --mount=type=secret,id=tok test "$(cat /run/secrets/tok)" = s3cr3t-build\nCMD ["sh", "-c", "test \\"$API_KEY\\" = k3y || exit 3; echo plan ready; exec sleep 300"]'
  )
})

afterAll(async () => {
  await registry.stop()
  await authRegistry.stop()
  for (const dir of [shimDir, workspace, context, secretContext]) {
    rmSync(dir, { recursive: true, force: true })
  }
  if (builtRefs.length > 0) await docker('image', 'rm', '-f', ...builtRefs).catch(() => '')
})

type Row = [string, () => Record<string, string>, { registry?: () => Registry }]

const ROWS: Row[] = [
  ['buildx (auto) on an engine without a bridge', () => ({ context }), {}],
  ['legacy builder (buildx: false)', () => ({ context, buildx: 'false' }), {}],
  [
    'build secrets and smoke secrets',
    () => ({
      context: secretContext,
      secrets: 'tok=s3cr3t-build',
      'smoke-secrets': 'API_KEY=k3y'
    }),
    {}
  ],
  [
    'cache-from a registry',
    () => ({ context, 'cache-from': `type=registry,ref=${registry.host}/plan/cache:none` }),
    {}
  ],
  [
    'explicit build network and a smoke HTTP probe (host network picked for the smoke run)',
    () => ({
      context,
      network: 'none',
      'smoke-command': `sh -c "mkdir -p /www && echo ok > /www/health; exec httpd -f -p 127.0.0.1:${httpPort} -h /www"`,
      'smoke-http': `http://127.0.0.1:${httpPort}/health`
    }),
    {}
  ],
  [
    'login to a registry with credentials',
    () => ({ context, username: USER, password: PASSWORD }),
    { registry: () => authRegistry }
  ]
]

describe('dry-run plan equals what the real run executes', () => {
  it.each(ROWS)('%s', async (name, inputsOf, opts) => {
    const reg = (opts.registry ?? (() => registry))()
    const slug = `plan-${ROWS.findIndex(r => r[0] === name)}`
    const image = `${reg.host}/plan/${slug}`
    const runId = `${Date.now()}`
    const log = join(shimDir, `${runId}.log`)
    const common = {
      eventName: 'push',
      ref: 'refs/tags/v1.4.2',
      // As on GitHub: the commit time dates the image, so both runs label it the same.
      payload: { head_commit: { timestamp: '2026-05-04T03:02:01Z' } },
      workspace,
      env: {
        PATH: `${shimDir}:${process.env.PATH ?? ''}`,
        PLAN_SHIM_LOG: log,
        GITHUB_RUN_ID: runId
      }
    }
    const inputs: Record<string, string> = { images: image, 'smoke-settle': '1', ...inputsOf() }

    const dry = await runAction({ ...common, inputs: { ...inputs, 'dry-run': 'true' } })
    expect({ code: dry.exitCode, out: dry.exitCode === 0 ? '' : dry.stdout }).toEqual({
      code: 0,
      out: ''
    })
    const dryCalls = readShimLog(log)
    // The dry run only asks the engine questions.
    expect(dryCalls.filter(planned)).toEqual([])
    rmSync(log, { force: true })

    const real = await runAction({ ...common, inputs })
    expect({ code: real.exitCode, out: real.exitCode === 0 ? '' : real.stdout }).toEqual({
      code: 0,
      out: ''
    })
    const realPlan = planOf(real)
    builtRefs.push(...realPlan.targets)

    expect(normalized(planOf(dry), dry)).toEqual(normalized(realPlan, real))
    // A retried push runs the same argv again (a loaded machine can make the registry slow):
    // consecutive repeats are one planned call.
    const executed = readShimLog(log)
      .filter(planned)
      .filter((argv, i, all) => i === 0 || JSON.stringify(argv) !== JSON.stringify(all[i - 1]))
    if (executed.length !== readShimLog(log).filter(planned).length) {
      expect(real.stdout).toMatch(/retry|retrying|attempt/i)
    }
    expect(executed).toEqual(realPlan.commands.map(c => c.argv))

    expect(realPlan.push).toBe(true)
    // Login comes first, so the build can pull private base images and registry caches.
    expect(realPlan.commands.map(c => c.phase)).toEqual([
      ...(inputs.username ? ['login'] : []),
      'build',
      'smoke',
      ...realPlan.targets.map(() => 'push')
    ])
    const cred = inputs.username ? { user: USER, password: PASSWORD } : undefined
    expect(await registryTags(reg, `plan/${slug}`, cred)).toEqual(
      realPlan.targets.map(t => t.slice(t.lastIndexOf(':') + 1)).sort()
    )
    const build = realPlan.commands.find(c => c.phase === 'build')!
    if (inputs.buildx === 'false') {
      expect(build.argv.slice(0, 2)).toEqual(['docker', 'build'])
      expect(build.env).toEqual({ DOCKER_BUILDKIT: '0' })
    } else {
      expect(build.argv.slice(0, 4)).toEqual(['docker', 'buildx', 'build', '--load'])
      // No default bridge here, so BuildKit's RUN steps get the host network unless told otherwise.
      expect(build.argv[build.argv.indexOf('--network') + 1]).toBe(inputs.network || 'host')
    }
    // Secrets travel as file paths under RUNNER_TEMP, never as values.
    expect(JSON.stringify(realPlan)).not.toMatch(/s3cr3t-build|k3y|plan-pa55/)
  })
})
