import { InputError } from '../util/errors.js'
import type { PushOptions } from './options.js'
import type { PushTarget } from './types.js'

export interface PushFacts {
  eventName: string
  ref: string
  /** A pull request from a fork gets no registry secrets, so it never logs in or pushes. */
  forkPullRequest: boolean
  /** Whether `images` was given at all (all of them may still be disabled). */
  imagesFromInput: boolean
  /** The enabled images. */
  images: readonly string[]
  targets: readonly PushTarget[]
  /** push-by-digest applies no tag, so it pushes even when no tag resolved. */
  digestOnly?: boolean
}

export interface PushDecision {
  push: boolean
  /** Why nothing is pushed, for the log; unset when pushing. */
  reason?: string
  notices: string[]
  warnings: string[]
}

const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target']

function listed(items: readonly string[]): string {
  return items.length > 0 ? items.join(', ') : 'none'
}

/**
 * Whether this run pushes. A release (a tag push, or `push: true`) that would publish
 * nothing fails before the build, so a typo such as `imagez:` cannot give a green release
 * job; other events keep building and smoke-testing, and the log says why nothing is pushed.
 */
export function decidePush(opts: PushOptions, facts: PushFacts): PushDecision {
  const d: PushDecision = { push: false, notices: [], warnings: [] }
  const wanted =
    opts.push === 'true' || (opts.push === 'auto' && !PULL_REQUEST_EVENTS.includes(facts.eventName))
  if (!wanted) {
    d.reason = `Not pushing (push: ${opts.push}, event: ${facts.eventName || 'none'}).`
    return d
  }
  const release = opts.push === 'true' || facts.ref.startsWith('refs/tags/')
  const why = opts.push === 'true' ? '"push" is true' : `this is a tag push (${facts.ref})`
  const refs = facts.targets.map(t => t.ref)
  if (!facts.imagesFromInput) {
    if (release) {
      throw new InputError(
        'images',
        `is required when ${why}: no image name was given, so nothing would be published ` +
          `(resolved tags: ${listed(refs)}). Set it, for example ghcr.io/OWNER/APP; without it the image stays local`
      )
    }
    d.warnings.push(
      'No "images" input: the image is built and smoke-tested but stays local. Set "images" to publish it.'
    )
    d.reason = 'Not pushing: no "images" input, so the image was only built locally.'
    return d
  }
  if (facts.forkPullRequest) {
    d.notices.push(
      'Pull request from a fork: it has no registry secrets, so login and push are skipped.'
    )
    d.reason = 'Not pushing: pull request from a fork.'
    return d
  }
  if (facts.images.length === 0) {
    // Bare tags would be pushed to Docker Hub's library namespace: never what was meant.
    d.notices.push('Every image in "images" has enable=false, so nothing is pushed.')
    d.reason = 'Not pushing: every image is disabled.'
    return d
  }
  if (facts.targets.length === 0 && !facts.digestOnly) {
    if (release) {
      throw new InputError(
        'tags',
        `no tag resolved for ${facts.ref || 'this ref'} (event: ${facts.eventName || 'none'}), ` +
          `so ${why} would publish nothing (images: ${listed(facts.images)}; resolved tags: none). ` +
          'Check the rules, for example a semver pattern on a ref that is not a version'
      )
    }
    d.notices.push(
      `No tag resolved for ${facts.ref || 'this ref'} (event: ${facts.eventName || 'none'}), so nothing is pushed.`
    )
    d.reason = 'Not pushing: no tag resolved.'
    return d
  }
  d.push = true
  return d
}
