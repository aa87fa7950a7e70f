import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

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
  /** The planned file; its directory must not exist yet and is created 0700. */
  path: string,
  /** Told the directory before anything is written, so the post step can always remove it. */
  onDir?: (dir: string) => void
): EnvFile | undefined {
  if (secrets.length === 0) return undefined
  for (const [k, v] of secrets) {
    if (/[\r\n]/.test(v)) throw new Error(`secret ${k} contains a line break`)
  }
  const dir = dirname(path)
  mkdirSync(dir, { mode: 0o700 })
  onDir?.(dir)
  writeFileSync(path, secrets.map(([k, v]) => `${k}=${v}\n`).join(''), { mode: 0o600 })
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
