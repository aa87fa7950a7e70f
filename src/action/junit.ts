import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, isAbsolute, join } from 'node:path'
import { junitXml, type SmokeReport } from '../smoke/index.js'

/** The `smoke-junit` file; a relative path is relative to the workspace. */
export function writeJunit(path: string, report: SmokeReport, workspace: string): void {
  const target = isAbsolute(path) ? path : join(workspace, path)
  mkdirSync(dirname(target), { recursive: true })
  writeFileSync(target, junitXml(report))
}
