import { describe, expect, it } from '@jest/globals'
import type { MetaInputs } from '../../../src/meta/index.js'
import type { RunContext } from '../../../src/meta/context.js'
import { eventContext, resolve, type EventKind } from './helpers.js'

interface Case {
  name: string
  event: EventKind
  ctx?: Partial<RunContext>
  input?: Partial<MetaInputs>
  tags: [string, boolean][]
  version: string
}

const tag = (t: string): Partial<RunContext> => ({ ref: `refs/tags/${t}` })

const cases: Case[] = [
  {
    name: 'semver tag push gets full, partial and latest tags',
    event: 'push-tag',
    tags: [
      ['1.2.3', false],
      ['1.2', true],
      ['1', true],
      ['v1.2.3', false],
      ['latest', true]
    ],
    version: '1.2.3'
  },
  {
    name: 'prerelease moves nothing',
    event: 'push-tag',
    ctx: tag('v2.0.0-rc.1'),
    tags: [
      ['2.0.0-rc.1', false],
      ['v2.0.0-rc.1', false]
    ],
    version: '2.0.0-rc.1'
  },
  {
    name: 'prerelease moves nothing even with latest=true',
    event: 'push-tag',
    ctx: tag('v2.0.0-rc.1'),
    input: { flavor: 'latest=true' },
    tags: [
      ['2.0.0-rc.1', false],
      ['v2.0.0-rc.1', false]
    ],
    version: '2.0.0-rc.1'
  },
  {
    name: 'major zero gets no bare 0',
    event: 'push-tag',
    ctx: tag('v0.4.1'),
    tags: [
      ['0.4.1', false],
      ['0.4', true],
      ['v0.4.1', false],
      ['latest', true]
    ],
    version: '0.4.1'
  },
  {
    name: 'non-semver tag is only itself',
    event: 'push-tag',
    ctx: tag('release-7'),
    tags: [['release-7', false]],
    version: 'release-7'
  },
  {
    name: 'tag without v prefix dedupes',
    event: 'push-tag',
    ctx: tag('3.1.4'),
    tags: [
      ['3.1.4', false],
      ['3.1', true],
      ['3', true],
      ['latest', true]
    ],
    version: '3.1.4'
  },
  {
    name: 'branch push',
    event: 'push-branch',
    tags: [
      ['main', true],
      ['sha-90dd603', false]
    ],
    version: 'main'
  },
  {
    name: 'branch name is sanitized and lower-cased',
    event: 'push-branch',
    ctx: { ref: 'refs/heads/feature/Login#2' },
    tags: [
      ['feature-login-2', true],
      ['sha-90dd603', false]
    ],
    version: 'feature-login-2'
  },
  {
    name: 'pull_request',
    event: 'pull_request',
    tags: [['pr-42', true]],
    version: 'pr-42'
  },
  {
    name: 'pull_request_target',
    event: 'pull_request_target',
    tags: [['pr-42', true]],
    version: 'pr-42'
  },
  { name: 'schedule', event: 'schedule', tags: [['nightly', true]], version: 'nightly' },
  {
    name: 'workflow_dispatch builds the branch',
    event: 'workflow_dispatch',
    tags: [
      ['feature-login-2', true],
      ['sha-860c190', false]
    ],
    version: 'feature-login-2'
  },
  {
    name: 'release behaves like a tag push',
    event: 'release',
    tags: [
      ['2.0.0-rc.1', false],
      ['v2.0.0-rc.1', false]
    ],
    version: '2.0.0-rc.1'
  },
  {
    name: 'release of a final version',
    event: 'release',
    ctx: tag('v3.0.0'),
    tags: [
      ['3.0.0', false],
      ['3.0', true],
      ['3', true],
      ['v3.0.0', false],
      ['latest', true]
    ],
    version: '3.0.0'
  },
  {
    name: 'no ref but a sha',
    event: 'empty',
    ctx: { sha: '0123456789abcdef0123456789abcdef01234567' },
    tags: [['sha-0123456', false]],
    version: 'sha-0123456'
  },
  { name: 'nothing at all', event: 'empty', tags: [], version: '' },
  {
    name: 'flavor prefix and suffix apply to defaults',
    event: 'push-tag',
    input: { flavor: 'prefix=app-\nsuffix=-slim,onlatest=true' },
    tags: [
      ['app-1.2.3-slim', false],
      ['app-1.2-slim', true],
      ['app-1-slim', true],
      ['app-v1.2.3-slim', false],
      ['latest-slim', true]
    ],
    version: 'app-1.2.3-slim'
  },
  {
    name: 'latest=false applies to defaults',
    event: 'push-tag',
    input: { flavor: 'latest=false' },
    tags: [
      ['1.2.3', false],
      ['1.2', true],
      ['1', true],
      ['v1.2.3', false]
    ],
    version: '1.2.3'
  },
  {
    name: 'latest=true on a branch with defaults',
    event: 'push-branch',
    input: { flavor: 'latest=true' },
    tags: [
      ['main', true],
      ['sha-90dd603', false],
      ['latest', true]
    ],
    version: 'main'
  },
  {
    name: 'sha length applies to defaults',
    event: 'push-branch',
    input: { shaLength: 10 },
    tags: [
      ['main', true],
      ['sha-90dd6032fa', false]
    ],
    version: 'main'
  },
  {
    name: 'pr head sha does not add a sha tag to PR defaults',
    event: 'pull_request',
    input: { prHeadSha: true },
    tags: [['pr-42', true]],
    version: 'pr-42'
  }
]

describe('default tag rules (empty tags input)', () => {
  it.each(cases.map(c => [c.name, c] as const))('%s', (_name, c) => {
    const meta = resolve(eventContext(c.event, c.ctx), c.input)
    expect(meta.tags.map(t => [t.tag, t.floating])).toEqual(c.tags)
    expect(meta.version).toBe(c.version)
    expect(meta.images).toEqual(['app'])
    expect(meta.imagesFromInput).toBe(false)
    expect(meta.fullTags).toEqual(c.tags.map(([t]) => `app:${t}`))
  })

  it('a whitespace-only tags input counts as empty', () => {
    expect(resolve(eventContext('schedule'), { tags: '  \n ' }).version).toBe('nightly')
  })
})
