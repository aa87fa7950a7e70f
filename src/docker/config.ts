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

/**
 * A docker config directory private to this step, so `docker login` never writes into the
 * runner's ~/.docker/config.json. The CLI finds plugins and buildx builders through
 * DOCKER_CONFIG too, so those (and contexts) are linked in from the runner's config; the
 * runner's config.json is copied without a credential store, so our login stays in this dir.
 */
export function createStepDockerConfig(
  parent: string,
  env: Record<string, string | undefined>
): string {
  const source = env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker')
  mkdirSync(parent, { recursive: true })
  const dir = mkdtempSync(join(parent, 'btp-docker-config-'))
  for (const entry of ['cli-plugins', 'buildx', 'contexts']) {
    const from = join(source, entry)
    if (existsSync(from)) symlinkSync(from, join(dir, entry))
  }
  let config: Record<string, unknown> = {}
  const sourceFile = join(source, 'config.json')
  if (existsSync(sourceFile)) {
    try {
      config = JSON.parse(readFileSync(sourceFile, 'utf8')) as Record<string, unknown>
    } catch {
      config = {}
    }
  }
  // Keep existing logins usable for base-image pulls, but make sure new credentials are written
  // to this directory's file rather than to a desktop credential store.
  delete config.credsStore
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2), { mode: 0o600 })
  return dir
}
