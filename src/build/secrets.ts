/**
 * Build secrets reach BuildKit as `--secret id=<id>,src=<file>`: the value never appears in
 * argv (visible in `ps` and in error messages) nor in the image (build-args are recorded in
 * the image history). Values given inline are written to 0600 files in a private 0700
 * directory under RUNNER_TEMP, which the post step removes even when main was killed.
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { InputError } from '../util/errors.js'

const ID_RE = /^[A-Za-z0-9_.-]+$/
/** Prefix of the private directory; the post step deletes only directories named like this. */
export const SECRET_DIR_PREFIX = 'btp-secrets-'

export interface SecretsInput {
  /** The `secrets` input: `id=VALUE` lines. */
  secrets: string
  /** The `secret-files` input: `id=PATH` lines; relative paths are resolved against `workspace`. */
  secretFiles: string
  /** RUNNER_TEMP, passed in so this module never reads the environment. */
  runnerTemp: string
  workspace?: string
  /** Registers a value with the log masker (core.setSecret in the action). */
  mask?: (value: string) => void
}

export interface PreparedSecrets {
  /** `--secret` argv pairs for `docker build` / `docker buildx build`. */
  args: string[]
  ids: string[]
  /** The private directory holding value files; undefined when no value secret was given. */
  dir: string | undefined
  /** Non-fatal problems, e.g. an empty value (usually an unset repository secret). */
  warnings: string[]
  /** Removes the value files; safe to call more than once. */
  cleanup(): void
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
    if (line.trim() === '') return
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

/** BuildKit reads `--secret` as one CSV record, so a field with a comma or quote is quoted. */
function csvField(field: string): string {
  return /[",\n\r]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field
}

export function secretArg(id: string, src: string): string {
  return `${csvField(`id=${id}`)},${csvField(`src=${src}`)}`
}

export function prepareSecrets(opts: SecretsInput): PreparedSecrets {
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
  const args: string[] = []
  const ids: string[] = []
  for (const e of files) {
    const path = e.rest.trim()
    if (path === '') throw new InputError('secret-files', `secret "${e.id}" has no path`)
    const abs = isAbsolute(path) ? path : resolve(opts.workspace ?? process.cwd(), path)
    if (!existsSync(abs) || !statSync(abs).isFile()) {
      throw new InputError('secret-files', `file for secret "${e.id}" not found: ${path}`)
    }
    args.push('--secret', secretArg(e.id, abs))
    ids.push(e.id)
  }

  let dir: string | undefined
  const cleanup = (): void => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  }
  if (values.length > 0) {
    // mkdtemp creates the directory 0700, so no other user can even list the file names.
    dir = mkdtempSync(join(opts.runnerTemp, SECRET_DIR_PREFIX))
    try {
      values.forEach((e, i) => {
        if (e.rest === '') {
          warnings.push(
            `secret "${e.id}" is empty; is the repository secret set (forks do not receive secrets)?`
          )
        } else opts.mask?.(e.rest)
        // Files are named by position: an id like ".." must not become a path.
        const file = join(dir as string, `secret-${i}`)
        writeFileSync(file, e.rest, { mode: 0o600, flag: 'wx' })
        args.push('--secret', secretArg(e.id, file))
        ids.push(e.id)
      })
    } catch (err) {
      cleanup()
      throw err
    }
  }
  return { args, ids, dir, warnings, cleanup }
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
