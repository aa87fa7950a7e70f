/**
 * Pull requests from forks run untrusted code and receive no repository secrets, so the
 * action builds and tests them but never logs in or pushes.
 */

function repoName(side: unknown): string | null | undefined {
  if (typeof side !== 'object' || side === null) return undefined
  const repo = (side as { repo?: unknown }).repo
  // GitHub sends `repo: null` when the fork was deleted after the PR was opened.
  if (repo === null) return null
  if (typeof repo !== 'object' || repo === undefined) return undefined
  const name = (repo as { full_name?: unknown }).full_name
  return typeof name === 'string' ? name : undefined
}

/**
 * True for pull_request-family events whose head lives in another repository. When the
 * payload is too incomplete to tell, the answer is true: skipping a push is recoverable,
 * leaking credentials to a fork is not.
 */
export function isForkPullRequest(eventName: string, payload: Record<string, unknown>): boolean {
  if (!eventName.startsWith('pull_request')) return false
  const pr = payload.pull_request
  if (typeof pr !== 'object' || pr === null) return true
  const head = repoName((pr as { head?: unknown }).head)
  const base = repoName((pr as { base?: unknown }).base)
  if (head === null) return true
  if (head === undefined || base === undefined || base === null) return true
  return head.toLowerCase() !== base.toLowerCase()
}
