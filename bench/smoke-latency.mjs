#!/usr/bin/env node
/**
 * How long after a container writes a line does the smoke runner see it?
 *
 * Not a test: prints median, min and max over several containers, for a line written at
 * start-up and a line written 0.5 s later. The clock for "written" is the daemon's own log
 * timestamp (`docker logs --timestamps`, taken when the engine reads the line from the
 * container), and "seen" is when the runner's LineSplitter hands the line over, on the same
 * host clock. Two ways of following the output are compared, in alternation:
 * - attached: `docker run` without `-d`, with the exact argv the runner uses (scenarioRunArgs);
 * - replay: `docker run -d`, then `docker logs -f` (what the runner did before).
 *
 *   node bench/smoke-latency.mjs [rounds]
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = join(root, 'build', 'bench')
const ROUNDS = Number(process.argv[2] ?? 10)
const GOAL_MS = 10
const IMAGE = 'btp-smoke-test/latency:bench'
const runId = `bench-${process.pid}`

// Only the matcher and the argv builder are compiled: neither has runtime imports.
execFileSync(
  'npx',
  [
    'tsc',
    '--outDir',
    outDir,
    '--rootDir',
    join(root, 'src', 'smoke'),
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
    '--target',
    'es2022',
    '--types',
    'node',
    '--skipLibCheck',
    join(root, 'src', 'smoke', 'line-matcher.ts'),
    join(root, 'src', 'smoke', 'run-args.ts')
  ],
  { cwd: root, stdio: 'inherit' }
)
const { LineSplitter } = await import(join(outDir, 'line-matcher.js'))
const { scenarioRunArgs } = await import(join(outDir, 'run-args.js'))

const docker = (...args) => execFileSync('docker', args, { encoding: 'utf8' }).trim()
const ctx = mkdtempSync(join(tmpdir(), 'btp-bench-'))
writeFileSync(
  join(ctx, 'Dockerfile'),
  'FROM localbase/busybox:1\nCMD ["sh","-c","echo start-line; sleep 0.5; echo late-line; exec sleep 30"]\n'
)
docker('build', '-q', '-t', IMAGE, ctx)
rmSync(ctx, { recursive: true, force: true })

/** Wall-clock milliseconds with sub-millisecond precision. */
const now = () => performance.timeOrigin + performance.now()

/** `2026-11-30T05:44:44.123456789Z` → epoch milliseconds with the nanoseconds kept. */
function daemonMs(stamp) {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(stamp)
  if (!m) throw new Error(`unexpected timestamp ${stamp}`)
  const frac = (m[2] ?? '0').padEnd(9, '0')
  return Date.parse(`${m[1]}Z`) + Number(frac) / 1e6
}

const scenario = {
  name: 'bench',
  args: [],
  env: [],
  logPatterns: [],
  logOrder: false,
  failPatterns: [],
  timeoutSec: 20,
  settleSec: 0,
  http: [],
  httpGraceSec: 2,
  health: 'false',
  ports: []
}

/** Runs one container, follows it the given way, returns when each line was seen. */
async function round(mode, i) {
  const name = `btp-${runId}-${mode}-${i}`
  const argv = scenarioRunArgs(scenario, IMAGE, { name, runId, defaultNetwork: 'none' })
  const seen = {}
  const children = []
  const follow = child => {
    children.push(child)
    const splitter = new LineSplitter(line => (seen[line] ??= now()))
    child.stdout.on('data', c => splitter.push(c))
    child.stderr.resume()
  }
  try {
    if (mode === 'attached') {
      follow(spawn('docker', argv, { stdio: ['ignore', 'pipe', 'pipe'] }))
    } else {
      const detached = ['run', '-d', ...argv.slice(1)]
      execFileSync('docker', detached, { stdio: 'ignore' })
      follow(spawn('docker', ['logs', '-f', name], { stdio: ['ignore', 'pipe', 'pipe'] }))
    }
    const deadline = Date.now() + 20000
    while (!(seen['start-line'] && seen['late-line']) && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 5))
    }
    const stamps = {}
    for (const l of docker('logs', '--timestamps', name).split('\n')) {
      const [stamp, text] = l.split(' ')
      stamps[text] = daemonMs(stamp)
    }
    return {
      start: seen['start-line'] - stamps['start-line'],
      late: seen['late-line'] - stamps['late-line']
    }
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM')
    try {
      docker('rm', '-f', name)
    } catch {
      // already gone
    }
  }
}

const results = { attached: { start: [], late: [] }, replay: { start: [], late: [] } }
try {
  for (let i = 0; i < ROUNDS; i++) {
    for (const mode of i % 2 === 0 ? ['attached', 'replay'] : ['replay', 'attached']) {
      const r = await round(mode, i)
      results[mode].start.push(r.start)
      results[mode].late.push(r.late)
    }
  }
} finally {
  try {
    docker('image', 'rm', '-f', IMAGE)
  } catch {
    // already gone
  }
}

const stats = xs => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b)
  return { n: s.length, median: s[Math.floor((s.length - 1) / 2)], min: s[0], max: s[s.length - 1] }
}
const fmt = ms => (ms === undefined ? '   -   ' : `${ms.toFixed(1).padStart(6)} ms`)
console.log(`\nready-line latency, line seen minus the daemon's log timestamp (${ROUNDS} rounds)`)
console.log('mode      line             n   median       min        max')
for (const mode of ['attached', 'replay']) {
  for (const [key, label] of [
    ['start', 'at start-up'],
    ['late', 'after 0.5 s']
  ]) {
    const s = stats(results[mode][key])
    console.log(
      `${mode.padEnd(9)} ${label.padEnd(15)} ${String(s.n).padStart(2)} ${fmt(s.median)} ${fmt(s.min)} ${fmt(s.max)}`
    )
  }
}
const a = [...results.attached.start, ...results.attached.late]
const ok = a.length === 2 * ROUNDS && stats(a).median <= GOAL_MS
console.log(
  `goal (runner, attached): median ≤ ${GOAL_MS} ms for both lines → ${ok ? 'holds' : 'MISSED'}`
)
