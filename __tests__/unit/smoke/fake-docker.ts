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
    this.resolve(code)
  }

  kill(): void {
    this.finish(-1)
  }
}

/**
 * Plays the engine for one container at a time: `run` succeeds (or returns `runResult`),
 * `rm -f` ends the followers as the real engine does, and tests push output and exits.
 */
export class FakeDocker implements DockerCli {
  readonly calls: string[][] = []
  readonly procs: FakeProc[] = []
  healthcheck: unknown = null
  runResult: ExecResult = { exitCode: 0, stdout: 'c0ffee\n', stderr: '' }
  healthLog = { Status: 'unhealthy', Log: [{ ExitCode: 1, Output: 'wget: server returned error' }] }
  /** Called with the run argv while `docker run` is in flight (e.g. to read the env file). */
  onRun: (args: readonly string[]) => void = () => undefined
  private waiters: { kind: string; resolve: (p: FakeProc) => void }[] = []

  async exec(args: readonly string[]): Promise<ExecResult> {
    this.calls.push([...args])
    const ok = (stdout = ''): ExecResult => ({ exitCode: 0, stdout, stderr: '' })
    if (args[0] === 'image') return ok(JSON.stringify(this.healthcheck))
    if (args[0] === 'run') {
      this.onRun(args)
      return this.runResult
    }
    if (args[0] === 'rm') {
      for (const p of this.procs) {
        if (p.done) continue
        if (p.args[0] === 'wait') {
          p.stderr.write('Error response from daemon: No such container\n')
          p.finish(1)
        } else p.finish(0)
      }
      return ok(args[2])
    }
    if (args[0] === 'inspect') return ok(JSON.stringify(this.healthLog))
    throw new Error(`unexpected docker ${args.join(' ')}`)
  }

  spawn(args: readonly string[]): FakeProc {
    this.calls.push([...args])
    const p = new FakeProc(args)
    this.procs.push(p)
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
    ;(await this.proc('logs'))[stream].write(text)
  }

  /** The container exits: its log stream ends first, then `docker wait` prints the code. */
  async exit(code: number): Promise<void> {
    const logs = await this.proc('logs')
    const wait = await this.proc('wait')
    logs.finish(0)
    wait.stdout.write(`${code}\n`)
    wait.finish(0)
  }

  names(verb: string): string[] {
    return this.calls.filter(c => c[0] === verb).map(c => c[c.length - 1])
  }
}
