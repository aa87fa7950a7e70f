/**
 * The path halves of `digests-dir` and `merge-digests`, resolved against the workspace (a
 * relative path may not leave it through a symlink a pull request committed). A
 * `merge-digests` directory is read here, before any docker call, into the digest list the
 * plan merges: one file per digest, named by its hex (`sha256-<hex>` and `sha256:<hex>` too),
 * as docker's matrix recipe and push-by-digest's `digests-dir` leave them.
 */
import { readdirSync, statSync } from 'node:fs'
import type { BuildkitOptions } from '../build/buildkit-options.js'
import { InputError } from '../util/errors.js'
import { workspacePath } from '../util/workspace-path.js'

const FILE = /^(?:sha256[:-])?([0-9a-f]{64})$/

export function readDigestsDir(dir: string): string[] {
  let names: string[]
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory')
    names = readdirSync(dir)
  } catch (err) {
    throw new InputError(
      'merge-digests',
      `"${dir}" is neither sha256:<64 hex> digest lines nor a readable directory of digest files (${(err as NodeJS.ErrnoException).code ?? 'not a directory'})`
    )
  }
  const digests: string[] = []
  for (const name of names.filter(n => !n.startsWith('.')).sort()) {
    const m = FILE.exec(name)
    if (!m) {
      throw new InputError(
        'merge-digests',
        `the directory ${dir} holds "${name}", which is not a digest file: expected files named by the digest's 64 lowercase hex digits`
      )
    }
    digests.push(`sha256:${m[1]}`)
  }
  if (digests.length === 0) {
    throw new InputError('merge-digests', `the directory ${dir} holds no digest files`)
  }
  return digests
}

export function resolveDigestInputs(bk: BuildkitOptions, workspace: string): BuildkitOptions {
  const digestsDir = bk.digestsDir ? workspacePath('digests-dir', bk.digestsDir, workspace) : ''
  const merge =
    bk.merge.kind === 'dir'
      ? {
          kind: 'digests' as const,
          digests: readDigestsDir(workspacePath('merge-digests', bk.merge.path, workspace))
        }
      : bk.merge
  return { ...bk, digestsDir, merge }
}
