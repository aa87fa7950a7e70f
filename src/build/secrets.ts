/**
 * Build secrets reach BuildKit as `--secret id=<id>,src=<file>`: the value never appears in
 * argv (visible in `ps` and in error messages) nor in the image (build-args are recorded in
 * the image history). Values given inline are written to 0600 files in a private 0700
 * directory under RUNNER_TEMP, which the post step removes even when main was killed.
 */
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SecretMount } from '../docker/argv.js'
import { InputError } from '../util/errors.js'
import { workspacePath } from '../util/workspace-path.js'

const ID_RE = /^[A-Za-z0-9_.-]+$/
/** Prefix of the private directory; the post step deletes only directories named like this. */
export const SECRET_DIR_PREFIX = 'btp-secrets-'

export interface SecretsInput {
  /** The `secrets` input: `id=VALUE` lines. */
  secrets: string
  /** The `secret-files` input: `id=PATH` lines; relative paths are resolved against `workspace`. */
  secretFiles: string
  workspace?: string
  /** Registers a value with the log masker (core.setSecret in the action). */
  mask?: (value: string) => void
}

/** One build secret: a file the user gave, or a value the run writes to a file of its own. */
export type SecretSpec = { id: string; file: string } | { id: string; value: string }

export interface ParsedSecrets {
  specs: SecretSpec[]
  /** Non-fatal problems, e.g. an empty value (usually an unset repository secret). */
  warnings: string[]
}

/** A value secret's file, written 0600 right before the build and deleted after it. */
export interface SecretFile {
  path: string
  value: string
}

interface Entry {
  id: string
  rest: string
  line: number
}

function parseLines(input: string, name: string, what: string): Entry[] {
  const out: Entry[] = []
  input.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '')
    // `#` starts a comment line, as in every other line-based input.
    if (line.trim() === '' || line.trim().startsWith('#')) return
    const eq = line.indexOf('=')
    if (eq < 0) {
      // The line may be a bare secret value pasted by mistake: never echo it.
      throw new InputError(name, `line ${i + 1} is not in the form id=${what}`)
    }
    const id = line.slice(0, eq).trim()
    if (!ID_RE.test(id)) {
      throw new InputError(
        name,
        `line ${i + 1}: secret id must match [A-Za-z0-9_.-]+ (got ${JSON.stringify(id.slice(0, 64))})`
      )
    }
    out.push({ id, rest: line.slice(eq + 1), line: i + 1 })
  })
  return out
}

/**
 * Parses and checks both secret inputs and masks every value; nothing is written, so a dry
 * run and a bad line leave no file behind.
 */
export function parseSecrets(opts: SecretsInput): ParsedSecrets {
  const values = parseLines(opts.secrets, 'secrets', 'VALUE')
  const files = parseLines(opts.secretFiles, 'secret-files', 'PATH')
  const seen = new Set<string>()
  for (const [name, list] of [
    ['secrets', values],
    ['secret-files', files]
  ] as const) {
    for (const e of list) {
      if (seen.has(e.id)) throw new InputError(name, `secret id "${e.id}" is given more than once`)
      seen.add(e.id)
    }
  }
  const warnings: string[] = []
  const specs: SecretSpec[] = []
  for (const e of files) {
    const path = e.rest.trim()
    if (path === '') throw new InputError('secret-files', `secret "${e.id}" has no path`)
    const abs = workspacePath('secret-files', path, opts.workspace ?? process.cwd())
    if (!existsSync(abs) || !statSync(abs).isFile()) {
      throw new InputError('secret-files', `file for secret "${e.id}" not found: ${path}`)
    }
    specs.push({ id: e.id, file: abs })
  }
  for (const e of values) {
    if (e.rest === '') {
      warnings.push(
        `secret "${e.id}" is empty; is the repository secret set (forks do not receive secrets)?`
      )
    } else opts.mask?.(e.rest)
    specs.push({ id: e.id, value: e.rest })
  }
  return { specs, warnings }
}

/**
 * Where each secret is mounted from: a value secret gets a file in `dir`, named by position
 * so an id like ".." cannot become a path. Pure: the files are written by writeSecretFiles.
 */
export function placeSecrets(
  specs: readonly SecretSpec[],
  dir: string
): { mounts: SecretMount[]; files: SecretFile[] } {
  const mounts: SecretMount[] = []
  const files: SecretFile[] = []
  for (const spec of specs) {
    if ('file' in spec) {
      mounts.push({ id: spec.id, src: spec.file })
    } else {
      const path = join(dir, `secret-${files.length}`)
      files.push({ path, value: spec.value })
      mounts.push({ id: spec.id, src: path })
    }
  }
  return { mounts, files }
}

/**
 * Writes the value files into a new 0700 directory (mkdir fails if it exists, so nobody can
 * have prepared it), each 0600. Returns the cleanup, which is safe to call more than once.
 */
export function writeSecretFiles(dir: string, files: readonly SecretFile[]): () => void {
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { mode: 0o700 })
  try {
    for (const f of files) writeFileSync(f.path, f.value, { mode: 0o600, flag: 'wx' })
  } catch (err) {
    cleanup()
    throw err
  }
  return cleanup
}

const SECRETISH = /TOKEN|PASSWORD|PASSWD|SECRET|KEY|CREDENTIAL/i

/** Warnings for build-args whose names suggest a secret: their values end up in the image. */
export function secretBuildArgWarnings(buildArgNames: string[]): string[] {
  return buildArgNames
    .filter(n => SECRETISH.test(n))
    .map(
      n =>
        `build-arg "${n}" looks like a secret: build-args are stored in the image history ` +
        `(docker history shows them). Pass it with the "secrets" input and ` +
        `RUN --mount=type=secret,id=${n} instead.`
    )
}

export const BUILDKIT_REQUIRED =
  'secrets need BuildKit: install the buildx plugin or set DOCKER_BUILDKIT=1'

/** The classic builder ignores `--secret`; fail before a build that would silently lack it. */
export function requireBuildKit(available: boolean): void {
  if (!available) throw new Error(BUILDKIT_REQUIRED)
}
