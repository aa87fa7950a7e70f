import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface EnvFile {
  path: string
  remove(): void
}

/**
 * Writes secrets to a 0600 file for `docker run --env-file`, so they never show up in argv
 * (visible to every user through ps). Docker reads the value verbatim up to the line end.
 */
export function writeSecretEnvFile(
  secrets: [string, string][],
  parent: string = tmpdir(),
  /** Told the directory before anything is written, so the post step can always remove it. */
  onDir?: (dir: string) => void
): EnvFile | undefined {
  if (secrets.length === 0) return undefined
  for (const [k, v] of secrets) {
    if (/[\r\n]/.test(v)) throw new Error(`secret ${k} contains a line break`)
  }
  const dir = mkdtempSync(join(parent, 'btp-smoke-'))
  onDir?.(dir)
  const path = join(dir, 'secrets.env')
  writeFileSync(path, secrets.map(([k, v]) => `${k}=${v}\n`).join(''), { mode: 0o600 })
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
