/**
 * The `floating-tags` guard at run time: one tag listing per image (plus pagination), then
 * the pure decision of floating.ts. A registry that refuses the listing gives a warning under
 * `guard` (the floating tags are pushed as before) and fails the step under `strict`.
 */
import type { Metadata } from '../meta/index.js'
import { errorMessage } from '../util/errors.js'
import { clientFor, type BasicCredentials } from './client.js'
import {
  decideFloating,
  holdMessage,
  rangedFloatingTags,
  type FloatingDecision,
  type FloatingMode
} from './floating.js'
import type { RetryBudget } from './retry.js'
import { listTags } from './tag-list.js'
import { registryHost, repositoryPath } from '../docker/reference.js'
import type { HttpFetch } from '../util/http.js'

/** One image whose floating tags are checked against its registry (the plan shows these). */
export interface FloatingCheck {
  image: string
  registry: string
  repository: string
  /** Bare floating tags that stand for a version range (`latest`, `1`, `1.2`). */
  tags: string[]
}

/** A held reference and why, e.g. `…/app:latest` stays on 2.0.0. */
export interface HeldTag {
  ref: string
  decision: FloatingDecision
  /** `latest stays on 2.0.0 (newer than 1.2.4)` */
  message: string
}

export interface GuardResult {
  held: HeldTag[]
  /** Images whose tags could not be listed (guard mode only; strict throws). */
  unlisted: Array<{ image: string; error: string }>
}

export interface GuardOptions {
  mode: FloatingMode
  /** Credentials for a registry host, when the step has them (`username`/`password`). */
  credentialsFor(host: string): BasicCredentials | undefined
  budget?: RetryBudget
  timeoutMs?: number
  signal?: AbortSignal
  warn(message: string): void
  info(message: string): void
  /** Injectable for unit tests. */
  fetch?: HttpFetch
  pageSize?: number
}

/** Which images and floating tags the guard looks at; empty under `always`. */
export function floatingChecks(
  meta: Pick<Metadata, 'images' | 'tags'>,
  mode: FloatingMode
): FloatingCheck[] {
  if (mode === 'always') return []
  const tags = rangedFloatingTags(meta.tags).map(t => t.tag)
  if (tags.length === 0) return []
  return meta.images.map(image => ({
    image,
    registry: registryHost(image),
    repository: repositoryPath(image),
    tags
  }))
}

/**
 * Whether the step's `username`/`password` belong to a host: they are for `registry`, or the
 * first image's registry when it is not given (as the login uses them).
 */
export function credentialsMatcher(
  loginRegistry: string,
  cred: BasicCredentials | undefined
): (host: string) => BasicCredentials | undefined {
  const norm = (h: string): string =>
    [
      '',
      'docker.io',
      'index.docker.io',
      'registry-1.docker.io',
      'registry.hub.docker.com'
    ].includes(h.replace(/^https?:\/\//, '').replace(/\/.*$/, ''))
      ? 'docker.io'
      : h.replace(/^https?:\/\//, '').replace(/\/.*$/, '')
  return host => (cred?.username && norm(loginRegistry) === norm(host) ? cred : undefined)
}

async function listFor(check: FloatingCheck, opts: GuardOptions): Promise<string[]> {
  const { client, repository } = clientFor(check.image, {
    credentials: opts.credentialsFor(check.registry),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {})
  })
  const list = (): Promise<string[]> =>
    listTags(client, repository, opts.pageSize ? { pageSize: opts.pageSize } : {})
  return opts.budget ? opts.budget.run(`list tags of ${check.image}`, list) : list()
}

/** Lists every checked image's tags (in parallel) and decides which floating tags to hold. */
export async function guardFloatingTags(
  meta: Pick<Metadata, 'images' | 'tags'>,
  opts: GuardOptions
): Promise<GuardResult> {
  const checks = floatingChecks(meta, opts.mode)
  const result: GuardResult = { held: [], unlisted: [] }
  const outcomes = await Promise.all(
    checks.map(async check => {
      try {
        return { check, tags: await listFor(check, opts) }
      } catch (err) {
        return { check, error: errorMessage(err) }
      }
    })
  )
  for (const o of outcomes) {
    if ('error' in o && o.error !== undefined) {
      const why = `cannot list the tags of ${o.check.image} on registry ${o.check.registry}: ${o.error}`
      if (opts.mode === 'strict') {
        throw new Error(`floating-tags is strict and ${why}`)
      }
      opts.warn(
        `floating-tags: ${why}. Floating tags (${o.check.tags.join(', ')}) are pushed without the backport check.`
      )
      result.unlisted.push({ image: o.check.image, error: o.error })
      continue
    }
    for (const decision of decideFloating(meta.tags, o.tags ?? [])) {
      if (!decision.held) continue
      const message = holdMessage(decision)
      opts.info(`${o.check.image}:${message}`)
      result.held.push({ ref: `${o.check.image}:${decision.tag}`, decision, message })
    }
  }
  return result
}

/**
 * `dry-run`: which floating tags would be checked against which registry, and, when the
 * registry lets us list its tags, which of them would be held. Never fails the dry run.
 */
export async function previewFloatingTags(
  meta: Pick<Metadata, 'images' | 'tags'>,
  opts: Omit<GuardOptions, 'warn' | 'info'>
): Promise<string[]> {
  const checks = floatingChecks(meta, opts.mode)
  if (opts.mode === 'always') return ['Floating tags: always moved (floating-tags: always).']
  if (checks.length === 0) return ['Floating tags: none that stand for a version range.']
  const lines: string[] = []
  for (const check of checks) {
    lines.push(
      `Floating tags checked against ${check.registry} (tag list of ${check.repository}): ${check.tags.join(', ')}`
    )
    const notes: string[] = []
    const result = await guardFloatingTags(
      { images: [check.image], tags: meta.tags },
      { ...opts, mode: 'guard', warn: m => notes.push(m), info: () => undefined }
    )
    if (result.unlisted.length > 0) {
      lines.push(`  could not list the tags now: ${result.unlisted[0].error}`)
    } else if (result.held.length === 0) {
      lines.push('  would hold none: this release is the newest in every range')
    } else {
      for (const h of result.held) lines.push(`  would hold ${h.message}`)
    }
  }
  return lines
}
