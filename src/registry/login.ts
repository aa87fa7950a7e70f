import type { DockerCli } from '../docker/cli.js'
import { loginArgv } from '../docker/argv.js'
import { DEFAULT_RETRY, RetryBudget, type RegistryRetry } from './retry.js'
import { withDefaultWarn } from './push.js'

export interface Credentials {
  registry: string
  username: string
  password: string
}

/**
 * Logs in through stdin, so the password never appears on argv, retrying a registry that is
 * briefly unavailable; a rejected password fails at once with the registry's message.
 */
export async function login(
  docker: DockerCli,
  cred: Credentials,
  retry: RegistryRetry | RetryBudget = DEFAULT_RETRY
): Promise<void> {
  const budget = RetryBudget.of(withDefaultWarn(retry))
  await budget.run(`login ${cred.registry || 'Docker Hub'}`, () =>
    docker.exec(loginArgv(cred.registry, cred.username), {
      input: cred.password,
      timeoutMs: budget.attemptTimeoutMs()
    })
  )
}
