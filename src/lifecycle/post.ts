import * as core from '../util/core.js'
import { tmpdir } from 'node:os'
import { eraseCredential, type DelegatedLogin } from '../docker/credential-helper.js'
import { cleanupRun } from './cleanup.js'
import { STATE } from './state.js'

/** The post step: remove what main left. It reports problems but never fails the job. */
export function run(): void {
  try {
    let tempDirs: string[] = []
    try {
      tempDirs = JSON.parse(core.getState(STATE.tempDirs) || '[]') as string[]
    } catch {
      tempDirs = []
    }
    eraseDelegatedLogins()
    const result = cleanupRun({
      runId: core.getState(STATE.runId),
      tempRoot: process.env.RUNNER_TEMP || tmpdir(),
      dirs: [core.getState(STATE.dockerConfig), ...tempDirs]
    })
    if (result.containers.length > 0) {
      core.info(`Removed ${result.containers.length} container(s) left by the main step`)
    }
    for (const path of result.removedPaths) core.info(`Removed ${path}`)
    for (const problem of result.problems) core.warning(problem)
  } catch (err) {
    core.warning(`Cleanup failed: ${err instanceof Error ? err.message : String(err)}`)
  }
}

/** A login that reached a credential helper lives outside our private config: erase it. */
function eraseDelegatedLogins(): void {
  let logins: DelegatedLogin[] = []
  try {
    logins = JSON.parse(core.getState(STATE.delegatedLogins) || '[]') as DelegatedLogin[]
  } catch {
    logins = []
  }
  for (const login of logins) {
    const problem = eraseCredential(login)
    if (problem) core.warning(`Could not erase the login to ${login.registry}: ${problem}`)
    else core.info(`Erased the login to ${login.registry} from docker-credential-${login.helper}`)
  }
}
