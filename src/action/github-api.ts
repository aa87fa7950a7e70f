import type { RepoInfo, RunContext } from '../meta/context.js'
import { nodeFetch } from '../util/http.js'

/**
 * Runs one API call with a hard deadline. The abort signal stops the request; the timer race
 * is there as well because a stalled body read or a retry inside Octokit must not keep the
 * action waiting. Any failure becomes `undefined`: API data only enriches labels.
 */
async function withDeadline<T>(
  timeoutMs: number,
  call: (signal: AbortSignal) => Promise<T>
): Promise<T | undefined> {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<undefined>(resolve => {
    timer = setTimeout(() => {
      controller.abort()
      resolve(undefined)
    }, timeoutMs)
  })
  try {
    const work = call(controller.signal).catch(() => undefined)
    return await Promise.race([work, deadline])
  } catch {
    return undefined
  } finally {
    clearTimeout(timer)
    controller.abort()
  }
}

/**
 * Octokit loads only when an API call is made, not at start-up. Its requests go through the
 * registry client's node:http transport rather than a `fetch` (util/http.ts says why): it
 * answers with the status, headers, url and body readers Octokit's request reads.
 */
async function client(token: string, signal: AbortSignal, apiUrl?: string) {
  const { getOctokit } = await import('@actions/github')
  return getOctokit(token, {
    ...(apiUrl ? { baseUrl: apiUrl } : {}),
    request: { signal, retries: 0, fetch: nodeFetch }
  })
}

function ownerRepo(ctx: RunContext): { owner: string; repo: string } | undefined {
  const [owner, repo, ...rest] = ctx.repository.split('/')
  if (!owner || !repo || rest.length > 0) return undefined
  return { owner, repo }
}

export async function fetchRepoInfo(
  token: string,
  ctx: RunContext,
  timeoutMs: number,
  apiUrl?: string
): Promise<RepoInfo | undefined> {
  const target = ownerRepo(ctx)
  if (!target) return undefined
  return withDeadline(timeoutMs, async signal => {
    const { data } = await (await client(token, signal, apiUrl)).rest.repos.get(target)
    if (typeof data?.name !== 'string') return undefined
    return {
      name: data.name,
      fullName: data.full_name ?? ctx.repository,
      description: data.description ?? '',
      htmlUrl: data.html_url ?? '',
      license: data.license?.spdx_id ?? '',
      defaultBranch: data.default_branch ?? ''
    }
  })
}

export async function fetchCommitDate(
  token: string,
  ctx: RunContext,
  timeoutMs: number,
  apiUrl?: string
): Promise<Date | undefined> {
  const target = ownerRepo(ctx)
  if (!target || !ctx.sha) return undefined
  return withDeadline(timeoutMs, async signal => {
    const { data } = await (
      await client(token, signal, apiUrl)
    ).rest.repos.getCommit({
      ...target,
      ref: ctx.sha
    })
    const when = data?.commit?.committer?.date
    if (typeof when !== 'string') return undefined
    const date = new Date(when)
    return Number.isNaN(date.getTime()) ? undefined : date
  })
}
