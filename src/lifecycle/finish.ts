import { removeOwnTempDir } from './cleanup.js'
import type { ContainerLedger } from './ledger.js'
import { STATE, saveState } from './state.js'

/**
 * The end of main, on success and failure alike: remove the private docker config and the
 * temp dirs now, and if every smoke container is known to be gone too, record that, so the
 * post step can end without loading its cleanup code or asking docker. A cancelled or killed
 * main never gets here, and the post step then does the full cleanup.
 */
export function finishMain(left: {
  ledger: ContainerLedger
  tempRoot: string
  dirs: string[]
}): void {
  let clean = left.ledger.allRemoved()
  for (const dir of left.dirs.filter(Boolean)) {
    try {
      if (!removeOwnTempDir(dir, left.tempRoot)) clean = false
    } catch {
      clean = false
    }
  }
  if (clean) saveState(STATE.cleanedUp, 'true')
}
