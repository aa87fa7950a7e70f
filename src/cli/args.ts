import type { ActionInput } from './action-meta.js'

/** What the command line asked for: input values (one entry per repetition) and CLI options. */
export interface CliArgs {
  inputs: Map<string, string[]>
  ref?: string
  event?: string
  sha?: string
  repo?: string
  passwordEnv?: string
  json: boolean
  help: boolean
  version: boolean
}

/** A usage mistake: exit code 2, with the message and (for typos) a suggestion. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** The CLI's own options, beside one flag per action input. */
export const CLI_OPTIONS: ReadonlyArray<{ flag: string; value?: string; help: string }> = [
  {
    flag: 'ref',
    value: 'REF',
    help: 'git ref to act on: refs/tags/v1.2.3, refs/heads/main, refs/pull/42/merge, or a short name resolved as git does (a tag wins over a branch); default: the current branch'
  },
  {
    flag: 'event',
    value: 'NAME',
    help: 'event name (default: push, or pull_request for refs/pull/...)'
  },
  { flag: 'sha', value: 'SHA', help: "commit (default: the ref's commit, else HEAD)" },
  {
    flag: 'repo',
    value: 'OWNER/NAME',
    help: 'repository (default: the origin remote when it is on GitHub, else local/<directory>)'
  },
  {
    flag: 'password-env',
    value: 'VAR',
    help: 'read the registry password from this environment variable (keeps it off argv)'
  },
  { flag: 'json', help: 'print one JSON object (outputs, plan, smoke report, timings) on stdout' },
  { flag: 'help', help: 'show this help (-h)' },
  { flag: 'version', help: 'show the version (-V)' }
]

const ALIASES: Record<string, string> = { h: 'help', V: 'version', repository: 'repo' }
const CLI_BOOLEAN = new Set(['json', 'help', 'version'])

/**
 * Parses flags with the action's value syntax: `--pull false`, `--pull=false`, bare `--pull`
 * (true) for boolean inputs, and `--retries -1` / `--retries=-1` for the rest: a value may
 * start with one dash, and only a following `--flag` counts as a missing value.
 */
export function parseArgs(argv: readonly string[], inputs: readonly ActionInput[]): CliArgs {
  const byName = new Map(inputs.map(i => [i.name, i]))
  const out: CliArgs = { inputs: new Map(), json: false, help: false, version: false }
  const known = [...inputs.map(i => i.name), ...CLI_OPTIONS.map(o => o.flag), 'repository']
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const m = /^(--?)([^=]+)(?:=([\s\S]*))?$/.exec(arg)
    if (!m || (m[1] === '-' && !(m[2] in ALIASES))) {
      throw new UsageError(`unexpected argument "${arg}": every value belongs to a --flag`)
    }
    const name = ALIASES[m[2]] ?? m[2]
    const inline = m[3]
    const input = byName.get(name)
    if (!input && !CLI_OPTIONS.some(o => o.flag === name)) {
      const hint = suggest(name, known)
      throw new UsageError(
        `unknown option "--${m[2]}"${hint ? `: did you mean --${hint}?` : ''} (see --help)`
      )
    }
    if (CLI_BOOLEAN.has(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`)
      out[name as 'json' | 'help' | 'version'] = true
      continue
    }
    let value: string
    if (inline !== undefined) {
      value = inline
    } else if (input?.boolean) {
      const next = argv[i + 1]
      if (next !== undefined && /^(true|false)$/i.test(next)) {
        value = next
        i++
      } else {
        value = 'true'
      }
    } else {
      const next = argv[i + 1]
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(
          `--${name} needs a value (use --${name}=VALUE for one starting with --)`
        )
      }
      value = next
      i++
    }
    if (input) {
      const list = out.inputs.get(name) ?? []
      list.push(value)
      out.inputs.set(name, list)
    } else {
      const key =
        name === 'password-env' ? 'passwordEnv' : (name as 'ref' | 'event' | 'sha' | 'repo')
      out[key] = value
    }
  }
  return out
}

/** The closest known flag within a small edit distance, for "did you mean". */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c)
    if (d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3))
  return bestDistance <= limit ? best : undefined
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = row
  }
  return prev[b.length]
}
