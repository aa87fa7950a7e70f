import * as core from '../util/core.js'
import type { Inputs } from './inputs.js'
import type { RunContext } from '../meta/context.js'
import {
  commitDateFromPayload,
  effectiveContext,
  repoInfoFromPayload,
  resolveMetadata,
  type Metadata
} from '../meta/index.js'
import type { EnvSwitches } from './env-switches.js'
import { fetchCommitDate, fetchRepoInfo } from './github-api.js'
import { withLazyModules } from '../util/lazy.js'

const API_TIMEOUT_MS = 4000

/**
 * Gathers what the pure resolver needs that lives outside it (repository data, commit time,
 * the clock) and runs it. The API is optional: without a token, or when it is slow or fails,
 * the event payload is used and a notice says so.
 */
export async function loadMetadata(
  ctx: RunContext,
  inputs: Inputs,
  env: EnvSwitches,
  now: Date
): Promise<Metadata> {
  const { sourceDateEpoch, annotationLevels } = env
  const shaLength = inputs.shaLength ?? env.shortShaLength
  const prHeadSha = inputs.prHeadSha || env.prHeadSha
  const defaultImage = (ctx.repository.split('/').pop() || 'image').toLowerCase()
  const metaInputs = {
    images: inputs.images,
    tags: inputs.tags,
    flavor: inputs.flavor,
    labels: inputs.labels,
    annotations: inputs.annotations,
    shaLength,
    prHeadSha
  }
  // A first pass on payload data alone validates every rule at once, so a bad tag fails
  // before any network call rather than after an API timeout.
  const payloadRepo = repoInfoFromPayload(ctx)
  await withLazyModules(() =>
    resolveMetadata(ctx, payloadRepo, metaInputs, { now, sourceDateEpoch, defaultImage })
  )

  // The commit whose time labels the image is the one the tags come from (the PR head with pr-head-sha).
  const commitCtx = effectiveContext(ctx, prHeadSha)
  const payloadCommitDate = commitDateFromPayload(commitCtx)
  const token = inputs.githubToken
  const [apiRepo, apiCommitDate] = await Promise.all([
    token ? fetchRepoInfo(token, ctx, API_TIMEOUT_MS, env.apiUrl) : undefined,
    token && !payloadCommitDate && sourceDateEpoch === undefined && commitCtx.sha
      ? fetchCommitDate(token, commitCtx, API_TIMEOUT_MS, env.apiUrl)
      : undefined
  ])
  if (!apiRepo) {
    core.notice(
      token
        ? 'Repository metadata was not available from the GitHub API; OCI labels use the event payload.'
        : 'No github-token: OCI labels use the event payload.'
    )
  }
  const meta = await withLazyModules(() =>
    resolveMetadata(ctx, apiRepo ?? payloadRepo, metaInputs, {
      annotationLevels,
      now,
      sourceDateEpoch,
      commitDate: payloadCommitDate ?? apiCommitDate,
      defaultImage
    })
  )
  for (const warning of meta.warnings) core.warning(warning)
  for (const notice of meta.notices) core.notice(notice)
  return meta
}
