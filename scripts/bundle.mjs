// Bundles each entry with ncc into dist/: the action's main and post steps and the local CLI.
// ncc's cache is off (a cache shared between checkouts made bundles differ from clean builds),
// and the entries are built one after another, each into its own directory, then moved in place.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const entries = [
  ['src/entry/main.ts', 'dist'],
  ['src/entry/post.ts', 'dist/post'],
  ['src/entry/cli.ts', 'dist/cli']
]
const staging = mkdtempSync('.bundle-')
try {
  for (const [entry, out] of entries) {
    const args = ['ncc', 'build', entry, '-o', join(staging, out), '--license', 'licenses.txt']
    execFileSync('npx', [...args, '--no-cache', '-q'], { stdio: 'inherit' })
  }
  // The CLI is package.json's `bin`: it must start with a node shebang and be executable.
  const cli = join(staging, 'dist/cli/index.js')
  const code = readFileSync(cli, 'utf8')
  if (!code.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${code}`)
  chmodSync(cli, 0o755)
  rmSync('dist', { recursive: true, force: true })
  renameSync(join(staging, 'dist'), 'dist')
} finally {
  rmSync(staging, { recursive: true, force: true })
}
