/**
 * `smoke-config`: a YAML file of named scenarios, each run in its own container. Keys mirror
 * the `smoke-*` inputs without the prefix; anything not set falls back to the inputs.
 */
import { readFileSync } from 'node:fs'
import { InputError } from '../util/errors.js'
import { lazyModules } from '../util/lazy.js'
import { workspacePath } from '../util/workspace-path.js'
import {
  FieldError,
  parseArgs,
  parseBool,
  parseCommand,
  parseExitCode,
  parseFailPatterns,
  parseHealth,
  parseHttpProbes,
  parseKeyValues,
  parseLogPatterns,
  parsePorts,
  parseSeconds,
  parseWord,
  parseWorkdir
} from './fields.js'
import type { ScenarioOptions } from './types.js'

const INPUT = 'smoke-config'

type Raw = Record<string, unknown>

/** Lists become lines so every key is validated by the same parser as its input. */
function asLines(v: unknown): string {
  if (Array.isArray(v)) return v.map(item => asScalar(item)).join('\n')
  return asScalar(v)
}

function asScalar(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v)
  throw new FieldError(`expected a string, number or boolean, got ${JSON.stringify(v)}`)
}

function asEnv(v: unknown): [string, string][] {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    return parseKeyValues(
      Object.entries(v as Raw)
        .map(([k, val]) => `${k}=${asScalar(val)}`)
        .join('\n')
    )
  }
  return parseKeyValues(asLines(v))
}

function asCommand(v: unknown): string[] | undefined {
  // A list is taken word for word, so arguments with spaces need no quoting.
  if (Array.isArray(v)) return v.map(item => asScalar(item))
  return parseCommand(asScalar(v))
}

/** A name is text (YAML may read `name: 1` as a number); a mapping or list is no name. */
function scenarioName(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' ? String(v).trim() : undefined
}

type Setter = (s: ScenarioOptions, v: unknown) => void

const KEYS: Record<string, Setter> = {
  name: () => undefined,
  command: (s, v) => (s.command = asCommand(v)),
  args: (s, v) => (s.args = Array.isArray(v) ? v.map(asScalar) : parseArgs(asScalar(v))),
  env: (s, v) => {
    const merged = new Map(s.env)
    for (const [k, val] of asEnv(v)) merged.set(k, val)
    s.env = [...merged]
  },
  log: (s, v) => (s.logPatterns = parseLogPatterns(asLines(v))),
  'log-order': (s, v) => (s.logOrder = parseBool(asScalar(v), s.logOrder)),
  'fail-log': (s, v) => (s.failPatterns = parseFailPatterns(asLines(v))),
  timeout: (s, v) => (s.timeoutSec = parseSeconds(asScalar(v), s.timeoutSec)),
  settle: (s, v) => (s.settleSec = parseSeconds(asScalar(v), s.settleSec, true)),
  http: (s, v) => (s.http = parseHttpProbes(asLines(v))),
  'http-grace': (s, v) => (s.httpGraceSec = parseSeconds(asScalar(v), s.httpGraceSec, true)),
  health: (s, v) => (s.health = parseHealth(asScalar(v))),
  'exit-code': (s, v) => (s.exitCode = parseExitCode(asScalar(v))),
  user: (s, v) => (s.user = parseWord(asScalar(v))),
  workdir: (s, v) => (s.workdir = parseWorkdir(asScalar(v))),
  network: (s, v) => (s.network = parseWord(asScalar(v))),
  ports: (s, v) => (s.ports = parsePorts(asLines(v)))
}

export function scenariosFromText(
  text: string,
  defaults: ScenarioOptions,
  where: string
): ScenarioOptions[] {
  let doc: unknown
  const { yamlParse } = lazyModules('yaml')
  try {
    doc = yamlParse(text)
  } catch (err) {
    // Only the position: the parser's message quotes the file, which may not be ours to show.
    const pos = (err as { linePos?: { line: number; col: number }[] }).linePos?.[0]
    const code = (err as { code?: unknown }).code
    throw new InputError(
      INPUT,
      `${where} is not valid YAML${pos ? ` (line ${pos.line}, column ${pos.col})` : ''}${typeof code === 'string' ? `: ${code}` : ''}`
    )
  }
  const list =
    doc !== null && typeof doc === 'object' && !Array.isArray(doc) && 'scenarios' in doc
      ? (doc as Raw).scenarios
      : doc
  if (!Array.isArray(list) || list.length === 0) {
    throw new InputError(INPUT, `${where}: expected a non-empty list under "scenarios:"`)
  }
  const seen = new Set<string>()
  return list.map((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new InputError(INPUT, `${where}: scenario ${i + 1} must be a mapping of keys`)
    }
    const raw = item as Raw
    const name = raw.name === undefined ? `scenario-${i + 1}` : scenarioName(raw.name)
    if (name === undefined) {
      throw new InputError(
        INPUT,
        `${where}: scenario ${i + 1}: name: expected a string, got ${JSON.stringify(raw.name)}`
      )
    }
    if (!name || seen.has(name)) {
      throw new InputError(INPUT, `${where}: scenario ${i + 1} needs a unique, non-empty name`)
    }
    seen.add(name)
    const scenario: ScenarioOptions = { ...defaults, name }
    for (const [key, value] of Object.entries(raw)) {
      const set = KEYS[key]
      if (!set) {
        throw new InputError(
          INPUT,
          `${where}: scenario "${name}": unknown key "${key}" (known: ${Object.keys(KEYS).join(', ')})`
        )
      }
      try {
        set(scenario, value)
      } catch (err) {
        if (err instanceof FieldError) {
          throw new InputError(INPUT, `${where}: scenario "${name}": ${key}: ${err.message}`)
        }
        throw err
      }
    }
    return scenario
  })
}

/** A relative path is taken from the workspace, like every other path input. */
export function scenariosFromConfig(path: string, defaults: ScenarioOptions): ScenarioOptions[] {
  let text: string
  try {
    text = readFileSync(workspacePath(INPUT, path, process.env.GITHUB_WORKSPACE || '.'), 'utf8')
  } catch (err) {
    if (err instanceof InputError) throw err
    throw new InputError(
      INPUT,
      `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`
    )
  }
  return scenariosFromText(text, defaults, path)
}
