import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { removeStepDockerConfig } from './docker/config.js'

export interface Leftovers {
  runId: string
  dockerConfig: string
  tempDirs: string[]
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
  if (left.dockerConfig) {
    try {
      removeStepDockerConfig(left.dockerConfig)
      result.removedPaths.push(left.dockerConfig)
    } catch (err) {
      result.problems.push(`could not remove ${left.dockerConfig}: ${String(err)}`)
    }
  }
  for (const dir of left.tempDirs) {
    // Only directories this action made (btp-… under RUNNER_TEMP) are ever deleted.
    if (!/(^|\/)btp-[^/]+$/.test(dir)) {
      result.problems.push(`not removing ${dir}: not a directory this action created`)
      continue
    }
    try {
      rmSync(dir, { recursive: true, force: true })
      result.removedPaths.push(dir)
    } catch (err) {
      result.problems.push(`could not remove ${dir}: ${String(err)}`)
    }
  }
  return result
}
