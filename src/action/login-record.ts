import * as core from '../util/core.js'
import { credentialDelegate } from '../docker/config.js'
import { validHelperName, type DelegatedLogin } from '../docker/credential-helper.js'
import { STATE } from '../lifecycle/state.js'

const delegated: DelegatedLogin[] = []

/**
 * Before `docker login`: where will the credential go? When a credential helper would receive
 * it after all (the private config still delegates this registry), the helper and registry
 * are saved so the post step erases it. Returns the line to log once logged in.
 */
export function recordLogin(dockerConfig: string, registry: string): string {
  const helper = credentialDelegate(dockerConfig, registry)
  if (!helper) {
    return `Logged in to ${registry} (credentials kept in a step-private docker config, removed by the post step).`
  }
  if (validHelperName(helper)) {
    delegated.push({ helper, registry })
    core.saveState(STATE.delegatedLogins, JSON.stringify(delegated))
  }
  core.warning(
    `docker login stored the credential for ${registry} in docker-credential-${helper}, outside the step-private config; the post step erases it.`
  )
  return `Logged in to ${registry} (credential held by docker-credential-${helper} until the post step).`
}
