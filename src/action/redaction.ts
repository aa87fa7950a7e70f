import * as core from '../util/core.js'
import { Redactor } from '../util/redact.js'

/**
 * The run's one redactor. The runner masks secrets in the log only; files, outputs and the
 * job summary are written by us, so every writing point passes its text through this first.
 */
export const redactor = new Redactor()

/** Masks a secret in the log and removes it from everything the action writes. */
export function registerSecret(value: string): void {
  if (!value) return
  core.setSecret(value)
  redactor.add(value)
}

/** `core.setOutput` with every secret value removed. */
export function setSafeOutput(name: string, value: string): void {
  core.setOutput(name, redactor.redact(value))
}
