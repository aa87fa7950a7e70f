import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

// Start-up time depends on what the entry chunk loads (bench/release.mjs measures it). These
// packages are loaded on demand only; a static import anywhere in src/ puts them back on the
// hot path. @actions/core is replaced by src/util/core.ts (its entry loads an HTTP stack).
const ON_DEMAND = [
  '@actions/core',
  '@actions/github',
  'handlebars',
  'moment-timezone',
  'csv-parse',
  'yaml'
]

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []
  )
}

describe('start-up imports', () => {
  const files = sources(join(process.cwd(), 'src'))
  it.each(ON_DEMAND)('%s is never imported statically (type imports are fine)', pkg => {
    const offenders = files.filter(f =>
      [...readFileSync(f, 'utf8').matchAll(/^import (?!type )[^;]*?from '([^']+)'/gm)].some(
        m => m[1] === pkg || m[1].startsWith(`${pkg}/`)
      )
    )
    expect(offenders).toEqual([])
  })
})
