import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { run as runMain } from '../action/run.js'
import { run as runPost } from '../lifecycle/post.js'
import { parseCommandFile } from '../action/command-file.js'

/**
 * Runs the action's pipeline on a developer machine. Flags mirror the inputs (`--smoke-log`,
 * `--build-args`, ... repeat a flag for more lines); `--ref`, `--event`, `--sha` and
 * `--repository` stand in for what the runner would provide. It sets the same INPUT_* and
 * GITHUB_* variables the runner sets, runs main and then post, and prints the outputs and
 * the job summary.
 */

/** Every input of action.yml (a unit test keeps the two lists equal). */
export const INPUTS = [
  'images',
  'tags',
  'flavor',
  'labels',
  'annotations',
  'sep-tags',
  'sep-labels',
  'sep-annotations',
  'sha-length',
  'pr-head-sha',
  'github-token',
  'context',
  'file',
  'build-args',
  'target',
  'pull',
  'no-cache',
  'network',
  'buildx',
  'cache-from',
  'cache-to',
  'secrets',
  'secret-files',
  'image',
  'platforms',
  'smoke-platform',
  'provenance',
  'sbom',
  'builder',
  'build-contexts',
  'ssh',
  'outputs',
  'add-hosts',
  'shm-size',
  'ulimit',
  'allow',
  'no-cache-filters',
  'push-by-digest',
  'digests-dir',
  'merge-digests',
  'push',
  'registry',
  'username',
  'password',
  'retries',
  'retry-max-wait',
  'push-timeout',
  'push-deadline',
  'floating-tags',
  'smoke',
  'smoke-log',
  'smoke-log-order',
  'smoke-fail-log',
  'smoke-timeout',
  'smoke-settle',
  'smoke-env',
  'smoke-secrets',
  'smoke-command',
  'smoke-args',
  'smoke-user',
  'smoke-workdir',
  'smoke-network',
  'smoke-ports',
  'smoke-http',
  'smoke-http-grace',
  'smoke-health',
  'smoke-exit-code',
  'smoke-config',
  'smoke-junit',
  'dry-run'
] as const

const BOOLEAN_FLAGS = new Set(['dry-run', 'pull', 'no-cache', 'pr-head-sha', 'smoke-log-order'])

const USAGE = `Usage: build-tag-push [--ref REF] [--event NAME] [--INPUT VALUE ...]

Runs build-tag-push locally: resolve tags, build, smoke-test, push.
  --ref REF          git ref to act on: refs/tags/v1.2.3, refs/heads/main, refs/pull/42/merge,
                     or a short tag/branch name (default: the current branch)
  --event NAME       event name (default: push, or pull_request for refs/pull/...)
  --sha SHA          commit (default: git rev-parse HEAD)
  --repository O/N   repository (default: from the origin remote, else local/<dir>)
  --dry-run          print the plan only
  --password-env VAR read the registry password from this environment variable
Every action input is a flag: --images, --tags, --smoke-log, --build-args, ... Repeat a flag
to give several lines. Boolean inputs: --pull, --no-cache, --pr-head-sha, --smoke-log-order.`

function git(args: string[], cwd: string): string {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore']
    }).trim()
  } catch {
    return ''
  }
}

function resolveRef(ref: string, cwd: string): string {
  if (ref.startsWith('refs/')) return ref
  if (ref === '') {
    const branch = git(['rev-parse', '--abbrev-ref', 'HEAD'], cwd)
    return `refs/heads/${branch && branch !== 'HEAD' ? branch : 'main'}`
  }
  if (git(['show-ref', '--verify', `refs/tags/${ref}`], cwd) || /^v?\d+\.\d+/.test(ref)) {
    return `refs/tags/${ref}`
  }
  return `refs/heads/${ref}`
}

function repositoryFromGit(cwd: string): string {
  const url = git(['remote', 'get-url', 'origin'], cwd)
  const m = /[:/]([^/:]+\/[^/]+?)(\.git)?$/.exec(url)
  return m ? m[1] : `local/${basename(resolve(cwd)).toLowerCase()}`
}

function payloadFor(ref: string, sha: string, repository: string, cwd: string): object {
  const repo = {
    name: repository.split('/')[1],
    full_name: repository,
    html_url: `https://github.com/${repository}`,
    default_branch: 'main'
  }
  const pr = /^refs\/pull\/(\d+)\//.exec(ref)
  if (pr) {
    const number = Number(pr[1])
    return {
      number,
      repository: repo,
      pull_request: {
        number,
        head: { sha, ref: 'local', repo },
        base: { ref: 'main', repo }
      }
    }
  }
  const timestamp = git(['log', '-1', '--format=%cI', sha], cwd) || new Date().toISOString()
  return { ref, repository: repo, head_commit: { id: sha, timestamp } }
}

export async function main(argv: string[]): Promise<number> {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {
    ref: { type: 'string' },
    event: { type: 'string' },
    sha: { type: 'string' },
    repository: { type: 'string' },
    'password-env': { type: 'string' },
    help: { type: 'boolean' }
  }
  for (const name of INPUTS) {
    options[name] = BOOLEAN_FLAGS.has(name)
      ? { type: 'boolean' }
      : { type: 'string', multiple: true }
  }
  let values: Record<string, unknown>
  try {
    values = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}\n`)
    return 2
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const cwd = process.cwd()
  const ref = resolveRef(String(values.ref ?? ''), cwd)
  const event = String(values.event ?? (ref.startsWith('refs/pull/') ? 'pull_request' : 'push'))
  const sha = String(values.sha ?? (git(['rev-parse', 'HEAD'], cwd) || '0'.repeat(40)))
  const repository = String(values.repository ?? repositoryFromGit(cwd))

  const dir = mkdtempSync(join(tmpdir(), 'btp-cli-'))
  const files = {
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
    GITHUB_ENV: join(dir, 'env')
  }
  writeFileSync(files.GITHUB_EVENT_PATH, JSON.stringify(payloadFor(ref, sha, repository, cwd)))
  for (const f of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', 'GITHUB_ENV'] as const) {
    writeFileSync(files[f], '')
  }
  Object.assign(process.env, files, {
    GITHUB_EVENT_NAME: event,
    GITHUB_REF: ref,
    GITHUB_SHA: sha,
    GITHUB_REPOSITORY: repository,
    GITHUB_WORKSPACE: cwd,
    RUNNER_TEMP: process.env.RUNNER_TEMP || join(dir, 'temp'),
    GITHUB_RUN_ID: process.env.GITHUB_RUN_ID || String(Date.now())
  })
  // Unset inputs stay empty: the parsers' fallbacks are action.yml's defaults (unit-tested).
  for (const name of INPUTS) {
    const v = values[name]
    const text = Array.isArray(v) ? v.join('\n') : typeof v === 'boolean' ? String(v) : ''
    process.env[`INPUT_${name.toUpperCase()}`] = text
  }
  if (values['password-env']) {
    process.env.INPUT_PASSWORD = process.env[String(values['password-env'])] ?? ''
  }

  await runMain()
  const failed = process.exitCode === 1
  const state = parseCommandFile(readFileSync(files.GITHUB_STATE, 'utf8'))
  for (const [k, v] of Object.entries(state)) process.env[`STATE_${k}`] = v
  await runPost()

  const outputs = parseCommandFile(readFileSync(files.GITHUB_OUTPUT, 'utf8'))
  process.stdout.write('\n==== outputs ====\n')
  for (const [k, v] of Object.entries(outputs)) {
    if (k === 'smoke-report' || k === 'json') continue
    process.stdout.write(
      v.includes('\n') ? `${k}:\n  ${v.split('\n').join('\n  ')}\n` : `${k}: ${v}\n`
    )
  }
  if (existsSync(files.GITHUB_STEP_SUMMARY)) {
    process.stdout.write(
      `\n==== summary ====\n${readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')}\n`
    )
  }
  rmSync(dir, { recursive: true, force: true })
  return failed ? 1 : 0
}
