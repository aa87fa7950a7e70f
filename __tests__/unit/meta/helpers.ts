import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { RepoInfo, RunContext } from '../../../src/meta/context.js'
import { resolveMetadata, type MetaInputs, type MetaOptions } from '../../../src/meta/index.js'

export type EventKind =
  | 'push-tag'
  | 'push-branch'
  | 'pull_request'
  | 'pull_request_target'
  | 'schedule'
  | 'release'
  | 'workflow_dispatch'
  | 'empty'

/** The sha GitHub sets when the payload itself does not carry the built commit. */
export const RUN_SHA = '860c1904a1ce19322e91ac35af1ab07466440c37'
export const BRANCH_SHA = '90dd6032fac8bda1b6c4436a2e65de27961ed071'
export const PR_MERGE_SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
export const PR_HEAD_SHA = 'f00dfeedbeefcafe0123456789abcdef01234567'

type Payload = Record<string, unknown>

export function loadPayload(kind: EventKind): Payload {
  const file = join(process.cwd(), '__tests__', 'fixtures', 'events', `${kind}.json`)
  return JSON.parse(readFileSync(file, 'utf8')) as Payload
}

/** Builds the RunContext the runner would give for the fixture, as GITHUB_REF/GITHUB_SHA do. */
export function eventContext(kind: EventKind, over: Partial<RunContext> = {}): RunContext {
  const payload = loadPayload(kind)
  const base = { repository: 'acme/App', serverUrl: 'https://github.com', payload, runId: '1' }
  const pr = payload['pull_request'] as { base: { sha: string }; merge_commit_sha: string }
  let ctx: RunContext
  switch (kind) {
    case 'push-tag':
    case 'push-branch':
      ctx = {
        ...base,
        eventName: 'push',
        ref: String(payload['ref']),
        sha: String(payload['after'])
      }
      break
    case 'pull_request':
      ctx = { ...base, eventName: kind, ref: 'refs/pull/42/merge', sha: pr.merge_commit_sha }
      break
    case 'pull_request_target':
      // Runs in the base branch's context; the action must rewrite the ref itself.
      ctx = { ...base, eventName: kind, ref: 'refs/heads/main', sha: pr.base.sha }
      break
    case 'schedule':
      ctx = { ...base, eventName: kind, ref: 'refs/heads/main', sha: RUN_SHA }
      break
    case 'release': {
      const tag = (payload['release'] as { tag_name: string }).tag_name
      ctx = { ...base, eventName: kind, ref: `refs/tags/${tag}`, sha: RUN_SHA }
      break
    }
    case 'workflow_dispatch':
      ctx = { ...base, eventName: kind, ref: String(payload['ref']), sha: RUN_SHA }
      break
    case 'empty':
      ctx = { ...base, eventName: '', ref: '', sha: '', repository: '' }
      break
  }
  return { ...ctx, ...over }
}

export const REPO: RepoInfo = {
  name: 'App',
  fullName: 'acme/App',
  description: 'The acme application',
  htmlUrl: 'https://github.com/acme/App',
  license: 'MIT',
  defaultBranch: 'main'
}

export const NOW = new Date('2020-01-10T00:30:00Z')

export function inputs(over: Partial<MetaInputs> = {}): MetaInputs {
  return {
    images: '',
    tags: '',
    flavor: '',
    labels: '',
    annotations: '',
    prHeadSha: false,
    ...over
  }
}

export function options(over: Partial<MetaOptions> = {}): MetaOptions {
  return { now: NOW, defaultImage: 'app', ...over }
}

export function resolve(
  ctx: RunContext,
  input: Partial<MetaInputs> = {},
  opts: Partial<MetaOptions> = {}
) {
  return resolveMetadata(ctx, REPO, inputs(input), options(opts))
}

/** Runs `fn` and returns the error it throws, failing the test when it does not throw. */
export function thrown(fn: () => unknown): Error {
  try {
    fn()
  } catch (err) {
    return err as Error
  }
  throw new Error('expected an error')
}
