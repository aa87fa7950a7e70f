import { PassThrough } from 'node:stream'
import type { DockerCli, DockerProcess, ExecResult } from '../../../src/docker/cli.js'

/** A docker child the test drives: write output, then end it with an exit code. */
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
 * Plays the engine for one container at a time: `run` is an attached child the test writes
 * output to and ends with an exit code; `rm -f` ends it as the real engine does (137).
 */
export class FakeDocker implements DockerCli {
  readonly calls: string[][] = []
  readonly procs: FakeProc[] = []
  healthcheck: unknown = null
  /** Set to make `docker run` itself fail: its stderr line and exit code. */
  runFailure?: { stderr: string; exitCode: number }
  healthLog = { Status: 'unhealthy', Log: [{ ExitCode: 1, Output: 'wget: server returned error' }] }
  /** Called with the run argv while `docker run` is in flight (e.g. to read the env file). */
  onRun: (args: readonly string[]) => void = () => undefined
  private waiters: { kind: string; resolve: (p: FakeProc) => void }[] = []

  async exec(args: readonly string[]): Promise<ExecResult> {
    this.calls.push([...args])
    const ok = (stdout = ''): ExecResult => ({ exitCode: 0, stdout, stderr: '' })
    if (args[0] === 'image') return ok(JSON.stringify(this.healthcheck))
    if (args[0] === 'rm') {
      for (const p of this.procs) if (!p.done) p.finish(p.args[0] === 'run' ? 137 : 0)
      return ok(args[2])
    }
    if (args[0] === 'inspect') return ok(JSON.stringify(this.healthLog))
    throw new Error(`unexpected docker ${args.join(' ')}`)
  }

  spawn(args: readonly string[]): FakeProc {
    this.calls.push([...args])
    const p = new FakeProc(args)
    this.procs.push(p)
    if (args[0] === 'run') {
      this.onRun(args)
      const failure = this.runFailure
      if (failure) {
        p.stderr.write(failure.stderr)
        setTimeout(() => p.finish(failure.exitCode), 1)
      }
    }
    for (const w of this.waiters.filter(w => w.kind === args[0])) w.resolve(p)
    this.waiters = this.waiters.filter(w => w.kind !== args[0])
    return p
  }

  killAll(): void {
    for (const p of this.procs) p.kill()
  }

  /** The newest live child of that kind, waiting for it to be spawned if need be. */
  proc(kind: string): Promise<FakeProc> {
    const live = [...this.procs].reverse().find(p => p.args[0] === kind && !p.done)
    if (live) return Promise.resolve(live)
    return new Promise(resolve => this.waiters.push({ kind, resolve }))
  }

  async write(text: string, stream: 'stdout' | 'stderr' = 'stdout'): Promise<void> {
    ;(await this.proc('run'))[stream].write(text)
  }

  /** The container exits: the attached client delivers the rest and exits with its code. */
  async exit(code: number): Promise<void> {
    ;(await this.proc('run')).finish(code)
  }

  names(verb: string): string[] {
    return this.calls.filter(c => c[0] === verb).map(c => c[c.length - 1])
  }
}
