import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { junitXml, type SmokeReport } from '../smoke/index.js'
import { workspacePath } from '../util/workspace-path.js'
import { redactor } from './redaction.js'

/**
 * The `smoke-junit` file; a relative path is relative to the workspace and may not leave it,
 * not even through a symlink a pull request committed.
 */
export function writeJunit(path: string, report: SmokeReport, workspace: string): void {
  const target = workspacePath('smoke-junit', path, workspace)
  mkdirSync(dirname(target), { recursive: true })
  // Checked again after mkdir: a directory created on the way may not redirect the file.
  writeFileSync(workspacePath('smoke-junit', path, workspace), redactor.redact(junitXml(report)))
}
