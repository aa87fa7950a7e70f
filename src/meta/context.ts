/**
 * Everything the pure core needs to know about the triggering event, as plain data.
 * It is built once from the runner's environment (see `readRunContext` in src/action/context.ts)
 * or from CLI flags, so the tag and label code never reads `process.env` itself.
 */
export interface RunContext {
  /** `push`, `pull_request`, `schedule`, `workflow_dispatch`, `release`, ... */
  eventName: string
  /** Full ref, e.g. `refs/tags/v1.2.3`, `refs/heads/main`, `refs/pull/42/merge`. */
  ref: string
  /** Full 40-hex commit sha of the run. */
  sha: string
  /** `owner/name`. */
  repository: string
  /** `https://github.com` unless on GHES. */
  serverUrl: string
  /** The webhook payload (`GITHUB_EVENT_PATH`), `{}` when there is none. */
  payload: Record<string, unknown>
  /** Run id/attempt, used to name containers so the post step can find them. */
  runId: string
}

/** Repository data used for OCI labels; from the REST API, else from the event payload. */
export interface RepoInfo {
  name: string
  fullName: string
  description: string
  htmlUrl: string
  /** SPDX id, e.g. `MIT`; empty when unknown. */
  license: string
  defaultBranch: string
}

type Json = Record<string, unknown>

function obj(v: unknown): Json | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

/**
 * The context the tag rules see. `pull_request_target` runs on the base branch, so its ref is
 * rewritten to the PR merge ref; with `prHeadSha` a PR build is named after the head commit
 * instead of GitHub's ephemeral merge commit. Both mirror metadata-action.
 */
export function effectiveContext(ctx: RunContext, prHeadSha: boolean): RunContext {
  let { ref, sha } = ctx
  if (/pull_request_target/.test(ctx.eventName)) {
    const number = ctx.payload['number'] ?? obj(ctx.payload['pull_request'])?.['number']
    if (typeof number === 'number' || typeof number === 'string') ref = `refs/pull/${number}/merge`
  }
  if (prHeadSha && /pull_request/.test(ctx.eventName)) {
    const head = str(obj(obj(ctx.payload['pull_request'])?.['head'])?.['sha'])
    if (head) sha = head
  }
  return { ...ctx, ref, sha }
}

/** Repository data from the webhook payload, for when the API is unavailable. */
export function repoInfoFromPayload(ctx: RunContext): RepoInfo {
  const repo = obj(ctx.payload['repository']) ?? {}
  const fullName = str(repo['full_name']) || ctx.repository
  const name = str(repo['name']) || fullName.split('/').pop() || ''
  return {
    name,
    fullName,
    description: str(repo['description']),
    htmlUrl: str(repo['html_url']) || (fullName ? `${ctx.serverUrl}/${fullName}` : ''),
    license: str(obj(repo['license'])?.['spdx_id']),
    defaultBranch: str(repo['default_branch'])
  }
}

function validDate(v: unknown): Date | undefined {
  if (typeof v !== 'string' || v.length === 0) return undefined
  const d = new Date(v)
  return Number.isNaN(d.getTime()) ? undefined : d
}

/**
 * Commit time from a push payload. Only a commit matching the built sha counts, so a PR build
 * with the head sha does not pick up an unrelated timestamp.
 */
export function commitDateFromPayload(ctx: RunContext): Date | undefined {
  const commits = ctx.payload['commits']
  if (Array.isArray(commits)) {
    const hit = commits.map(obj).find(c => c?.['id'] === ctx.sha)
    const d = validDate(hit?.['timestamp'])
    if (d) return d
  }
  const head = obj(ctx.payload['head_commit'])
  if (head && (head['id'] === undefined || head['id'] === ctx.sha)) {
    return validDate(head['timestamp'])
  }
  return undefined
}
