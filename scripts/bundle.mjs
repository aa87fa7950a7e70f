// Bundles each entry with ncc into dist/: the action's main and post steps and the local CLI.
// ncc's cache is off (a cache shared between checkouts made bundles differ from clean builds),
// and the entries are built one after another, each into its own directory, then moved in place.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, renameSync, rmSync } from 'node:fs'
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
  rmSync('dist', { recursive: true, force: true })
  renameSync(join(staging, 'dist'), 'dist')
} finally {
  rmSync(staging, { recursive: true, force: true })
}
