import * as core from '@actions/core'
import type { Inputs } from './inputs.js'
import type { RunContext } from './run-context.js'
import {
  commitDateFromPayload,
  effectiveContext,
  fetchCommitDate,
  fetchRepoInfo,
  repoInfoFromPayload,
  resolveMetadata,
  type Metadata
} from './meta/index.js'
import { numberInput, booleanInput } from './inputs.js'

const API_TIMEOUT_MS = 4000

/** Environment switches metadata-action documents; inputs of the same meaning win. */
export interface MetaEnv {
  apiUrl?: string
  sourceDateEpoch?: string
  shortShaLength?: string
  prHeadSha?: string
}

/**
 * Gathers what the pure resolver needs that lives outside it (repository data, commit time,
 * the clock) and runs it. The API is optional: without a token, or when it is slow or fails,
 * the event payload is used and a notice says so.
 */
export async function loadMetadata(
  ctx: RunContext,
  inputs: Inputs,
  env: MetaEnv,
  now: Date
): Promise<Metadata> {
  let sourceDateEpoch: number | undefined
  if (env.sourceDateEpoch !== undefined && env.sourceDateEpoch !== '') {
    sourceDateEpoch = numberInput('SOURCE_DATE_EPOCH', env.sourceDateEpoch, 0, {
      min: 0,
      integer: true
    })
  }
  const shaLength =
    inputs.shaLength ??
    (env.shortShaLength
      ? numberInput('DOCKER_METADATA_SHORT_SHA_LENGTH', env.shortShaLength, 7, {
          min: 1,
          max: 40,
          integer: true
        })
      : undefined)
  const prHeadSha =
    inputs.prHeadSha || booleanInput('DOCKER_METADATA_PR_HEAD_SHA', env.prHeadSha ?? '', false)

  let repo = inputs.githubToken
    ? await fetchRepoInfo(inputs.githubToken, ctx, API_TIMEOUT_MS, env.apiUrl)
    : undefined
  if (!repo) {
    core.notice(
      inputs.githubToken
        ? 'Repository metadata was not available from the GitHub API; OCI labels use the event payload.'
        : 'No github-token: OCI labels use the event payload.'
    )
    repo = repoInfoFromPayload(ctx)
  }
  // The commit whose time labels the image is the one the tags come from (the PR head with pr-head-sha).
  const commitCtx = effectiveContext(ctx, prHeadSha)
  let commitDate = commitDateFromPayload(commitCtx)
  if (!commitDate && sourceDateEpoch === undefined && inputs.githubToken && commitCtx.sha) {
    commitDate = await fetchCommitDate(inputs.githubToken, commitCtx, API_TIMEOUT_MS, env.apiUrl)
  }
  const defaultImage = (ctx.repository.split('/').pop() || 'image').toLowerCase()
  const meta = resolveMetadata(
    ctx,
    repo,
    {
      images: inputs.images,
      tags: inputs.tags,
      flavor: inputs.flavor,
      labels: inputs.labels,
      annotations: inputs.annotations,
      shaLength,
      prHeadSha
    },
    { now, sourceDateEpoch, commitDate, defaultImage }
  )
  for (const warning of meta.warnings) core.warning(warning)
  return meta
}
