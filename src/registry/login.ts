import type { DockerCli } from '../docker/cli.js'
import type { DockerCall } from '../docker/argv.js'
import { DEFAULT_RETRY, RetryBudget, type RegistryRetry } from './retry.js'
import { withDefaultWarn } from './push.js'

export interface Credentials {
  registry: string
  username: string
  password: string
}

/**
 * Runs the planned `docker login … --password-stdin` with the password on stdin, so it never
 * appears on argv, retrying a registry that is briefly unavailable; a rejected password fails
 * at once with the registry's message.
 */
export async function login(
  docker: DockerCli,
  call: DockerCall,
  cred: { registry: string; password: string },
  retry: RegistryRetry | RetryBudget = DEFAULT_RETRY
): Promise<void> {
  const budget = RetryBudget.of(withDefaultWarn(retry))
  await budget.run(`login ${cred.registry || 'Docker Hub'}`, () =>
    docker.exec(call.argv, {
      input: cred.password,
      env: { ...call.env },
      timeoutMs: budget.attemptTimeoutMs()
    })
  )
}
