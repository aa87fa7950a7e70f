import { spawn, type ChildProcess } from 'node:child_process'
import type { Readable } from 'node:stream'
import { DockerError } from '../util/errors.js'

export interface DockerExecOptions {
  /** Written to stdin; the way secrets reach docker (never argv). */
  input?: string
  /** Echo the output to the log as it arrives (builds, pushes). */
  stream?: boolean
  /** Return instead of throwing on a non-zero exit. */
  allowFailure?: boolean
  /** Extra environment for this command only, e.g. DOCKER_BUILDKIT=0. */
  env?: Record<string, string>
  /** Kill the command after this long; it then fails as "timed out" (a transient failure). */
  timeoutMs?: number
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

/**
 * Runs the real docker CLI. Every child is spawned here (not through @actions/exec) so that a
 * cancel can kill all of them, including a push in flight, and so a stalled command can be
 * given a deadline.
 */
export class ExecDockerCli implements DockerCli {
  private readonly children = new Set<ChildProcess>()

  constructor(
    /** Environment for every docker child, e.g. the step-private DOCKER_CONFIG. */
    private readonly baseEnv: Record<string, string> = {},
    private readonly binary = 'docker',
    private readonly echo: (text: string) => void = text => process.stdout.write(text)
  ) {}

  private env(extra?: Record<string, string>): Record<string, string> {
    const env: Record<string, string> = {}
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v
    return { ...env, ...this.baseEnv, ...extra }
  }

  private start(
    args: readonly string[],
    env: Record<string, string>,
    stdin: boolean
  ): ChildProcess {
    const child = spawn(this.binary, [...args], {
      env,
      stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe']
    })
    this.children.add(child)
    child.on('close', () => this.children.delete(child))
    return child
  }

  async exec(args: readonly string[], opts: DockerExecOptions = {}): Promise<ExecResult> {
    if (opts.stream) this.echo(`[command]${this.binary} ${args.join(' ')}\n`)
    const child = this.start(args, this.env(opts.env), opts.input !== undefined)
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout?.on('data', (d: Buffer) => {
      out.push(d)
      if (opts.stream) this.echo(d.toString())
    })
    child.stderr?.on('data', (d: Buffer) => {
      err.push(d)
      if (opts.stream) this.echo(d.toString())
    })
    if (opts.input !== undefined) {
      // A child that exits before reading stdin must not crash us with EPIPE.
      child.stdin?.on('error', () => undefined)
      child.stdin?.end(opts.input)
    }
    let timedOut = false
    const timer =
      opts.timeoutMs !== undefined && opts.timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true
            child.kill('SIGKILL')
          }, opts.timeoutMs)
        : undefined
    const exitCode = await new Promise<number>((resolve, reject) => {
      child.on('error', e =>
        reject(
          (e as NodeJS.ErrnoException).code === 'ENOENT'
            ? new Error(`The docker CLI was not found on PATH (${this.binary})`)
            : e
        )
      )
      child.on('close', code => resolve(code ?? -1))
    }).finally(() => clearTimeout(timer))
    const res = {
      exitCode,
      stdout: Buffer.concat(out).toString(),
      stderr: Buffer.concat(err).toString()
    }
    if (timedOut) {
      // Worded so the retry classifier treats it like any other registry timeout.
      const line = `timed out after ${Math.round((opts.timeoutMs ?? 0) / 1000)}s`
      throw new DockerError(args, exitCode, line, `${res.stderr}\n${line}`)
    }
    if (res.exitCode !== 0 && !opts.allowFailure) {
      throw new DockerError(args, res.exitCode, usefulStderrLine(res.stderr), res.stderr)
    }
    return res
  }

  spawn(args: readonly string[], opts: { env?: Record<string, string> } = {}): DockerProcess {
    const child = this.start(args, this.env(opts.env), false)
    const exited = new Promise<number>(resolve => {
      child.on('error', () => resolve(-1))
      child.on('close', code => resolve(code ?? -1))
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
