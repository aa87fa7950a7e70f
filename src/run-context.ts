/**
 * Everything the pure core needs to know about the triggering event, as plain data.
 * It is built once from the runner's environment (see `readRunContext` in context-env.ts)
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
