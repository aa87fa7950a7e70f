import { PassThrough } from 'node:stream'
import type {
  DockerCli,
  DockerExecOptions,
  DockerProcess,
  ExecResult
} from '../../src/docker/cli.js'
import { usefulStderrLine } from '../../src/docker/cli.js'
import { DockerError } from '../../src/util/errors.js'

/** What the fake engine answers to one docker call; missing fields mean success, no output. */
export type Responder = (args: readonly string[], opts: DockerExecOptions) => Partial<ExecResult>

/** A docker child: it prints and exits by itself, or stays open for the test to drive. */
export class FakeProc implements DockerProcess {
  readonly stdout = new PassThrough()
  readonly stderr = new PassThrough()
  readonly exited: Promise<number>
  private resolve: (code: number) => void = () => undefined
  done = false

  constructor(readonly args: readonly string[]) {
    this.exited = new Promise(r => (this.resolve = r))
  }

  finish(code = 0): void {
    if (this.done) return
    this.done = true
    this.stdout.end()
    this.stderr.end()
    // Like a real child's 'close': only after the streams have delivered what they hold.
    setImmediate(() => this.resolve(code))
  }

  kill(): void {
    this.finish(-1)
  }
}

/**
 * The one scripted stand-in for the docker CLI wrapper in unit tests. It records every argv and
 * stdin, answers `exec` from the responder (a non-zero exit throws the wrapper's DockerError
 * unless the caller allows failure), and by default lets spawned children print the responder's
 * answer and exit. With `live: true` spawned children stay open: the test writes their output
 * and ends them (`write`, `exit`, `proc`), as the smoke tests do with the attached `docker run`;
 * `onSpawn` sees each child as it starts.
 */
export class FakeDocker implements DockerCli {
  readonly calls: string[][] = []
  readonly inputs: Array<string | undefined> = []
  readonly procs: FakeProc[] = []
  private readonly live: boolean
  private readonly onSpawn: (p: FakeProc) => void
  private waiters: { kind: string; resolve: (p: FakeProc) => void }[] = []

  constructor(
    private readonly respond: Responder = () => ({}),
    opts: { live?: boolean; onSpawn?: (p: FakeProc) => void } = {}
  ) {
    this.live = opts.live ?? false
    this.onSpawn = opts.onSpawn ?? (() => undefined)
  }

  async exec(args: readonly string[], opts: DockerExecOptions = {}): Promise<ExecResult> {
    this.calls.push([...args])
    this.inputs.push(opts.input)
    const r = { exitCode: 0, stdout: '', stderr: '', ...this.respond(args, opts) }
    if (r.exitCode !== 0 && !opts.allowFailure) {
      throw new DockerError(args, r.exitCode, usefulStderrLine(r.stderr), r.stderr)
    }
    return r
  }

  spawn(args: readonly string[]): FakeProc {
    this.calls.push([...args])
    this.inputs.push(undefined)
    const p = new FakeProc(args)
    this.procs.push(p)
    if (!this.live) {
      const r = { exitCode: 0, stdout: '', stderr: '', ...this.respond(args, {}) }
      p.stdout.write(r.stdout)
      p.stderr.write(r.stderr)
      p.finish(r.exitCode)
    }
    this.onSpawn(p)
    for (const w of this.waiters.filter(w => w.kind === args[0])) w.resolve(p)
    this.waiters = this.waiters.filter(w => w.kind !== args[0])
    return p
  }

  killAll(): void {
    for (const p of this.procs) p.kill()
  }

  /** The newest live child of that verb, waiting for it to be spawned if need be. */
  proc(kind: string): Promise<FakeProc> {
    const live = [...this.procs].reverse().find(p => p.args[0] === kind && !p.done)
    if (live) return Promise.resolve(live)
    return new Promise(resolve => this.waiters.push({ kind, resolve }))
  }

  /** Output from the running container (its attached `docker run` child). */
  async write(text: string, stream: 'stdout' | 'stderr' = 'stdout'): Promise<void> {
    ;(await this.proc('run'))[stream].write(text)
  }

  /** The container exits: the attached client delivers the rest and exits with its code. */
  async exit(code: number): Promise<void> {
    ;(await this.proc('run')).finish(code)
  }

  /** The last argument of every call of that verb (the container names for `rm -f`). */
  names(verb: string): string[] {
    return this.calls.filter(c => c[0] === verb).map(c => c[c.length - 1])
  }
}

/** What the fake container engine answers; tests change it before starting a run. */
export interface EngineState {
  healthcheck: unknown
  /** Set to make `docker run` itself fail: its stderr line and exit code. */
  runFailure?: { stderr: string; exitCode: number }
  healthLog: unknown
  /** Called with the run argv while `docker run` is in flight (e.g. to read the env file). */
  onRun: (args: readonly string[]) => void
}

/**
 * A live FakeDocker that plays the engine for one container at a time: `run` is an attached
 * child the test writes output to and ends with an exit code (or that fails at once with
 * `state.runFailure`); `rm -f` ends it as the real engine does (137); `image inspect` and
 * `inspect` print the configured healthcheck and health log.
 */
export function fakeContainerEngine(): { docker: FakeDocker; state: EngineState } {
  const state: EngineState = {
    healthcheck: null,
    healthLog: {
      Status: 'unhealthy',
      Log: [{ ExitCode: 1, Output: 'wget: server returned error' }]
    },
    onRun: () => undefined
  }
  const docker: FakeDocker = new FakeDocker(
    args => {
      if (args[0] === 'image') return { stdout: JSON.stringify(state.healthcheck) }
      if (args[0] === 'rm') {
        for (const p of docker.procs) if (!p.done) p.finish(p.args[0] === 'run' ? 137 : 0)
        return { stdout: args[2] }
      }
      if (args[0] === 'inspect') return { stdout: JSON.stringify(state.healthLog) }
      throw new Error(`unexpected docker ${args.join(' ')}`)
    },
    {
      live: true,
      onSpawn: p => {
        if (p.args[0] !== 'run') return
        state.onRun(p.args)
        const failure = state.runFailure
        if (failure) {
          p.stderr.write(failure.stderr)
          setTimeout(() => p.finish(failure.exitCode), 1)
        }
      }
    }
  )
  return { docker, state }
}
