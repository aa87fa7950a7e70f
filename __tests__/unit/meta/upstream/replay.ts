import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { resolveMetadata, type Metadata } from '../../../../src/meta/index.js'
import type { RepoInfo, RunContext } from '../../../../src/meta/context.js'
import { DEFAULT_TAGS, type UpstreamCase } from './cases.js'

interface Contexts {
  repo: RepoInfo
  now: string
  events: Record<
    string,
    { eventName: string; ref: string; sha: string; repository: string; payload: object }
  >
}

const fixture = join(process.cwd(), '__tests__', 'fixtures', 'upstream', 'contexts.json')
export const CONTEXTS = JSON.parse(readFileSync(fixture, 'utf8')) as Contexts
export const UPSTREAM_NOW = new Date(CONTEXTS.now)

export function upstreamContext(env: string): RunContext {
  const e = CONTEXTS.events[env]
  if (!e) throw new Error(`no context for ${env} in contexts.json`)
  return {
    eventName: e.eventName,
    ref: e.ref,
    sha: e.sha,
    repository: e.repository,
    serverUrl: 'https://github.com',
    payload: structuredClone(e.payload) as Record<string, unknown>,
    runId: '1'
  }
}

/** The multi-line inputs our action reads, as the runner would pass them. */
export function actionInputs(c: UpstreamCase): {
  images: string
  tags: string
  flavor: string
  labels: string
  annotations: string
} {
  return {
    images: c.input.images.join('\n'),
    tags: (c.input.tags ?? DEFAULT_TAGS).join('\n'),
    flavor: (c.input.flavor ?? []).join('\n'),
    labels: (c.input.labels ?? []).join('\n'),
    annotations: (c.input.annotations ?? []).join('\n')
  }
}

export type Field = 'version' | 'tags' | 'labels' | 'annotations'

export interface Outcome {
  id: string
  /** Fields that differ from upstream; empty when identical. */
  differs: Field[]
  got?: { version: string; tags: string[]; labels: string[]; annotations: string[] }
  error?: string
}

export function replay(c: UpstreamCase): Outcome {
  let meta: Metadata
  try {
    meta = resolveMetadata(
      upstreamContext(c.env),
      CONTEXTS.repo,
      { ...actionInputs(c), prHeadSha: c.prHeadSha ?? false },
      {
        now: UPSTREAM_NOW,
        commitDate: UPSTREAM_NOW,
        defaultImage: 'test-docker-action',
        annotationLevels: c.expect.annotationLevels
      }
    )
  } catch (err) {
    return {
      id: c.id,
      differs: ['version', 'tags', 'labels', 'annotations'],
      error: err instanceof Error ? err.message : String(err)
    }
  }
  const got = {
    version: meta.version,
    tags: meta.fullTags,
    labels: meta.labels,
    annotations: meta.annotations
  }
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
  const differs = (['version', 'tags', 'labels', 'annotations'] as const).filter(
    f => !same(got[f], c.expect[f])
  )
  return { id: c.id, differs, got }
}

/** The acceptance metric: identical `version` and `tags`. */
export function identicalTagsAndVersion(o: Outcome): boolean {
  return !o.differs.includes('version') && !o.differs.includes('tags')
}
