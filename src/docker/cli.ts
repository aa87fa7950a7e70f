import { spawn, type ChildProcess } from 'node:child_process'
import type { Readable } from 'node:stream'
import * as exec from '@actions/exec'
import { DockerError } from '../errors.js'

export interface DockerExecOptions {
  /** Written to stdin; the way secrets reach docker (never argv). */
  input?: string
  /** Echo the output to the log as it arrives (builds, pushes). */
  stream?: boolean
  /** Return instead of throwing on a non-zero exit. */
  allowFailure?: boolean
  /** Extra environment for this command only, e.g. DOCKER_BUILDKIT=0. */
  env?: Record<string, string>
}

export interface ExecResult {
  exitCode: number
  stdout: string
  stderr: string
}

/** A long-running docker child whose output is consumed as a stream (`logs -f`, `wait`). */
export interface DockerProcess {
  stdout: Readable
  stderr: Readable
  /** Resolves with the exit code (or -1 when killed by a signal). */
  exited: Promise<number>
  kill(): void
}

/**
 * The only way the action talks to Docker: argv arrays, never a shell string, with output
 * captured so the failing stderr line can go into the error. Unit tests fake this.
 */
export interface DockerCli {
  exec(args: readonly string[], opts?: DockerExecOptions): Promise<ExecResult>
  spawn(args: readonly string[], opts?: { env?: Record<string, string> }): DockerProcess
  /** Kills every child still running; used on SIGINT/SIGTERM. */
  killAll(): void
}

/** Picks the stderr line that says what went wrong, skipping progress noise and hints. */
export function usefulStderrLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l.length > 0)
  const isNoise = (l: string): boolean =>
    /^(#\d+ |DEPRECATED:|WARNING:|\s*BuildKit is|\s*environment-variable|Install the buildx)/.test(
      l
    ) || /^-+$/.test(l)
  const errorish = lines.filter(l => /error|denied|unauthorized|failed|not found|invalid/i.test(l))
  const pick = errorish.reverse().find(l => !isNoise(l)) ?? lines.reverse().find(l => !isNoise(l))
  return (pick ?? '').replace(/^ERROR:\s*/, '')
}

export class ExecDockerCli implements DockerCli {
  private readonly children = new Set<ChildProcess>()

  constructor(
    /** Environment for every docker child, e.g. the step-private DOCKER_CONFIG. */
    private readonly baseEnv: Record<string, string> = {},
    private readonly binary = 'docker'
  ) {}

  private env(extra?: Record<string, string>): Record<string, string> {
    const env: Record<string, string> = {}
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v
    return { ...env, ...this.baseEnv, ...extra }
  }

  async exec(args: readonly string[], opts: DockerExecOptions = {}): Promise<ExecResult> {
    const res = await exec.getExecOutput(this.binary, [...args], {
      silent: !opts.stream,
      ignoreReturnCode: true,
      env: this.env(opts.env),
      ...(opts.input !== undefined ? { input: Buffer.from(opts.input) } : {})
    })
    if (res.exitCode !== 0 && !opts.allowFailure) {
      throw new DockerError(args, res.exitCode, usefulStderrLine(res.stderr), res.stderr)
    }
    return res
  }

  spawn(args: readonly string[], opts: { env?: Record<string, string> } = {}): DockerProcess {
    const child = spawn(this.binary, [...args], {
      env: this.env(opts.env),
      stdio: ['ignore', 'pipe', 'pipe']
    })
    this.children.add(child)
    const exited = new Promise<number>(resolve => {
      child.on('error', () => resolve(-1))
      child.on('close', code => {
        this.children.delete(child)
        resolve(code ?? -1)
      })
    })
    return {
      stdout: child.stdout as Readable,
      stderr: child.stderr as Readable,
      exited,
      kill: () => {
        if (child.exitCode === null) child.kill('SIGTERM')
      }
    }
  }

  killAll(): void {
    for (const child of this.children) if (child.exitCode === null) child.kill('SIGTERM')
  }
}
