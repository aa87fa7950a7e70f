import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { parseCommandFile } from '../action/command-file.js'
import { STATE } from '../lifecycle/state.js'
import { loadActionInputs, packageRoot, packageVersion, type ActionInput } from './action-meta.js'
import { parseArgs, UsageError, type CliArgs } from './args.js'
import { exitCodeFor } from './exit-codes.js'
import { localGit, resolveRef, resolveRepository, resolveSha, type Git } from './git.js'
import { helpText } from './help.js'
import { planFromLog, planRows, type PlanStep } from './plan-view.js'
import { formatMs, HumanRenderer, table, type PhaseTime } from './render.js'
import { WorkflowLog, type LogEvent } from './workflow-log.js'

/**
 * The local CLI: runs the bundled action (dist/index.js, then dist/post/index.js) the way the
 * runner does, with INPUT_* from the flags and action.yml's defaults and GITHUB_* from local
 * git, so the tags, the plan and every docker command are the action's own. Under a runner
 * (GITHUB_ACTIONS=true) its log passes through untouched; elsewhere it is rendered for people.
 */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number }
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number }
  env: NodeJS.ProcessEnv
  cwd: string
}

const defaultIo = (): CliIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd()
})

/** Every input of action.yml, the names the CLI offers as flags. */
export const INPUTS: readonly string[] = loadActionInputs().map(i => i.name)

export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const root = packageRoot()
  const inputs = loadActionInputs(root)
  const version = packageVersion(root)
  let args: CliArgs
  try {
    args = parseArgs(argv, inputs)
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    io.stderr.write(`build-tag-push: ${err.message}\n`)
    return 2
  }
  if (args.help) {
    io.stdout.write(`${helpText(inputs, version, Math.min(io.stdout.columns ?? 100, 120))}\n`)
    return 0
  }
  if (args.version) {
    io.stdout.write(`build-tag-push ${version}\n`)
    return 0
  }
  return runPipeline(args, inputs, root, version, io)
}

/** The INPUT_* variables the runner would set, and the values to mask in the local log. */
function inputEnvironment(
  args: CliArgs,
  inputs: readonly ActionInput[],
  io: CliIo
): { inputEnv: Record<string, string>; secrets: string[] } | undefined {
  const inputEnv: Record<string, string> = {}
  for (const input of inputs) {
    const given = args.inputs.get(input.name)
    // The runner fills in action.yml's defaults; an expression default has no local value.
    const fallback = input.default.includes('${{') ? '' : input.default
    inputEnv[`INPUT_${input.name.toUpperCase()}`] = given ? given.join('\n') : fallback
  }
  if (!args.inputs.has('github-token')) inputEnv['INPUT_GITHUB-TOKEN'] = io.env.GITHUB_TOKEN ?? ''
  if (args.passwordEnv) {
    const password = io.env[args.passwordEnv]
    if (password === undefined) {
      io.stderr.write(`build-tag-push: --password-env: ${args.passwordEnv} is not set\n`)
      return undefined
    }
    inputEnv.INPUT_PASSWORD = password
  }
  const secrets: string[] = []
  for (const key of [
    'INPUT_PASSWORD',
    'INPUT_SMOKE-SECRETS',
    'INPUT_SECRETS',
    'INPUT_GITHUB-TOKEN'
  ]) {
    if (inputEnv[key]) secrets.push(inputEnv[key])
  }
  return { inputEnv, secrets }
}

type RunnerFiles = Record<
  'GITHUB_EVENT_PATH' | 'GITHUB_OUTPUT' | 'GITHUB_STATE' | 'GITHUB_STEP_SUMMARY' | 'GITHUB_ENV',
  string
>

/** The event payload and the empty command files the runner hands a step, in `dir`. */
function runnerFiles(dir: string, payload: unknown): RunnerFiles {
  const files: RunnerFiles = {
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
    GITHUB_ENV: join(dir, 'env')
  }
  writeFileSync(files.GITHUB_EVENT_PATH, JSON.stringify(payload))
  for (const f of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', 'GITHUB_ENV'] as const) {
    writeFileSync(files[f], '')
  }
  return files
}

interface LocalRun {
  ref: { ref: string; how: string }
  event: string
  sha: string
  repo: { repository: string; source: string }
}

/** Which ref, event, commit and repository the local run stands for, as git would say. */
function localRun(args: CliArgs, io: CliIo): LocalRun {
  const git = localGit(io.cwd)
  const ref = resolveRef(args.ref ?? '', git)
  const event = args.event ?? (ref.ref.startsWith('refs/pull/') ? 'pull_request' : 'push')
  const sha = args.sha ?? resolveSha(ref.ref, git)
  return { ref, event, sha, repo: resolveRepository(args.repo, io.cwd, git) }
}

async function runPipeline(
  args: CliArgs,
  inputs: readonly ActionInput[],
  root: string,
  version: string,
  io: CliIo
): Promise<number> {
  const started = performance.now()
  const underRunner = io.env.GITHUB_ACTIONS === 'true'
  // With --json, stdout carries only the JSON object; the log goes to stderr.
  const logStream = args.json ? io.stderr : io.stdout
  const tty = !underRunner && logStream.isTTY === true
  const local = localRun(args, io)
  const { ref, event, sha, repo } = local
  const given = inputEnvironment(args, inputs, io)
  if (!given) return 2

  const dir = mkdtempSync(join(tmpdir(), 'btp-cli-'))
  try {
    const files = runnerFiles(dir, payloadFor(ref.ref, sha, repo.repository, localGit(io.cwd)))
    const env: NodeJS.ProcessEnv = {}
    for (const [k, v] of Object.entries(io.env)) {
      if (!/^(INPUT|STATE)_/.test(k)) env[k] = v
    }
    Object.assign(env, files, given.inputEnv, {
      GITHUB_EVENT_NAME: event,
      GITHUB_REF: ref.ref,
      GITHUB_SHA: sha,
      GITHUB_REPOSITORY: repo.repository,
      GITHUB_WORKSPACE: io.cwd,
      RUNNER_TEMP: io.env.RUNNER_TEMP || join(dir, 'temp'),
      GITHUB_RUN_ID: io.env.GITHUB_RUN_ID || String(Date.now())
    })

    const log = new WorkflowLog(given.secrets)
    const collectedPlan: PlanStep[] = []
    const renderer = new HumanRenderer(text => logStream.write(text), {
      tty,
      color: tty && !io.env.NO_COLOR,
      columns: logStream.columns,
      hide: line => line.startsWith('Plan (each docker command') || planFromLog(line, collectedPlan)
    })
    const header =
      `build-tag-push ${version}: ${ref.ref} (${args.ref ? `${args.ref}: ` : ''}${ref.how}), ` +
      `event ${event}, commit ${sha.slice(0, 12)}\n` +
      `repository ${repo.repository}, from ${repo.source}\n`
    logStream.write(underRunner ? header : log.mask(header))

    const steps = await runSteps(root, env, files, io, {
      underRunner,
      write: text => logStream.write(text),
      read: line => log.read(line),
      show: e => renderer.event(e)
    })
    renderer.finish(steps.mainCode !== 0)

    const outputs = parseCommandFile(readFileSync(files.GITHUB_OUTPUT, 'utf8'))
    const plan = parsePlan(outputs.plan) ?? (collectedPlan.length > 0 ? collectedPlan : undefined)
    const failed = steps.state[STATE.failedPhase]
    const code = steps.mainCode === 0 ? 0 : exitCodeFor(failed)
    const timings = { phases: renderer.phases, totalMs: Math.round(performance.now() - started) }

    if (args.json) {
      const failure = code === 0 ? null : (failed ?? 'unknown')
      io.stdout.write(jsonReport(version, local, { code, failure, outputs, plan, timings }))
    } else if (!underRunner) {
      logStream.write(humanOutputs(outputs, plan, renderer.phases, timings.totalMs, code))
    }
    return code
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Main, then post with main's saved state, as the runner runs a JavaScript action's steps. */
async function runSteps(
  root: string,
  env: NodeJS.ProcessEnv,
  files: RunnerFiles,
  io: CliIo,
  out: {
    underRunner: boolean
    write: (text: string) => void
    read: (line: string) => LogEvent | undefined
    show: (e: LogEvent) => void
  }
): Promise<{ mainCode: number; state: Record<string, string> }> {
  const mainCode = await runNode(
    join(root, 'dist', 'index.js'),
    env,
    io.cwd,
    line => {
      if (out.underRunner) out.write(`${line}\n`)
      else {
        const e = out.read(line)
        if (e) out.show(e)
      }
    },
    io
  )
  const state = parseCommandFile(readFileSync(files.GITHUB_STATE, 'utf8'))
  const postEnv: NodeJS.ProcessEnv = { ...env }
  for (const [k, v] of Object.entries(state)) postEnv[`STATE_${k}`] = v
  // The post step's own lines (cleanup) matter only when something goes wrong there.
  await runNode(
    join(root, 'dist', 'post', 'index.js'),
    postEnv,
    io.cwd,
    line => {
      if (out.underRunner) {
        out.write(`${line}\n`)
        return
      }
      const e = out.read(line)
      if (e?.kind === 'annotation') out.show(e)
    },
    io
  )
  return { mainCode, state }
}

/** `--json`: one object with the outputs, the plan, the smoke report and the timings. */
function jsonReport(
  version: string,
  local: LocalRun,
  r: {
    code: number
    failure: string | null
    outputs: Record<string, string>
    plan: unknown
    timings: { phases: unknown; totalMs: number }
  }
): string {
  const report = {
    version,
    ref: local.ref.ref,
    event: local.event,
    sha: local.sha,
    repository: local.repo.repository,
    exitCode: r.code,
    failure: r.failure,
    outputs: r.outputs,
    plan: r.plan ?? null,
    smoke: parseJson(r.outputs['smoke-report']) ?? null,
    timings: r.timings
  }
  return `${JSON.stringify(report, null, 2)}\n`
}

/** Runs one bundled entry with node, line by line; SIGINT and SIGTERM go to the child. */
function runNode(
  script: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  onLine: (line: string) => void,
  io: CliIo
): Promise<number> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, [script], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    const forward = (signal: NodeJS.Signals): void => {
      child.kill(signal)
    }
    process.on('SIGINT', forward)
    process.on('SIGTERM', forward)
    createInterface({ input: child.stdout }).on('line', onLine)
    child.stderr.on('data', (d: Buffer) => io.stderr.write(d.toString()))
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward)
      process.off('SIGTERM', forward)
      resolve(code ?? (signal === 'SIGINT' ? 130 : 1))
    })
  })
}

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function parsePlan(text: string | undefined): unknown {
  return parseJson(text)
}

function humanOutputs(
  outputs: Record<string, string>,
  plan: unknown,
  phases: PhaseTime[],
  totalMs: number,
  code: number
): string {
  const out: string[] = ['']
  const rows = plan === undefined ? [] : planRows(plan)
  if (rows.length > 0)
    out.push(
      'Plan (each docker command, as the action would run it):',
      table(['#', 'step', 'command'], rows),
      ''
    )
  const skip = new Set(['json', 'smoke-report', 'plan', 'labels', 'annotations'])
  for (const [k, v] of Object.entries(outputs)) {
    if (skip.has(k) || v === '') continue
    out.push(v.includes('\n') ? `${k}:\n  ${v.split('\n').join('\n  ')}` : `${k}: ${v}`)
  }
  const spent = phases.map(p => `${p.name} ${formatMs(p.ms)}`).join(', ')
  out.push(
    '',
    `${code === 0 ? 'done' : `failed (exit ${code})`} in ${formatMs(totalMs)}${spent ? `: ${spent}` : ''}`,
    ''
  )
  return out.join('\n')
}

/** The event payload a runner would write for this ref. */
function payloadFor(ref: string, sha: string, repository: string, git: Git): object {
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
  const timestamp = git(['log', '-1', '--format=%cI', sha]) || new Date().toISOString()
  return { ref, repository: repo, head_commit: { id: sha, timestamp } }
}
