// Bundles each entry with ncc into dist/: the action's main and post steps and the local CLI.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'

const entries = [
  ['src/entry/main.ts', 'dist'],
  ['src/entry/post.ts', 'dist/post'],
  ['src/entry/cli.ts', 'dist/cli']
]
rmSync('dist', { recursive: true, force: true })
for (const [entry, out] of entries) {
  execFileSync('npx', ['ncc', 'build', entry, '-o', out, '--license', 'licenses.txt', '-q'], {
    stdio: 'inherit'
  })
}
