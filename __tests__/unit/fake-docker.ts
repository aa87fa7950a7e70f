import { PassThrough } from 'node:stream'
import type {
  DockerCli,
  DockerExecOptions,
  DockerProcess,
  ExecResult
} from '../../src/docker/cli.js'
import { DockerError } from '../../src/util/errors.js'
import { usefulStderrLine } from '../../src/docker/cli.js'

type Responder = (args: readonly string[], opts: DockerExecOptions) => Partial<ExecResult>

/** A scripted stand-in for the docker CLI wrapper; records every argv and stdin. */
export class FakeDocker implements DockerCli {
  readonly calls: string[][] = []
  readonly inputs: Array<string | undefined> = []

  constructor(private readonly respond: Responder = () => ({})) {}

  async exec(args: readonly string[], opts: DockerExecOptions = {}): Promise<ExecResult> {
    this.calls.push([...args])
    this.inputs.push(opts.input)
    const r = { exitCode: 0, stdout: '', stderr: '', ...this.respond(args, opts) }
    if (r.exitCode !== 0 && !opts.allowFailure) {
      throw new DockerError(args, r.exitCode, usefulStderrLine(r.stderr), r.stderr)
    }
    return r
  }

  spawn(args: readonly string[]): DockerProcess {
    this.calls.push([...args])
    this.inputs.push(undefined)
    const stdout = new PassThrough()
    const stderr = new PassThrough()
    const r = { exitCode: 0, stdout: '', stderr: '', ...this.respond(args, {}) }
    stdout.end(r.stdout)
    stderr.end(r.stderr)
    return { stdout, stderr, exited: Promise.resolve(r.exitCode), kill: () => undefined }
  }

  killAll(): void {}
}
