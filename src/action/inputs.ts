import type { BuildOptions, BuildxMode, PushMode, PushOptions } from '../plan/options.js'
import { InputError } from '../util/errors.js'
import { FLOATING_MODES, type FloatingMode } from '../registry/floating.js'
import { parseBuildkitInputs, type BuildkitOptions } from '../build/buildkit-options.js'

/** Reads one raw input by its action.yml name ('' when unset). */
export type InputReader = (name: string) => string

export type { BuildxMode, PushMode } from '../plan/options.js'

/**
 * Every pipeline input, parsed and validated once before any docker call. Tag, label and
 * smoke inputs keep their raw text here: their own parsers (src/meta, src/smoke) validate
 * them, also before any docker call.
 */
export interface Inputs extends BuildOptions, PushOptions {
  /** Raw metadata inputs, in docker/metadata-action syntax. */
  images: string
  tags: string
  flavor: string
  labels: string
  annotations: string
  sepTags: string
  sepLabels: string
  sepAnnotations: string
  shaLength?: number
  prHeadSha: boolean
  githubToken: string

  /** Build. */
  context: string
  file: string
  buildArgs: Array<[string, string]>
  target: string
  pull: boolean
  noCache: boolean
  network: string
  buildx: BuildxMode
  cacheFrom: string[]
  cacheTo: string[]
  /** An existing image to test and push instead of building one. */
  image: string
  /** build-push-action's BuildKit inputs (platforms, attestations, builder, ...). */
  buildkit: BuildkitOptions

  /** Registry. */
  push: PushMode
  registry: string
  username: string
  password: string
  retries: number
  retryMaxWait: number
  /** Seconds one login or push attempt may take before it is killed and retried; 0 = no limit. */
  pushTimeout: number
  /** Seconds for the whole push phase (login, listing, pushes, read-back); 0 = no limit. */
  pushDeadline: number
  /** How floating tags move: guarded against going backwards (default), always, or strict. */
  floatingTags: FloatingMode
  /** Upload the layers while the smoke test runs; each tag is then one manifest PUT. */
  uploadDuringSmoke: boolean

  dryRun: boolean
}

/** Splits a list input: one item per line, `#` lines are comments, blank lines ignored. */
export function listInput(text: string, opts: { commas?: boolean } = {}): string[] {
  const items: string[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    if (opts.commas)
      items.push(
        ...line
          .split(',')
          .map(s => s.trim())
          .filter(s => s !== '')
      )
    else items.push(line)
  }
  return items
}

export function booleanInput(name: string, text: string, fallback: boolean): boolean {
  const v = text.trim().toLowerCase()
  if (v === '') return fallback
  if (v === 'true') return true
  if (v === 'false') return false
  throw new InputError(name, `expected true or false, got "${text.trim()}"`)
}

export function numberInput(
  name: string,
  text: string,
  fallback: number,
  opts: { min?: number; max?: number; integer?: boolean } = {}
): number {
  const v = text.trim()
  if (v === '') return fallback
  const n = Number(v)
  const kind = opts.integer ? 'a whole number' : 'a number'
  const range =
    opts.min !== undefined && opts.max !== undefined
      ? ` from ${opts.min} to ${opts.max}`
      : opts.min !== undefined
        ? ` of at least ${opts.min}`
        : ''
  if (!/^-?\d+(\.\d+)?$/.test(v) || !Number.isFinite(n) || (opts.integer && !Number.isInteger(n))) {
    throw new InputError(name, `expected ${kind}${range}, got "${v}"`)
  }
  if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
    throw new InputError(name, `expected ${kind}${range}, got "${v}"`)
  }
  return n
}

export function choiceInput<T extends string>(
  name: string,
  text: string,
  choices: readonly T[],
  fallback: T
): T {
  const v = text.trim().toLowerCase()
  if (v === '') return fallback
  if ((choices as readonly string[]).includes(v)) return v as T
  throw new InputError(name, `expected one of ${choices.join(', ')}, got "${text.trim()}"`)
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/

/**
 * `KEY=VALUE` lines. The value is everything after the first `=`, kept literally (quotes,
 * spaces, `$(...)`): it reaches docker as one argv element, never through a shell.
 */
export function keyValueInput(name: string, text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\r$/, '')
    if (line.trim() === '' || line.trim().startsWith('#')) continue
    const at = line.indexOf('=')
    if (at <= 0) {
      throw new InputError(name, `expected KEY=VALUE on each line, got "${line.trim()}"`)
    }
    const key = line.slice(0, at).trim()
    if (!ENV_NAME.test(key)) {
      throw new InputError(
        name,
        `"${key}" is not a valid name in "${line.trim()}": use letters, digits and _ (not starting with a digit)`
      )
    }
    if (line.includes('\0')) throw new InputError(name, `"${key}" contains a NUL character`)
    pairs.push([key, line.slice(at + 1)])
  }
  return pairs
}

function plainPath(name: string, text: string): string {
  if (text.includes('\0') || /[\r\n]/.test(text)) {
    throw new InputError(name, 'expected a single path on one line')
  }
  return text.trim()
}

/** Parses and validates the pipeline inputs. Throws InputError naming the first bad one. */
export function getInputs(read: InputReader): Inputs {
  const context = plainPath('context', read('context')) || '.'
  const target = read('target').trim()
  if (target && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(target)) {
    throw new InputError('target', `expected a build stage name, got "${target}"`)
  }
  const network = read('network').trim()
  if (network && !/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/.test(network)) {
    throw new InputError(
      'network',
      `expected a network name such as host or none, got "${network}"`
    )
  }
  const username = read('username').trim()
  const password = read('password')
  if (password && !username) {
    throw new InputError('username', 'is required when "password" is set')
  }
  if (username && !password) {
    throw new InputError('password', 'is required when "username" is set')
  }
  const registry = read('registry').trim()
  if (
    registry &&
    !/^[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._/-]*)?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(
      registry
    )
  ) {
    throw new InputError(
      'registry',
      `expected a registry host such as ghcr.io or 127.0.0.1:5000, got "${registry}"`
    )
  }
  const shaLength = read('sha-length').trim()
  return {
    images: read('images'),
    tags: read('tags'),
    flavor: read('flavor'),
    labels: read('labels'),
    annotations: read('annotations'),
    sepTags: read('sep-tags') || '\n',
    sepLabels: read('sep-labels') || '\n',
    sepAnnotations: read('sep-annotations') || '\n',
    shaLength:
      shaLength === ''
        ? undefined
        : numberInput('sha-length', shaLength, 7, { min: 1, max: 40, integer: true }),
    prHeadSha: booleanInput('pr-head-sha', read('pr-head-sha'), false),
    githubToken: read('github-token').trim(),
    context,
    file: plainPath('file', read('file')),
    buildArgs: keyValueInput('build-args', read('build-args')),
    target,
    pull: booleanInput('pull', read('pull'), false),
    noCache: booleanInput('no-cache', read('no-cache'), false),
    network,
    buildx: choiceInput('buildx', read('buildx'), ['auto', 'true', 'false'] as const, 'auto'),
    cacheFrom: listInput(read('cache-from')),
    cacheTo: listInput(read('cache-to')),
    image: read('image').trim(),
    buildkit: parseBuildkitInputs(read),
    push: choiceInput('push', read('push'), ['auto', 'true', 'false'] as const, 'auto'),
    registry,
    username,
    password,
    retries: numberInput('retries', read('retries'), 3, { min: 0, max: 10, integer: true }),
    retryMaxWait: numberInput('retry-max-wait', read('retry-max-wait'), 60, { min: 0, max: 3600 }),
    pushTimeout: numberInput('push-timeout', read('push-timeout'), 600, { min: 0, max: 21600 }),
    pushDeadline: numberInput('push-deadline', read('push-deadline'), 900, { min: 0, max: 21600 }),
    floatingTags: choiceInput('floating-tags', read('floating-tags'), FLOATING_MODES, 'guard'),
    uploadDuringSmoke: booleanInput('upload-during-smoke', read('upload-during-smoke'), false),
    dryRun: booleanInput('dry-run', read('dry-run'), false)
  }
}
