import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** The docker CLI's config directory: DOCKER_CONFIG, else ~/.docker. */
export function dockerConfigDir(env: Record<string, string | undefined>): string {
  return env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker')
}

/**
 * The registry a config key or login argument names, in one spelling: no scheme or path, and
 * Docker Hub's several names as `docker.io`.
 */
export function registryKey(server: string): string {
  const host = server
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase()
  return ['', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com'].includes(host)
    ? 'docker.io'
    : host
}

interface ConfigFile {
  credsStore?: unknown
  credHelpers?: Record<string, unknown>
  [key: string]: unknown
}

/**
 * A docker config directory private to this step, so `docker login` never writes into the
 * runner's ~/.docker/config.json. The CLI finds plugins and buildx builders through
 * DOCKER_CONFIG too, so those (and contexts) are linked in from the runner's config. The
 * runner's config.json is copied without its credential store, and without the credential
 * helpers of the registries we log in to (`loginRegistries`): `docker login` would hand the
 * password to such a helper, which keeps it outside this directory after the job. Helpers of
 * other registries stay, so a private base image still pulls.
 */
export function createStepDockerConfig(
  parent: string,
  env: Record<string, string | undefined>,
  loginRegistries: readonly string[] = []
): string {
  const source = dockerConfigDir(env)
  mkdirSync(parent, { recursive: true })
  const dir = mkdtempSync(join(parent, 'btp-docker-config-'))
  for (const entry of ['cli-plugins', 'buildx', 'contexts']) {
    const from = join(source, entry)
    if (existsSync(from)) symlinkSync(from, join(dir, entry))
  }
  const config = readConfig(join(source, 'config.json'))
  // Keep existing logins usable for base-image pulls, but make sure new credentials are written
  // to this directory's file rather than to a desktop credential store or helper.
  delete config.credsStore
  const ours = new Set(loginRegistries.map(registryKey))
  if (config.credHelpers && typeof config.credHelpers === 'object') {
    for (const key of Object.keys(config.credHelpers)) {
      if (ours.has(registryKey(key))) delete config.credHelpers[key]
    }
  }
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2), { mode: 0o600 })
  return dir
}

function readConfig(path: string): ConfigFile {
  if (!existsSync(path)) return {}
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as ConfigFile)
      : {}
  } catch {
    return {}
  }
}

/**
 * The credential helper `docker login <registry>` hands the password to with this config
 * (its `docker-credential-<name>`), or undefined when the login is stored in config.json.
 */
export function credentialDelegate(configDir: string, registry: string): string | undefined {
  const config = readConfig(join(configDir, 'config.json'))
  const key = registryKey(registry)
  for (const [server, helper] of Object.entries(config.credHelpers ?? {})) {
    if (registryKey(server) === key && typeof helper === 'string' && helper) return helper
  }
  return typeof config.credsStore === 'string' && config.credsStore ? config.credsStore : undefined
}
