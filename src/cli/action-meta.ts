import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * action.yml is the one list of inputs, defaults and descriptions: the CLI's flags and its
 * --help are built from it at run time, so they cannot drift from what the runner offers.
 */
export interface ActionInput {
  name: string
  description: string
  default: string
  group: InputGroup
  /** true when the default is 'true' or 'false': the flag may be given without a value. */
  boolean: boolean
}

// yaml stays off the action's static import graph (see util/lazy.ts); the CLI loads it here.
const { parse: parseYaml } = await import('yaml')

export type InputGroup = 'resolve' | 'build' | 'smoke' | 'push' | 'run'

export const GROUPS: ReadonlyArray<{ group: InputGroup; title: string }> = [
  { group: 'resolve', title: 'Resolve tags (docker/metadata-action syntax)' },
  { group: 'build', title: 'Build' },
  { group: 'smoke', title: 'Smoke test' },
  { group: 'push', title: 'Push' },
  { group: 'run', title: 'Run' }
]

const RESOLVE = new Set([
  'images',
  'tags',
  'flavor',
  'labels',
  'annotations',
  'sep-tags',
  'sep-labels',
  'sep-annotations',
  'sha-length',
  'pr-head-sha',
  'github-token'
])

/** Inputs other helpers add later land in a sensible group by their name. */
export function inputGroup(name: string): InputGroup {
  if (RESOLVE.has(name) || /^(tag|flavor|label|annotation)/.test(name)) return 'resolve'
  if (name === 'smoke' || name.startsWith('smoke-')) return 'smoke'
  if (/^(push|registry|username|password|retr|login|logout|floating|upload)/.test(name))
    return 'push'
  if (name === 'dry-run') return 'run'
  return 'build'
}

/** The package's root directory: the one holding action.yml, above this module. */
export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from
  for (;;) {
    if (existsSync(join(dir, 'action.yml')) && existsSync(join(dir, 'package.json'))) return dir
    const up = dirname(dir)
    if (up === dir) throw new Error(`action.yml not found above ${from}`)
    dir = up
  }
}

interface ActionYml {
  inputs?: Record<string, { description?: string; default?: unknown }>
  outputs?: Record<string, { description?: string }>
}

export function parseActionInputs(text: string): ActionInput[] {
  const doc = parseYaml(text) as ActionYml
  return Object.entries(doc.inputs ?? {}).map(([name, spec]) => {
    // action.yml defaults are YAML scalars (a string, a boolean or a number).
    const d = spec.default
    const def =
      typeof d === 'string' || typeof d === 'number' || typeof d === 'boolean' ? String(d) : ''
    return {
      name,
      description: firstSentence(String(spec.description ?? '')),
      default: def,
      group: inputGroup(name),
      boolean: def === 'true' || def === 'false'
    }
  })
}

/** The first sentence, for one-line help entries. */
export function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  const m = /^(.*?[.)])(\s+[A-Z]|$)/.exec(flat)
  return (m ? m[1] : flat).replace(/\.$/, '')
}

export function loadActionInputs(root: string = packageRoot()): ActionInput[] {
  return parseActionInputs(readFileSync(join(root, 'action.yml'), 'utf8'))
}

export function packageVersion(root: string = packageRoot()): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }
  return pkg.version ?? '0.0.0'
}
