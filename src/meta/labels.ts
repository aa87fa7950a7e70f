import { InputError } from '../util/errors.js'
import type { RepoInfo } from './context.js'
import { inputLines, quote } from './csv.js'
import { render } from './expressions.js'

export interface OciFacts {
  repo: RepoInfo
  version: string
  created: Date
  revision: string
}

function generated(f: OciFacts): [string, string][] {
  return [
    ['org.opencontainers.image.title', f.repo.name],
    ['org.opencontainers.image.description', f.repo.description],
    ['org.opencontainers.image.url', f.repo.htmlUrl],
    ['org.opencontainers.image.source', f.repo.htmlUrl],
    ['org.opencontainers.image.version', f.version],
    ['org.opencontainers.image.created', f.created.toISOString()],
    ['org.opencontainers.image.revision', f.revision],
    ['org.opencontainers.image.licenses', f.repo.license]
  ]
}

/**
 * The OCI set followed by the user's `KEY=VALUE` lines, later keys overriding earlier ones,
 * sorted by key. Lines are rendered before splitting so an expression may produce the `=`.
 * A line without `=` is skipped with a warning, as metadata-action drops it; an empty key
 * (`=value`) is an error, since no tool accepts a label without a name.
 */
export function buildKeyValues(
  facts: OciFacts,
  text: string,
  input: 'labels' | 'annotations',
  scope: Record<string, unknown>,
  warnings: string[] = []
): string[] {
  const map = new Map<string, string>(generated(facts))
  for (const line of inputLines(text)) {
    const rendered = render(line, scope, input, line)
    const at = rendered.indexOf('=')
    if (at < 0) {
      warnings.push(`${input}: ${quote(line)} is not KEY=VALUE (e.g. maintainer=Jane), skipped`)
      continue
    }
    if (rendered.slice(0, at).trim().length === 0) {
      throw new InputError(input, `${quote(line)} has an empty key; expected KEY=VALUE`)
    }
    const key = rendered.slice(0, at).trim()
    map.delete(key)
    map.set(key, rendered.slice(at + 1).trim())
  }
  return [...map.entries()]
    .sort((a, b) => englishOrder().compare(a[0], b[0]))
    .map(([k, v]) => `${k}=${v}`)
}

export function toRecord(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const pair of pairs) {
    const at = pair.indexOf('=')
    out[pair.slice(0, at)] = pair.slice(at + 1)
  }
  return out
}

let collator: Intl.Collator | undefined
/** One collator for every sort: `localeCompare(b, 'en')` sets up ICU's collation on each call. */
function englishOrder(): Intl.Collator {
  collator ??= new Intl.Collator('en')
  return collator
}
