import * as core from '../util/core.js'
import type { DockerCli } from '../docker/cli.js'
import { cleanupRun } from './cleanup.js'

/**
 * On cancellation the runner signals the step: stop our docker children, remove the smoke
 * container and the credentials at once, then exit. The post step repeats the cleanup for
 * anything a SIGKILL left behind.
 */
export function installCancelHandlers(
  docker: DockerCli,
  left: { runId: string; tempRoot: string; dockerConfig: string; tempDirs: () => string[] }
): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    core.info(`Received ${signal}: stopping and cleaning up`)
    docker.killAll()
    cleanupRun({
      runId: left.runId,
      tempRoot: left.tempRoot,
      dirs: [left.dockerConfig, ...left.tempDirs()]
    })
    process.exit(signal === 'SIGINT' ? 130 : 143)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return () => {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
