import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'

export interface Leftovers {
  runId: string
  /** RUNNER_TEMP: every directory the action makes is a `btp-…` directory right inside it. */
  tempRoot: string
  /** The private docker config, secret and env-file directories, as saved in state. */
  dirs: string[]
}

export interface CleanupResult {
  containers: string[]
  removedPaths: string[]
  problems: string[]
}

/**
 * Removes what a run may have left: its smoke containers (found by label, so a container
 * started just before a cancel is found too), its private docker config with any credentials,
 * and temporary secret files. Synchronous so it also works inside a signal handler. Never throws.
 */
export function cleanupRun(left: Leftovers): CleanupResult {
  const result: CleanupResult = { containers: [], removedPaths: [], problems: [] }
  if (left.runId) {
    const ps = spawnSync(
      'docker',
      ['ps', '-aq', '--filter', `label=build-tag-push.run=${left.runId}`],
      {
        encoding: 'utf8',
        timeout: 15000
      }
    )
    const ids = (ps.stdout ?? '').split('\n').filter(Boolean)
    if (ids.length > 0) {
      const rm = spawnSync('docker', ['rm', '-f', '-v', ...ids], {
        encoding: 'utf8',
        timeout: 30000
      })
      if (rm.status === 0) result.containers.push(...ids)
      else
        result.problems.push(
          `could not remove containers ${ids.join(' ')}: ${(rm.stderr ?? '').trim()}`
        )
    }
  }
  for (const dir of left.dirs.filter(Boolean)) {
    try {
      if (removeOwnTempDir(dir, left.tempRoot)) result.removedPaths.push(dir)
      else result.problems.push(`not removing ${dir}: not a directory this action created`)
    } catch (err) {
      result.problems.push(`could not remove ${dir}: ${String(err)}`)
    }
  }
  return result
}

/**
 * Deletes `dir` only if this action made it: a `btp-…` directory directly inside the temp
 * root. State could name any path, and the post step must never delete anything else.
 */
export function removeOwnTempDir(dir: string | undefined, tempRoot: string): boolean {
  if (!dir) return false
  const own = dirname(resolve(dir)) === resolve(tempRoot) && basename(dir).startsWith('btp-')
  if (own) rmSync(dir, { recursive: true, force: true })
  return own
}
