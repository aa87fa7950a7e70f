import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DockerCli } from '../docker/cli.js'
import { dockerConfigDir } from '../docker/config.js'
import { platformOf, type BuildCapabilities } from './platforms.js'

type Env = Record<string, string | undefined>

export interface CapabilityQuestion {
  /** The `builder` input ('' = buildx's current builder). */
  builder: string
  /**
   * The run uses something that depends on the image store or the runner's platform
   * (`platforms`, `smoke-platform`, attestations, an exported cache). Without it, and on the
   * engine's own docker driver, nothing in the plan changes with the answer, so it is not asked.
   */
  needsStore: boolean
  env: Env
}

/**
 * What the engine and the selected buildx builder can do: the image store (the containerd
 * store holds multi-platform images and attestations), the runner's platform, the driver.
 * Each answer costs a docker call (`buildx inspect` starts the 60 MB plugin), so only the
 * questions the plan needs are asked, and the driver is read from buildx's own files when
 * they answer it without doubt.
 */
export async function probeBuildCapabilities(
  docker: DockerCli,
  q: CapabilityQuestion
): Promise<BuildCapabilities> {
  const knownDriver = q.builder ? undefined : defaultBuilderDriver(q.env)
  const localPlatform = localEnginePlatform(q.env)
  const askInfo = q.needsStore || knownDriver !== 'docker' || !localPlatform
  const [info, inspect] = await Promise.all([
    askInfo
      ? docker.exec(['info', '--format', '{{.OSType}} {{.Architecture}} {{json .DriverStatus}}'], {
          allowFailure: true
        })
      : undefined,
    knownDriver
      ? undefined
      : docker.exec(['buildx', 'inspect', ...(q.builder ? [q.builder] : [])], {
          allowFailure: true
        })
  ])
  const caps = parseCapabilities(
    info?.stdout ?? '',
    knownDriver ? `Driver: ${knownDriver}` : inspect?.exitCode === 0 ? inspect.stdout : ''
  )
  if (info) return caps
  return { nativePlatform: localPlatform, driver: caps.driver }
}

export function parseCapabilities(infoLine: string, inspect: string): BuildCapabilities {
  const [os = 'linux', machine = 'x86_64', ...rest] = infoLine.trim().split(' ')
  return {
    containerdStore: rest.join(' ').includes('io.containerd.snapshotter'),
    nativePlatform: platformOf(os, machine),
    driver: /^Driver:\s*(\S+)/m.exec(inspect)?.[1] ?? 'docker'
  }
}

/**
 * buildx keeps the selected builder in `<config>/buildx/current` (`{"Key","Name","Global"}`);
 * with no file, or no name, the current context's own builder is used, and that one is always
 * the docker driver. Anything else (a named builder, per-context defaults, BUILDX_BUILDER, a
 * file we cannot read) is left to `docker buildx inspect`: undefined.
 */
export function defaultBuilderDriver(env: Env): 'docker' | undefined {
  if (env.BUILDX_BUILDER) return undefined
  const dir = env.BUILDX_CONFIG || join(dockerConfigDir(env), 'buildx')
  try {
    if (readdirSync(join(dir, 'defaults')).length > 0) return undefined
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return undefined
  }
  let text: string
  try {
    text = readFileSync(join(dir, 'current'), 'utf8')
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'docker' : undefined
  }
  try {
    const current = JSON.parse(text) as { Name?: unknown }
    return current.Name === '' || current.Name === undefined ? 'docker' : undefined
  } catch {
    return undefined
  }
}

/**
 * The engine runs on this machine when DOCKER_HOST is a unix socket (or unset) and no docker
 * context other than `default` is chosen (environment or config.json): then its platform is this Linux machine's. '' when
 * that cannot be known without asking the engine.
 */
export function localEnginePlatform(
  env: Env,
  platform = process.platform,
  arch = process.arch
): string {
  if (platform !== 'linux' || (env.DOCKER_CONTEXT && env.DOCKER_CONTEXT !== 'default')) return ''
  const host = env.DOCKER_HOST ?? ''
  if (host !== '' && !host.startsWith('unix://')) return ''
  if (host === '' && !env.DOCKER_CONTEXT && configuredContext(env) !== 'default') return ''
  const machine: Record<string, string> = {
    x64: 'x86_64',
    arm64: 'aarch64',
    arm: 'armv7l',
    ppc64: 'ppc64le',
    s390x: 's390x',
    riscv64: 'riscv64'
  }
  return machine[arch] ? platformOf('linux', machine[arch]) : ''
}

/** config.json's `currentContext` ('default' when unset or unreadable as such). */
function configuredContext(env: Env): string {
  const dir = dockerConfigDir(env)
  try {
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as {
      currentContext?: unknown
    }
    const name = config.currentContext
    return typeof name === 'string' && name !== '' ? name : 'default'
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'default' : ''
  }
}
