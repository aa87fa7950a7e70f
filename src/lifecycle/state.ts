import * as core from '../util/core.js'

/**
 * What main leaves for the post step, which runs even when main failed or was cancelled.
 * Only names and paths are saved here, never a credential.
 */
export const STATE = {
  runId: 'run-id',
  dockerConfig: 'docker-config',
  tempDirs: 'temp-dirs',
  /** 'true' once main itself removed everything: the post step then has nothing to do. */
  cleanedUp: 'cleaned-up',
  /** input, build, smoke or push: read by the local CLI for its exit code. */
  failedPhase: 'failed-phase',
  /** Logins a credential helper received (helper and registry names only), erased in post. */
  delegatedLogins: 'delegated-logins'
} as const

export function saveState(key: (typeof STATE)[keyof typeof STATE], value: string): void {
  core.saveState(key, value)
}

/** Temp dirs are appended, so each is recorded before anything sensitive is written to it. */
export function rememberTempDir(dirs: string[], dir: string): void {
  dirs.push(dir)
  core.saveState(STATE.tempDirs, JSON.stringify(dirs))
}
