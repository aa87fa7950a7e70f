import { text } from 'node:stream/consumers'
import type { DockerCli } from './cli.js'

export interface EngineInfo {
  serverVersion: string
  buildx: boolean
  /** False on engines started without a default bridge (--bridge=none). */
  hasBridge: boolean
}

/**
 * Checks the engine answers within `timeoutMs`: an unreachable DOCKER_HOST can otherwise hang
 * the CLI, and the step must fail quickly with a message that says so.
 */
export async function probeEngine(docker: DockerCli, timeoutMs = 5000): Promise<EngineInfo> {
  const proc = docker.spawn(['version', '--format', '{{.Server.Version}}'])
  const finished = Promise.all([proc.exited, text(proc.stdout), text(proc.stderr)])
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<'timeout'>(resolve => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs)
  })
  const result = await Promise.race([finished, timedOut])
  clearTimeout(timer)
  if (result === 'timeout') {
    proc.kill()
    throw new Error(
      `The Docker engine did not answer within ${timeoutMs / 1000}s. Is dockerd running and DOCKER_HOST correct?`
    )
  }
  const [code, out, err] = result
  if (code !== 0 || !out.trim()) {
    const line = err.split('\n').find(l => /cannot connect|error|denied/i.test(l)) ?? err.trim()
    throw new Error(`The Docker engine is not reachable: ${line.trim() || 'docker version failed'}`)
  }
  const [buildx, bridge] = await Promise.all([
    docker.exec(['buildx', 'version'], { allowFailure: true }),
    docker.exec(['network', 'inspect', '--format', '{{.Name}}', 'bridge'], { allowFailure: true })
  ])
  return {
    serverVersion: out.trim(),
    buildx: buildx.exitCode === 0,
    hasBridge: bridge.exitCode === 0
  }
}
