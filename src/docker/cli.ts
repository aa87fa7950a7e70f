import { spawn, type ChildProcess } from 'node:child_process'
import type { Readable } from 'node:stream'
import { DockerError } from '../util/errors.js'
import { CommandFence, oneLine, runnerLines } from '../util/untrusted.js'

/** What a streamed command (build, push) keeps of each stream for its error message. */
export const STREAM_TAIL_BYTES = 64 * 1024
/** A captured command (inspect, version) keeps at most this much of each stream. */
export const CAPTURE_LIMIT_BYTES = 16 * 1024 * 1024

export interface DockerExecOptions {
  /** Written to stdin; the way secrets reach docker (never argv). */
  input?: string
  /**
   * Echo the output to the log as it arrives (builds, pushes), inside a stop-commands fence.
   * Only the last STREAM_TAIL_BYTES of each stream are kept, so any amount of output fits.
   */
  stream?: boolean
  /** Bytes kept of each stream (the tail); defaults as described above. */
  keepBytes?: number
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

/**
 * The last `limit` bytes written to it. Output is appended chunk by chunk and trimmed from
 * the front, so memory stays bounded however much a build prints.
 */
export class TailBuffer {
  private chunks: Buffer[] = []
  private size = 0
  /** Bytes dropped from the front. */
  dropped = 0

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk)
    this.size += chunk.length
    while (this.size - (this.chunks[0]?.length ?? 0) >= this.limit) {
      const first = this.chunks.shift() as Buffer
      this.size -= first.length
      this.dropped += first.length
    }
    if (this.size > this.limit * 2) this.compact()
  }

  private compact(): void {
    const all = Buffer.concat(this.chunks)
    const cut = all.length - this.limit
    this.chunks = [all.subarray(cut)]
    this.dropped += cut
    this.size = this.limit
  }

  toString(): string {
    if (this.size > this.limit) this.compact()
    const text = Buffer.concat(this.chunks).toString()
    // A cut through a multi-byte character shows as U+FFFD; drop the broken first line.
    return this.dropped > 0 ? text.slice(text.indexOf('\n') + 1) : text
  }
}

/** Picks the stderr line that says what went wrong, skipping progress noise and hints. */
export function usefulStderrLine(stderr: string): string {
  // Split as the runner does (a lone \r too), so the line can never carry a line break.
  const lines = runnerLines(stderr)
    .map(l => l.trim())
    .filter(l => l.length > 0)
  const isNoise = (l: string): boolean =>
    /^(#\d+ |DEPRECATED:|WARNING:|\s*BuildKit is|\s*environment-variable|Install the buildx)/.test(
      l
    ) || /^-+$/.test(l)
  const errorish = lines.filter(l => /error|denied|unauthorized|failed|not found|invalid/i.test(l))
  const pick = errorish.reverse().find(l => !isNoise(l)) ?? lines.reverse().find(l => !isNoise(l))
  return oneLine(pick ?? '').replace(/^ERROR:\s*/, '')
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
    private readonly echo: (text: string | Uint8Array) => void = text => process.stdout.write(text)
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
    // Our own line, outside the fence: argv holds tags and paths, never a line break.
    if (opts.stream) this.echo(`[command]${this.binary} ${oneLine(args.join(' '))}\n`)
    const child = this.start(args, this.env(opts.env), opts.input !== undefined)
    const keep = opts.keepBytes ?? (opts.stream ? STREAM_TAIL_BYTES : CAPTURE_LIMIT_BYTES)
    const out = new TailBuffer(keep)
    const err = new TailBuffer(keep)
    // Build and push output is the image's and the registry's text: fenced, so a line such
    // as `::error::` or `::stop-commands::` in it is shown, never obeyed.
    const fence = opts.stream ? new CommandFence(this.echo) : undefined
    // Raw bytes go straight through: no string per chunk, and a character split between
    // chunks is joined again by the reader.
    child.stdout?.on('data', (d: Buffer) => {
      out.push(d)
      fence?.text(d)
    })
    child.stderr?.on('data', (d: Buffer) => {
      err.push(d)
      fence?.text(d)
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
    }).finally(() => {
      clearTimeout(timer)
      fence?.end()
    })
    const res = { exitCode, stdout: out.toString(), stderr: err.toString() }
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
