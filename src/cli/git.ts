import { execFileSync } from 'node:child_process'
import { basename, resolve } from 'node:path'

/** Runs git read-only; '' when git fails or is absent (a directory that is not a clone). */
export type Git = (args: string[]) => string

export function localGit(cwd: string): Git {
  return args => {
    try {
      return execFileSync('git', args, {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore']
      }).trim()
    } catch {
      return ''
    }
  }
}

export interface ResolvedRef {
  ref: string
  /** How the short name was read, for the log. */
  how: string
}

/**
 * A short ref is looked up the way git's rev-parse does, in its order: refs/<name>,
 * refs/tags/<name>, refs/heads/<name>, refs/remotes/<name>; so a local tag wins over a
 * branch of the same name. A name git does not know is a tag when it looks like a version
 * (v1.2.3), else a branch.
 */
export function resolveRef(ref: string, git: Git): ResolvedRef {
  if (ref.startsWith('refs/')) return { ref, how: 'as given' }
  if (ref === '') {
    const branch = git(['symbolic-ref', '--short', '-q', 'HEAD'])
    return branch
      ? { ref: `refs/heads/${branch}`, how: 'the current branch' }
      : { ref: 'refs/heads/main', how: 'detached HEAD, so main' }
  }
  const exists = (full: string): boolean => git(['rev-parse', '-q', '--verify', full]) !== ''
  if (exists(`refs/tags/${ref}`)) return { ref: `refs/tags/${ref}`, how: 'a local tag' }
  if (exists(`refs/heads/${ref}`)) return { ref: `refs/heads/${ref}`, how: 'a local branch' }
  const remote = /^[^/]+\/(.+)$/.exec(ref)
  if (remote && exists(`refs/remotes/${ref}`)) {
    return { ref: `refs/heads/${remote[1]}`, how: 'a remote branch' }
  }
  if (/^v?\d+(\.\d+)*([-+].*)?$/.test(ref)) {
    return { ref: `refs/tags/${ref}`, how: 'not in this clone; looks like a version, so a tag' }
  }
  return { ref: `refs/heads/${ref}`, how: 'not in this clone, so a branch' }
}

/** The commit the ref points at locally, else HEAD, else zeros (no git). */
export function resolveSha(ref: string, git: Git): string {
  if (!ref.startsWith('refs/pull/')) {
    const sha = git(['rev-parse', '-q', '--verify', `${ref}^{commit}`])
    if (sha) return sha
  }
  return git(['rev-parse', 'HEAD']) || '0'.repeat(40)
}

export interface ResolvedRepo {
  repository: string
  source: string
}

/** owner/name from a GitHub remote URL (https, ssh or scp-like), else undefined. */
export function githubRepository(url: string): string | undefined {
  const m =
    /^(?:https?:\/\/(?:[^@/]+@)?|ssh:\/\/(?:[^@/]+@)?|git:\/\/|(?:[^@/]+@)?)(?:www\.)?github\.com[:/]([A-Za-z0-9-]+\/[A-Za-z0-9._-]+?)(?:\.git)?\/?$/.exec(
      url.trim()
    )
  return m ? m[1] : undefined
}

/**
 * The repository name: --repo when given; else the origin remote when it is a GitHub URL;
 * else local/<directory name>. The source goes into the log, since OCI labels carry it.
 */
export function resolveRepository(flag: string | undefined, cwd: string, git: Git): ResolvedRepo {
  if (flag) return { repository: flag, source: '--repo' }
  const url = git(['remote', 'get-url', 'origin'])
  const fromOrigin = url ? githubRepository(url) : undefined
  if (fromOrigin) return { repository: fromOrigin, source: `the origin remote (${url})` }
  const dir = basename(resolve(cwd))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
  return {
    repository: `local/${dir || 'app'}`,
    source: url
      ? `the directory name (origin ${url} is not on GitHub; use --repo OWNER/NAME)`
      : 'the directory name (no origin remote; use --repo OWNER/NAME)'
  }
}
