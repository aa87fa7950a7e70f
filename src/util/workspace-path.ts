/**
 * Path inputs given relative to the workspace may point at files a pull request committed,
 * including symlinks. A relative path is therefore resolved through every symlink and refused
 * when its real target lies outside the workspace; an absolute path is the workflow author's
 * own choice and is taken as is.
 */
import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { InputError } from './errors.js'

/**
 * The real path of `path`, even when its last components do not exist yet (a file to write):
 * walks from the root one component at a time, following each symlink, including a dangling
 * one (a write would create its target). Linear in the number of components.
 */
function realPathOf(path: string, depth = 0): string {
  const parts = path.split(sep).filter(p => p.length > 0)
  let cur: string = sep
  for (let i = 0; i < parts.length; i++) {
    const next = join(cur, parts[i])
    let link: string | undefined
    try {
      const st = lstatSync(next)
      if (st.isSymbolicLink()) link = readlinkSync(next)
    } catch {
      // Missing (or unreadable): nothing below it can redirect us.
      return join(next, ...parts.slice(i + 1))
    }
    if (link === undefined) cur = next
    else if (depth >= 40) throw new Error(`too many levels of symbolic links: ${next}`)
    else cur = realPathOf(resolve(cur, link), depth + 1)
  }
  return cur
}

/** Whether `target` is `root` or inside it (both real paths). */
export function isInside(root: string, target: string): boolean {
  const rel = relative(root, target)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/**
 * Resolves a path input. Relative paths are taken from `workspace` and must stay inside it
 * once symlinks are followed; returns the real path (so a later open cannot be redirected by
 * the same link).
 */
export function workspacePath(input: string, value: string, workspace: string): string {
  if (isAbsolute(value)) return value
  const root = existsSync(workspace) ? realpathSync(workspace) : resolve(workspace)
  const lexical = resolve(root, value)
  if (!isInside(root, lexical)) {
    throw new InputError(
      input,
      `${JSON.stringify(value)} leaves the workspace; give a path inside it, or an absolute path`
    )
  }
  const real = realPathOf(lexical)
  if (!isInside(root, real)) {
    throw new InputError(
      input,
      `${JSON.stringify(value)} resolves through a symlink to a path outside the workspace; ` +
        'relative paths must stay inside it (give an absolute path to use a file elsewhere)'
    )
  }
  return real
}
