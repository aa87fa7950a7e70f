import { accessSync, constants } from 'node:fs'
import { join } from 'node:path'
import { text } from 'node:stream/consumers'
import type { DockerCli } from './cli.js'
import { dockerConfigDir } from './config.js'

export interface EngineInfo {
  /** Not asked for (it would cost a second call); kept for callers that print it. */
  serverVersion: string
  buildx: boolean
  /** False on engines started without a default bridge (--bridge=none). */
  hasBridge: boolean
}

/**
 * Where the docker CLI looks for plugins: the config dir's cli-plugins, then the system
 * directories (docker/cli's defaultSystemPluginDirs for Linux).
 */
export function pluginDirs(env: Record<string, string | undefined>): string[] {
  const config = dockerConfigDir(env)
  return [
    join(config, 'cli-plugins'),
    '/usr/local/lib/docker/cli-plugins',
    '/usr/local/libexec/docker/cli-plugins',
    '/usr/lib/docker/cli-plugins',
    '/usr/libexec/docker/cli-plugins'
  ]
}

/**
 * buildx is there when its plugin binary is: looking costs a stat, where `docker buildx
 * version` starts the CLI and the 60 MB plugin (60–80 ms). A plugin that is present but broken
 * fails the build with its own message.
 */
export function hasBuildxPlugin(env: Record<string, string | undefined> = process.env): boolean {
  return pluginDirs(env).some(dir => {
    try {
      accessSync(join(dir, 'docker-buildx'), constants.X_OK)
      return true
    } catch {
      return false
    }
  })
}

export interface EngineProbe {
  result: Promise<EngineInfo>
  /** Stops the probe if nobody needs it any more (bad input, a dry run). */
  cancel(): void
}

/**
 * Asks the engine, in one call, whether it answers and whether it has a default bridge,
 * within `timeoutMs`: an unreachable DOCKER_HOST can otherwise hang the CLI, and the step
 * must fail quickly with a message that says so.
 */
export function startEngineProbe(
  docker: DockerCli,
  timeoutMs = 5000,
  env: Record<string, string | undefined> = process.env
): EngineProbe {
  const proc = docker.spawn(['network', 'ls', '--filter', 'name=^bridge$', '--format', '{{.Name}}'])
  const finished = Promise.all([proc.exited, text(proc.stdout), text(proc.stderr)])
  let timer: NodeJS.Timeout | undefined
  let cancelled = (): void => undefined
  const stopped = new Promise<'timeout' | 'cancelled'>(resolve => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs)
    cancelled = () => resolve('cancelled')
  })
  const result = Promise.race([finished, stopped]).then(outcome => {
    clearTimeout(timer)
    if (outcome === 'timeout' || outcome === 'cancelled') {
      proc.kill()
      throw new Error(
        outcome === 'cancelled'
          ? 'The engine probe was cancelled'
          : `The Docker engine did not answer within ${timeoutMs / 1000}s. Is dockerd running and DOCKER_HOST correct?`
      )
    }
    const [code, out, err] = outcome
    if (code !== 0) {
      const line = err.split('\n').find(l => /cannot connect|error|denied/i.test(l)) ?? err.trim()
      throw new Error(
        `The Docker engine is not reachable: ${line.trim() || 'docker network ls failed'}`
      )
    }
    return {
      serverVersion: '',
      buildx: hasBuildxPlugin(env),
      hasBridge: out.split('\n').some(l => l.trim() === 'bridge')
    }
  })
  return { result, cancel: cancelled }
}

let early: EngineProbe | undefined

/**
 * Starts the probe before the rest of the action has loaded, so the engine answers while
 * the bundle compiles; the next probeEngine() call takes its result.
 */
export function prefetchEngineProbe(docker: DockerCli): void {
  early = startEngineProbe(docker)
  // Consumed (or cancelled) later; an unreachable engine is reported there, not here.
  early.result.catch(() => undefined)
}

/** Cancels a prefetched probe that no step used. */
export function dropEngineProbe(): void {
  early?.cancel()
  early = undefined
}

export function probeEngine(docker: DockerCli, timeoutMs = 5000): Promise<EngineInfo> {
  if (early) {
    const probe = early
    early = undefined
    return probe.result
  }
  return startEngineProbe(docker, timeoutMs).result
}
