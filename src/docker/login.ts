import type { DockerCli } from './cli.js'
import { loginArgv, logoutArgv } from './argv.js'

export interface Credentials {
  registry: string
  username: string
  password: string
}

/** Logs in through stdin; the password never appears on argv. */
export async function login(docker: DockerCli, cred: Credentials): Promise<void> {
  await docker.exec(loginArgv(cred.registry, cred.username), { input: cred.password })
}

export async function logout(docker: DockerCli, registry: string): Promise<void> {
  await docker.exec(logoutArgv(registry), { allowFailure: true })
}
