import type { DockerCli } from './docker/cli.js'
import { pushArgv } from './docker/argv.js'

export interface PushTarget {
  /** Fully qualified reference, e.g. `127.0.0.1:5000/acme/app:1.2.3`. */
  ref: string
  /** Moves between releases (`latest`, `1`, `1.2`, branch names): pushed after the fixed ones. */
  floating: boolean
}

export interface PushReport {
  digest: string
  pushed: string[]
  notPushed: string[]
  error?: string
}

/**
 * Immutable tags first and floating tags last, so an interrupted push never leaves `latest`
 * pointing at a release whose own version tag is missing.
 */
export function pushOrder(targets: readonly PushTarget[]): PushTarget[] {
  return [...targets.filter(t => !t.floating), ...targets.filter(t => t.floating)]
}

const DIGEST = /digest: (sha256:[0-9a-f]{64})/

export async function pushAll(
  docker: DockerCli,
  targets: readonly PushTarget[]
): Promise<PushReport> {
  const ordered = pushOrder(targets)
  const report: PushReport = { digest: '', pushed: [], notPushed: ordered.map(t => t.ref) }
  for (const target of ordered) {
    try {
      const res = await docker.exec(pushArgv(target.ref), { stream: true })
      const digest = DIGEST.exec(res.stdout)?.[1]
      if (digest) report.digest ||= digest
      report.pushed.push(target.ref)
      report.notPushed = report.notPushed.filter(r => r !== target.ref)
    } catch (err) {
      report.error = err instanceof Error ? err.message : String(err)
      break
    }
  }
  return report
}
