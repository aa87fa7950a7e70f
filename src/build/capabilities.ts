import type { DockerCli } from '../docker/cli.js'
import { platformOf, type BuildCapabilities } from './platforms.js'

/**
 * What the engine and the selected buildx builder can do: the image store (the containerd
 * store holds multi-platform images and attestations), the runner's platform, the driver.
 */
export async function probeBuildCapabilities(
  docker: DockerCli,
  builder: string
): Promise<BuildCapabilities> {
  const [info, inspect] = await Promise.all([
    docker.exec(['info', '--format', '{{.OSType}} {{.Architecture}} {{json .DriverStatus}}'], {
      allowFailure: true
    }),
    docker.exec(['buildx', 'inspect', ...(builder ? [builder] : [])], { allowFailure: true })
  ])
  return parseCapabilities(info.stdout, inspect.exitCode === 0 ? inspect.stdout : '')
}

export function parseCapabilities(infoLine: string, inspect: string): BuildCapabilities {
  const [os = 'linux', machine = 'x86_64', ...rest] = infoLine.trim().split(' ')
  return {
    containerdStore: rest.join(' ').includes('io.containerd.snapshotter'),
    nativePlatform: platformOf(os, machine),
    driver: /^Driver:\s*(\S+)/m.exec(inspect)?.[1] ?? 'docker'
  }
}
