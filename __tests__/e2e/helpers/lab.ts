/**
 * Test helpers for end-to-end runs: a real registry on loopback, images built from the local
 * busybox base, and the bundled action started exactly as the Actions runner starts it.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { parse as parseYaml } from 'yaml'
import { parseCommandFile } from '../../../src/action/command-file.js'

const execFileP = promisify(execFile)
export const repoRoot = resolve(import.meta.dirname, '..', '..', '..')
export const BASE_IMAGE = 'localbase/busybox:1'

/** The node that runs the bundle: NODE_BIN if set (CI runs the suite under node 24 too). */
export const nodeBin = process.env.BTP_NODE_BIN || process.execPath

export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await execFileP('docker', args, { maxBuffer: 64 * 1024 * 1024 })
  return stdout.trim()
}

export function dockerSync(...args: string[]): { code: number; out: string } {
  const r = spawnSync('docker', args, { encoding: 'utf8' })
  return { code: r.status ?? -1, out: (r.stdout ?? '') + (r.stderr ?? '') }
}

/** Fails loudly (never skips) when the lab is not up: a skipped e2e test counts as a failure. */
export function requireEngine(): void {
  const r = dockerSync('image', 'inspect', BASE_IMAGE)
  if (r.code !== 0) {
    throw new Error(`e2e tests need the Docker engine and ${BASE_IMAGE}: run scripts/lab-up.sh`)
  }
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', rej)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => res(port))
    })
  })
}

export interface Registry {
  host: string
  port: number
  stop(): Promise<void>
}

/** Starts `docker-registry serve` on 127.0.0.1:port, optionally with htpasswd auth. */
export async function startRegistry(
  opts: { user?: string; password?: string } = {}
): Promise<Registry> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'btp-reg-'))
  mkdirSync(join(dir, 'data'))
  let auth = ''
  if (opts.user && opts.password) {
    spawnSync('htpasswd', ['-Bbc', join(dir, 'htpasswd'), opts.user, opts.password])
    auth = `auth: {htpasswd: {realm: lab, path: ${join(dir, 'htpasswd')}}}\n`
  }
  writeFileSync(
    join(dir, 'config.yml'),
    `version: 0.1\nlog: {level: warn}\nstorage: {filesystem: {rootdirectory: ${join(dir, 'data')}}, delete: {enabled: true}}\nhttp: {addr: 127.0.0.1:${port}}\n${auth}`
  )
  const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let stderr = ''
  child.stderr.on('data', d => (stderr += String(d)))
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/v2/`)
      if (res.status === 200 || res.status === 401) break
    } catch {
      await new Promise(r => setTimeout(r, 100))
    }
    if (i === 99) throw new Error(`registry did not start: ${stderr}`)
  }
  return {
    host: `127.0.0.1:${port}`,
    port,
    stop: async () => {
      const done = new Promise(r => child.once('exit', r))
      child.kill('SIGTERM')
      await done
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

function authHeader(cred?: { user: string; password: string }): Record<string, string> {
  return cred
    ? { Authorization: 'Basic ' + Buffer.from(`${cred.user}:${cred.password}`).toString('base64') }
    : {}
}

export async function registryTags(
  reg: Registry,
  name: string,
  cred?: { user: string; password: string }
): Promise<string[]> {
  const res = await fetch(`http://${reg.host}/v2/${name}/tags/list`, { headers: authHeader(cred) })
  if (res.status === 404) return []
  const body = (await res.json()) as { tags?: string[] | null }
  return (body.tags ?? []).sort()
}

export async function registryDigest(
  reg: Registry,
  name: string,
  tag: string,
  cred?: { user: string; password: string }
): Promise<string> {
  const res = await fetch(`http://${reg.host}/v2/${name}/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      ...authHeader(cred),
      Accept:
        'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json'
    }
  })
  return res.headers.get('docker-content-digest') ?? ''
}

/** Writes a build context with a Dockerfile FROM the local base image. */
export function makeContext(dockerfileBody: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'btp-ctx-'))
  writeFileSync(join(dir, 'Dockerfile'), `FROM ${BASE_IMAGE}\n${dockerfileBody}\n`)
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content)
  return dir
}

export interface ActionRun {
  exitCode: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  state: Record<string, string>
  summary: string
  postStdout: string
  postExitCode: number
  /** The working directory used as GITHUB_WORKSPACE and RUNNER_TEMP parent. */
  dir: string
}

/** Parses a GITHUB_OUTPUT-style file written by the action. */
export function readCommandFile(path: string): Record<string, string> {
  return existsSync(path) ? parseCommandFile(readFileSync(path, 'utf8')) : {}
}

export interface RunActionOptions {
  inputs: Record<string, string>
  eventName?: string
  ref?: string
  sha?: string
  repository?: string
  payload?: Record<string, unknown>
  env?: Record<string, string>
  workspace?: string
  /** Skip the post step (a test that kills main runs post itself). */
  skipPost?: boolean
  timeoutMs?: number
}

/** Defaults from action.yml, which the runner fills in before starting the action. */
function actionDefaults(): Record<string, string> {
  const action = parseYaml(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }
  const defaults: Record<string, string> = {}
  for (const [name, input] of Object.entries(action.inputs)) {
    // Expressions such as ${{ github.token }} are the runner's to fill; tests leave them empty.
    if (input.default !== undefined && !String(input.default).includes('${{')) {
      defaults[name] = String(input.default)
    }
  }
  return defaults
}

export function actionEnv(opts: RunActionOptions, dir: string): Record<string, string> {
  const eventPath = join(dir, 'event.json')
  writeFileSync(eventPath, JSON.stringify(opts.payload ?? {}))
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_EVENT_NAME: opts.eventName ?? 'push',
    GITHUB_REF: opts.ref ?? 'refs/heads/main',
    GITHUB_SHA: opts.sha ?? '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REPOSITORY: opts.repository ?? 'acme/demo',
    GITHUB_SERVER_URL: 'https://github.com',
    // Unroutable on purpose: repository metadata must fall back without hanging.
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_RUN_ID: String(Date.now()),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKSPACE: opts.workspace ?? dir,
    GITHUB_EVENT_PATH: eventPath,
    RUNNER_TEMP: join(dir, 'runner-temp'),
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_ENV: join(dir, 'env')
  }
  mkdirSync(env.RUNNER_TEMP, { recursive: true })
  for (const f of ['output', 'state', 'summary', 'env']) writeFileSync(join(dir, f), '')
  const inputs = { ...actionDefaults(), ...opts.inputs }
  for (const [name, value] of Object.entries(inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  return { ...env, ...opts.env }
}

export interface Spawned {
  code: number
  stdout: string
  stderr: string
}

export interface StartedNode {
  child: ChildProcess
  done: Promise<Spawned>
  /** Output so far, for tests that act on progress. */
  output(): string
}

/** Starts a bundled entry point the way the runner does and collects its output. */
export function startNode(
  script: string,
  env: Record<string, string>,
  cwd: string,
  timeoutMs = 170000
): StartedNode {
  const child = spawn(nodeBin, [script], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', d => (stdout += String(d)))
  child.stderr?.on('data', d => (stderr += String(d)))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const done = new Promise<Spawned>(resolveRun => {
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolveRun({ code: code ?? (signal ? 128 : -1), stdout, stderr })
    })
  })
  return { child, done, output: () => stdout + stderr }
}

export function runNode(
  script: string,
  env: Record<string, string>,
  cwd: string,
  timeoutMs = 170000
): Promise<Spawned> {
  return startNode(script, env, cwd, timeoutMs).done
}

/** The two entry points the runner starts; tests may run a private copy of them. */
export interface ActionEntries {
  main: string
  post: string
}

export const repoDist: ActionEntries = {
  main: join(repoRoot, 'dist', 'index.js'),
  post: join(repoRoot, 'dist', 'post', 'index.js')
}

/** Runs dist/index.js, then dist/post/index.js with the saved state, like the runner. */
export async function runAction(
  opts: RunActionOptions,
  entries: ActionEntries = repoDist
): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'btp-run-'))
  const env = actionEnv(opts, dir)
  const main = await runNode(entries.main, env, opts.workspace ?? dir, opts.timeoutMs)
  const state = readCommandFile(env.GITHUB_STATE)
  let post: Spawned = { code: 0, stdout: '', stderr: '' }
  if (!opts.skipPost) post = await runPost(env, state, opts.workspace ?? dir, entries)
  return {
    exitCode: main.code,
    stdout: main.stdout,
    stderr: main.stderr,
    outputs: readCommandFile(env.GITHUB_OUTPUT),
    state,
    summary: existsSync(env.GITHUB_STEP_SUMMARY)
      ? readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')
      : '',
    postStdout: post.stdout + post.stderr,
    postExitCode: post.code,
    dir
  }
}

export function runPost(
  env: Record<string, string>,
  state: Record<string, string>,
  cwd: string,
  entries: ActionEntries = repoDist
): Promise<Spawned> {
  const postEnv = { ...env }
  for (const [k, v] of Object.entries(state)) postEnv[`STATE_${k}`] = v
  return runNode(entries.post, postEnv, cwd)
}

/**
 * Containers the action left behind (they carry the build-tag-push.run label): those of one
 * run when its run id is given, else any run's.
 */
export async function leftoverContainers(runId?: string): Promise<string[]> {
  const label = runId ? `label=build-tag-push.run=${runId}` : 'label=build-tag-push.run'
  const out = await docker('ps', '-aq', '--filter', label)
  return out ? out.split('\n') : []
}

/**
 * Engine 26 with the containerd image store (scripts/lab-engine26.sh), beside the default
 * engine 20.10. The action picks it the usual way: DOCKER_HOST.
 */
export const ENGINE26_HOST = 'unix:///run/engine26/docker.sock'

export async function docker26(...args: string[]): Promise<string> {
  const { stdout } = await execFileP('docker', args, {
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, DOCKER_HOST: ENGINE26_HOST }
  })
  return stdout.trim()
}

/** Fails loudly (never skips) when engine 26 or its two-platform base image is missing. */
export function requireEngine26(): void {
  const r = spawnSync('docker', ['image', 'inspect', BASE_IMAGE], {
    encoding: 'utf8',
    env: { ...process.env, DOCKER_HOST: ENGINE26_HOST }
  })
  if (r.status !== 0) {
    throw new Error(`e2e tests need engine 26 and its ${BASE_IMAGE}: run scripts/lab-up.sh`)
  }
}
