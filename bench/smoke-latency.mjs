#!/usr/bin/env node
/**
 * How long after a container writes a line does the smoke matcher see it?
 *
 * Not a test: prints p50/p95/max over 50 lines and whether the 50 ms goal holds. The same
 * path as runSmoke is measured (`docker logs -f` → LineSplitter → LogMatcher); the line is
 * fed in through the container's stdin so both ends of the clock are on this host, which
 * makes the figure an upper bound (it includes the stdin hop too).
 *
 *   node bench/smoke-latency.mjs
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = join(root, 'build', 'bench')
const LINES = 50
const GOAL_MS = 50
const IMAGE = 'btp-smoke-test/bench:latest'
const runId = `bench-${process.pid}`
const name = `btp-${runId}-0`

// Only the matcher is compiled: it has no runtime imports, so no bundler is needed.
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
    join(root, 'src', 'smoke', 'line-matcher.ts')
  ],
  { cwd: root, stdio: 'inherit' }
)
const { LineSplitter, LogMatcher } = await import(join(outDir, 'line-matcher.js'))

const docker = (...args) => execFileSync('docker', args, { encoding: 'utf8' }).trim()
const ctx = mkdtempSync(join(tmpdir(), 'btp-bench-'))
writeFileSync(
  join(ctx, 'Dockerfile'),
  'FROM localbase/busybox:1\nCMD ["sh","-c","while read -r l; do echo \\"$l\\"; done"]\n'
)
docker('build', '-q', '-t', IMAGE, ctx)
rmSync(ctx, { recursive: true, force: true })

const run = spawn(
  'docker',
  [
    'run',
    '-i',
    '--pull',
    'never',
    '--name',
    name,
    '--label',
    `build-tag-push.run=${runId}`,
    '--network',
    'none',
    IMAGE
  ],
  { stdio: ['pipe', 'ignore', 'inherit'] }
)
let logs
const sentAt = new Map()
const latencies = []
let onTick = () => undefined

function cleanup() {
  stopping = true
  clearInterval(warm)
  if (logs && logs.exitCode === null) process.kill(logs.pid, 'SIGTERM')
  if (run.exitCode === null) process.kill(run.pid, 'SIGTERM')
  try {
    docker('rm', '-f', name)
  } catch {
    // already gone
  }
  try {
    docker('image', 'rm', '-f', IMAGE)
  } catch {
    // already gone
  }
}

let stopping = false
let warm

/** Follows the container's output; restarts while the container does not exist yet. */
function follow(onLine) {
  if (stopping) return
  logs = spawn('docker', ['logs', '-f', name], { stdio: ['ignore', 'pipe', 'pipe'] })
  const out = new LineSplitter(onLine)
  const err = new LineSplitter(onLine)
  logs.stdout.on('data', c => out.push(c))
  logs.stderr.on('data', c => err.push(c))
  logs.on('exit', () => setTimeout(() => follow(onLine), 100))
}

try {
  const matcher = new LogMatcher(
    [{ source: '^tick (\\d+)$', regex: /^tick (\d+)$/, count: LINES }],
    [],
    false
  )
  // `warm` lines prove the whole path works before the clock starts.
  const ready = new Promise(resolveReady => {
    warm = setInterval(() => run.stdin.write('warm\n'), 100)
    follow(line => {
      if (line === 'warm') resolveReady()
      matcher.test(line)
      // Taken after matching, so the figure covers the matcher's own cost too.
      const now = performance.now()
      const m = /^tick (\d+)$/.exec(line)
      if (m && sentAt.has(m[1])) {
        latencies.push(now - sentAt.get(m[1]))
        sentAt.delete(m[1])
        onTick()
      }
    })
  })
  await Promise.race([
    ready,
    new Promise((_, rej) =>
      setTimeout(() => rej(new Error('container did not start')), 20000).unref()
    )
  ])
  clearInterval(warm)

  for (let i = 0; i < LINES; i++) {
    const seen = new Promise(r => (onTick = r))
    sentAt.set(String(i), performance.now())
    run.stdin.write(`tick ${i}\n`)
    await Promise.race([seen, new Promise(r => setTimeout(r, 2000))])
    await new Promise(r => setTimeout(r, 20))
  }

  const sorted = [...latencies].sort((a, b) => a - b)
  const pct = p => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
  const fmt = ms => `${ms.toFixed(1)} ms`
  console.log(`lines detected: ${sorted.length}/${LINES}`)
  if (sorted.length > 0) {
    console.log(`p50 ${fmt(pct(50))}  p95 ${fmt(pct(95))}  max ${fmt(sorted[sorted.length - 1])}`)
    const ok = sorted.length === LINES && pct(95) <= GOAL_MS
    console.log(`goal: p95 ≤ ${GOAL_MS} ms → ${ok ? 'holds' : 'MISSED'}`)
  }
} finally {
  cleanup()
}
