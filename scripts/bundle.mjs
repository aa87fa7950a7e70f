// Bundles each entry with ncc into dist/: the action's main and post steps and the local CLI.
// ncc's cache is off: a cache shared between checkouts made bundles differ from clean builds.
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'

const entries = [
  ['src/entry/main.ts', 'dist'],
  ['src/entry/post.ts', 'dist/post'],
  ['src/entry/cli.ts', 'dist/cli']
]
rmSync('dist', { recursive: true, force: true })
const build = ([entry, out]) =>
  new Promise((resolve, reject) => {
    const args = ['ncc', 'build', entry, '-o', out, '--license', 'licenses.txt', '--no-cache', '-q']
    spawn('npx', args, { stdio: 'inherit' }).on('close', code =>
      code === 0 ? resolve() : reject(new Error(`ncc failed for ${entry} (exit ${code})`))
    )
  })
await Promise.all(entries.map(build))
