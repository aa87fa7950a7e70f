// Bundles each entry with ncc into dist/: the action's main and post steps and the local CLI.
// Bundles are minified with source maps, and ncc's source-map-support register makes stack
// traces point at src/ lines (no --enable-source-maps needed). The maps keep the mappings but
// drop `sourcesContent`: the sources are in this repository at the same commit, and without
// them the maps are a third of the size. ncc's cache is off (a cache shared between checkouts
// made bundles differ from clean builds), and the entries are built one after another, each
// into its own directory, then moved in place, so dist/ is byte-reproducible.
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { join } from 'node:path'

const entries = [
  ['src/entry/main.ts', 'dist'],
  ['src/entry/post.ts', 'dist/post'],
  ['src/entry/cli.ts', 'dist/cli']
]

/** @param {string} dir */
function dropSourcesContent(dir) {
  for (const name of readdirSync(dir).filter(n => n.endsWith('.js.map'))) {
    const path = join(dir, name)
    /** @type {unknown} */
    const parsed = JSON.parse(readFileSync(path, 'utf8'))
    const map = /** @type {Record<string, unknown>} */ (parsed)
    delete map.sourcesContent
    writeFileSync(path, JSON.stringify(map))
  }
}

const staging = mkdtempSync('.bundle-')
try {
  for (const [entry, out] of entries) {
    const dir = join(staging, out)
    const args = ['ncc', 'build', entry, '-o', dir, '--license', 'licenses.txt', '-m', '-s']
    execFileSync('npx', [...args, '--no-cache', '-q'], { stdio: 'inherit' })
    dropSourcesContent(dir)
  }
  // The CLI is package.json's `bin`: it must start with a node shebang and be executable.
  const cli = join(staging, 'dist/cli/index.js')
  const code = readFileSync(cli, 'utf8')
  if (!code.startsWith('#!')) {
    writeFileSync(cli, `#!/usr/bin/env node\n${code}`)
    // One more line on top: a leading `;` in the mappings moves them down by one line.
    const mapPath = `${cli}.map`
    /** @type {unknown} */
    const parsed = JSON.parse(readFileSync(mapPath, 'utf8'))
    const map = /** @type {{ mappings: string }} */ (parsed)
    map.mappings = `;${map.mappings}`
    writeFileSync(mapPath, JSON.stringify(map))
  }
  chmodSync(cli, 0o755)
  rmSync('dist', { recursive: true, force: true })
  renameSync(join(staging, 'dist'), 'dist')
} finally {
  rmSync(staging, { recursive: true, force: true })
}
