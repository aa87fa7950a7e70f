import type { DockerCli } from '../docker/cli.js'
import { oneLine, runnerLines } from '../util/untrusted.js'
import { LineSplitter } from './line-matcher.js'

/** Whether the image declares a HEALTHCHECK (a `HEALTHCHECK NONE` counts as none). */
export async function imageHasHealthcheck(docker: DockerCli, image: string): Promise<boolean> {
  const res = await docker.exec([
    'image',
    'inspect',
    '--format',
    '{{json .Config.Healthcheck}}',
    image
  ])
  const text = res.stdout.trim()
  if (text === '' || text === 'null') return false
  const hc = JSON.parse(text) as { Test?: string[] | null }
  return Array.isArray(hc.Test) && hc.Test.length > 0 && hc.Test[0] !== 'NONE'
}

export type HealthStatus = 'starting' | 'healthy' | 'unhealthy'

export interface HealthWatch {
  stop(): void
}

/**
 * Streams the container's health_status events. Started before `docker run` with `--since`,
 * so a status reported before the stream connects is replayed rather than lost.
 */
export function watchHealth(
  docker: DockerCli,
  name: string,
  sinceSec: number,
  onStatus: (s: HealthStatus) => void
): HealthWatch {
  const proc = docker.spawn([
    'events',
    '--since',
    sinceSec.toFixed(3),
    '--filter',
    `container=${name}`,
    '--filter',
    'event=health_status',
    '--format',
    '{{.Status}}'
  ])
  const splitter = new LineSplitter(line => {
    const m = /health_status:\s*(starting|healthy|unhealthy)/.exec(line)
    if (m) onStatus(m[1] as HealthStatus)
  })
  proc.stdout.on('data', (chunk: Buffer) => splitter.push(chunk))
  proc.stderr.resume()
  return { stop: () => proc.kill() }
}

/** The last health check's output, to say why a container went unhealthy. */
export async function lastHealthOutput(docker: DockerCli, name: string): Promise<string> {
  const res = await docker.exec(['inspect', '--format', '{{json .State.Health}}', name], {
    allowFailure: true
  })
  if (res.exitCode !== 0) return ''
  try {
    const health = JSON.parse(res.stdout) as { Log?: { ExitCode?: number; Output?: string }[] }
    const last = health.Log?.[health.Log.length - 1]
    if (!last) return ''
    // The image's text: split as the runner splits (a lone \r too), so it stays one line.
    const output = runnerLines((last.Output ?? '').trim())
      .map(l => l.trim())
      .filter(l => l.length > 0)
      .slice(-3)
      .join(' | ')
    return oneLine(`exit ${last.ExitCode ?? '?'}${output ? `: ${output.slice(0, 300)}` : ''}`)
  } catch {
    return ''
  }
}
