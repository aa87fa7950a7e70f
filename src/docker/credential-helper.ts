/**
 * Talks to a docker credential helper (`docker-credential-<name>`) directly, as the docker
 * CLI does: the post step uses it to erase a login that reached a helper instead of the
 * step-private config.
 */
import { spawnSync } from 'node:child_process'

/** A helper and the registry whose credential it received; saved for the post step. */
export interface DelegatedLogin {
  helper: string
  registry: string
}

/** Helper names become a program name: nothing that could name a path. */
export function validHelperName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)
}

/**
 * `docker-credential-<helper> erase` with the registry on stdin. Returns a problem to report,
 * or undefined when the credential is gone. Never throws.
 */
export function eraseCredential(login: DelegatedLogin, timeoutMs = 15000): string | undefined {
  if (!validHelperName(login.helper)) return `invalid credential helper name "${login.helper}"`
  const res = spawnSync(`docker-credential-${login.helper}`, ['erase'], {
    input: login.registry,
    encoding: 'utf8',
    timeout: timeoutMs
  })
  if (res.error) return `docker-credential-${login.helper} erase: ${res.error.message}`
  if (res.status !== 0) {
    const why = (res.stdout + res.stderr).trim().split(/\r\n|\r|\n/)[0] ?? ''
    // Nothing stored is as good as erased.
    if (/not found|no credentials/i.test(why)) return undefined
    return `docker-credential-${login.helper} erase failed (exit ${res.status}): ${why.slice(0, 200)}`
  }
  return undefined
}
