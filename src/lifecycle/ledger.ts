import type { DockerCli, DockerExecOptions, DockerProcess, ExecResult } from '../docker/cli.js'

const RUN_LABEL = 'build-tag-push.run='

/**
 * Watches the docker calls of a run for the containers it creates (any argv that carries the
 * run label) and the ones `rm` removed, so main can tell whether it left anything for the
 * post step. It only observes: every call goes through unchanged.
 */
export class ContainerLedger {
  private readonly created = new Set<string>()
  private readonly removed = new Set<string>()
  private unnamed = false

  wrap(docker: DockerCli): DockerCli {
    return {
      exec: async (args: readonly string[], opts?: DockerExecOptions): Promise<ExecResult> => {
        this.noteCreate(args)
        const res = await docker.exec(args, opts)
        if (args[0] === 'rm') this.noteRemove(args, res.exitCode, res.stderr)
        return res
      },
      spawn: (args: readonly string[], opts?: { env?: Record<string, string> }): DockerProcess => {
        this.noteCreate(args)
        return docker.spawn(args, opts)
      },
      killAll: () => docker.killAll()
    }
  }

  /** True when every container the run created is known to be gone. */
  allRemoved(): boolean {
    return !this.unnamed && [...this.created].every(name => this.removed.has(name))
  }

  private noteCreate(args: readonly string[]): void {
    if (!args.some(a => a.startsWith(RUN_LABEL) || a.startsWith(`--label=${RUN_LABEL}`))) return
    const at = args.indexOf('--name')
    const inline = args.find(a => a.startsWith('--name='))
    const name = at >= 0 ? args[at + 1] : inline?.slice('--name='.length)
    if (name) this.created.add(name)
    else this.unnamed = true
  }

  private noteRemove(args: readonly string[], exitCode: number, stderr: string): void {
    const names = args.slice(1).filter(a => !a.startsWith('-'))
    // `rm -f` of several names fails as a whole if one fails; then none counts as removed.
    if (exitCode === 0 || (names.length === 1 && /no such container/i.test(stderr))) {
      for (const name of names) this.removed.add(name)
    }
  }
}
