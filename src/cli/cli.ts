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
  const git = localGit(io.cwd)

  const ref = resolveRef(args.ref ?? '', git)
  const event = args.event ?? (ref.ref.startsWith('refs/pull/') ? 'pull_request' : 'push')
  const sha = args.sha ?? resolveSha(ref.ref, git)
  const repo = resolveRepository(args.repo, io.cwd, git)

  const secrets: string[] = []
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
      return 2
    }
    inputEnv.INPUT_PASSWORD = password
  }
  for (const key of [
    'INPUT_PASSWORD',
    'INPUT_SMOKE-SECRETS',
    'INPUT_SECRETS',
    'INPUT_GITHUB-TOKEN'
  ]) {
    if (inputEnv[key]) secrets.push(inputEnv[key])
  }

  const dir = mkdtempSync(join(tmpdir(), 'btp-cli-'))
  try {
    const files = {
      GITHUB_EVENT_PATH: join(dir, 'event.json'),
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STATE: join(dir, 'state'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
      GITHUB_ENV: join(dir, 'env')
    }
    writeFileSync(
      files.GITHUB_EVENT_PATH,
      JSON.stringify(payloadFor(ref.ref, sha, repo.repository, git))
    )
    for (const f of [
      'GITHUB_OUTPUT',
      'GITHUB_STATE',
      'GITHUB_STEP_SUMMARY',
      'GITHUB_ENV'
    ] as const) {
      writeFileSync(files[f], '')
    }
    const env: NodeJS.ProcessEnv = {}
    for (const [k, v] of Object.entries(io.env)) {
      if (!/^(INPUT|STATE)_/.test(k)) env[k] = v
    }
    Object.assign(env, files, inputEnv, {
      GITHUB_EVENT_NAME: event,
      GITHUB_REF: ref.ref,
      GITHUB_SHA: sha,
      GITHUB_REPOSITORY: repo.repository,
      GITHUB_WORKSPACE: io.cwd,
      RUNNER_TEMP: io.env.RUNNER_TEMP || join(dir, 'temp'),
      GITHUB_RUN_ID: io.env.GITHUB_RUN_ID || String(Date.now())
    })

    const log = new WorkflowLog(secrets)
    const collectedPlan: PlanStep[] = []
    const renderer = new HumanRenderer(text => logStream.write(text), {
      tty,
      color: tty && !io.env.NO_COLOR,
      columns: logStream.columns,
      hide: line => line.startsWith('Plan (each docker command') || planFromLog(line, collectedPlan)
    })
    const sink = (e: LogEvent | undefined): void => {
      if (e) renderer.event(e)
    }
    const header =
      `build-tag-push ${version}: ${ref.ref} (${args.ref ? `${args.ref}: ` : ''}${ref.how}), ` +
      `event ${event}, commit ${sha.slice(0, 12)}\n` +
      `repository ${repo.repository}, from ${repo.source}\n`
    logStream.write(underRunner ? header : log.mask(header))

    const mainCode = await runNode(
      join(root, 'dist', 'index.js'),
      env,
      io.cwd,
      line => {
        if (underRunner) logStream.write(`${line}\n`)
        else sink(log.read(line))
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
        if (underRunner) {
          logStream.write(`${line}\n`)
          return
        }
        const e = log.read(line)
        if (e?.kind === 'annotation') sink(e)
      },
      io
    )
    renderer.finish(mainCode !== 0)

    const outputs = parseCommandFile(readFileSync(files.GITHUB_OUTPUT, 'utf8'))
    const plan = parsePlan(outputs.plan) ?? (collectedPlan.length > 0 ? collectedPlan : undefined)
    const code = mainCode === 0 ? 0 : exitCodeFor(state[STATE.failedPhase])
    const timings = { phases: renderer.phases, totalMs: Math.round(performance.now() - started) }

    if (args.json) {
      io.stdout.write(
        `${JSON.stringify(
          {
            version,
            ref: ref.ref,
            event,
            sha,
            repository: repo.repository,
            exitCode: code,
            failure: code === 0 ? null : (state[STATE.failedPhase] ?? 'unknown'),
            outputs,
            plan: plan ?? null,
            smoke: parseJson(outputs['smoke-report']) ?? null,
            timings
          },
          null,
          2
        )}\n`
      )
    } else if (!underRunner) {
      logStream.write(humanOutputs(outputs, plan, renderer.phases, timings.totalMs, code))
    }
    return code
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
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
