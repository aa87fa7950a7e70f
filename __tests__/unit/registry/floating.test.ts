import { describe, expect, it } from '@jest/globals'
import type { MetaInputs } from '../../../src/meta/index.js'
import { decideFloating, holdMessage, versionForms } from '../../../src/registry/floating.js'
import { eventContext, resolve } from '../meta/helpers.js'

interface Case {
  name: string
  /** The git tag being released. */
  release: string
  input?: Partial<MetaInputs>
  /** Tags the registry already holds for the image. */
  registry: string[]
  /** Floating tags held, with the version that keeps each. */
  held: Record<string, string>
  /** Floating tags that move. */
  moves: string[]
}

const cases: Case[] = [
  {
    name: 'first release: nothing to compare with, everything moves',
    release: 'v1.0.0',
    registry: [],
    held: {},
    moves: ['1.0', '1', 'latest']
  },
  {
    name: 'backport after a new major keeps latest, moves its own lines',
    release: 'v1.2.4',
    registry: ['2.0.0', '2.0', '2', 'latest', 'v2.0.0', '1.2.3', '1.2', '1', 'v1.2.3'],
    held: { latest: '2.0.0' },
    moves: ['1.2', '1']
  },
  {
    name: 'older patch keeps its minor and major lines',
    release: 'v1.2.3',
    registry: ['2.0.0', '1.2.4', 'v1.2.4'],
    held: { '1.2': '1.2.4', '1': '1.2.4', latest: '2.0.0' },
    moves: []
  },
  {
    name: 'old minor line patch: 1 stays on the newer minor, 1.1 moves',
    release: 'v1.1.9',
    registry: ['1.2.4', '1.1.8'],
    held: { '1': '1.2.4', latest: '1.2.4' },
    moves: ['1.1']
  },
  {
    name: 'newest release moves everything',
    release: 'v2.0.1',
    registry: ['2.0.0', '1.2.4'],
    held: {},
    moves: ['2.0', '2', 'latest']
  },
  {
    name: 'a rerun of the newest release is not newer than itself',
    release: 'v2.0.0',
    registry: ['2.0.0', '1.2.4'],
    held: {},
    moves: ['2.0', '2', 'latest']
  },
  {
    name: 'prereleases in the registry never hold a tag',
    release: 'v1.3.0',
    registry: ['2.0.0-rc.1', '1.4.0-beta', '1.2.4'],
    held: {},
    moves: ['1.3', '1', 'latest']
  },
  {
    name: 'the default rules write no v, so v-tags are not read',
    release: 'v1.2.4',
    registry: ['v9.0.0', 'latest', 'nightly', '2.0', 'sha-0123456'],
    held: {},
    moves: ['1.2', '1', 'latest']
  },
  {
    name: 'a {{raw}} rule writes v, so only v-tags are read',
    release: 'v1.2.4',
    input: { tags: 'type=semver,pattern={{raw}}\ntype=semver,pattern={{major}}' },
    registry: ['9.0.0', 'v1.3.0'],
    held: { '1': '1.3.0', latest: '1.3.0' },
    moves: []
  },
  {
    name: 'custom {{major}}.{{minor}} and {{major}} patterns with a prefix',
    release: 'v1.2.4',
    input: {
      tags: 'type=semver,pattern={{version}},prefix=app-\ntype=semver,pattern={{major}}.{{minor}},prefix=app-\ntype=semver,pattern={{major}},prefix=app-'
    },
    registry: ['1.9.9', 'app-1.2.7', 'app-2.0.0'],
    held: { 'app-1.2': '1.2.7', 'app-1': '1.2.7', latest: '2.0.0' },
    moves: []
  },
  {
    name: 'flavor suffix: latest without the suffix reads the suffixed versions',
    release: 'v1.2.4',
    input: { flavor: 'suffix=-alpine' },
    registry: ['2.0.0', '1.3.0-alpine'],
    held: { '1-alpine': '1.3.0', latest: '1.3.0' },
    moves: ['1.2-alpine']
  },
  {
    name: 'raw and ref floating tags are pushed as given',
    release: 'v1.2.4',
    input: {
      tags: 'type=semver,pattern={{version}}\ntype=raw,value=stable\ntype=raw,value=latest',
      flavor: 'latest=false'
    },
    registry: ['2.0.0'],
    held: {},
    moves: []
  },
  {
    name: 'flavor latest=true follows the rule too',
    release: 'v1.2.4',
    input: { tags: 'type=semver,pattern={{version}}', flavor: 'latest=true' },
    registry: ['1.10.0'],
    held: { latest: '1.10.0' },
    moves: []
  },
  {
    name: 'pep440 versions compare as pep440',
    release: '1.2.4',
    input: {
      tags: 'type=pep440,pattern={{version}}\ntype=pep440,pattern={{major}}.{{minor}}\ntype=pep440,pattern={{major}}'
    },
    registry: ['1.2.10', '1.3.0rc1', '1.2.5.post1', '2!0.1'],
    held: { '1.2': '1.2.10', '1': '1.2.10', latest: '2!0.1' },
    moves: []
  },
  {
    name: 'only {{major}} without a version tag reads the plain form',
    release: 'v1.2.4',
    input: { tags: 'type=semver,pattern={{major}}', flavor: 'latest=false' },
    registry: ['1.5.0', '1'],
    held: { '1': '1.5.0' },
    moves: []
  }
]

describe('decideFloating', () => {
  it.each(cases.map(c => [c.name, c] as const))('%s', (_name, c) => {
    const meta = resolve(eventContext('push-tag', { ref: `refs/tags/${c.release}` }), c.input)
    const decisions = decideFloating(meta.tags, c.registry)
    const held = Object.fromEntries(decisions.filter(d => d.held).map(d => [d.tag, d.newest ?? '']))
    expect(held).toEqual(c.held)
    expect(decisions.filter(d => !d.held).map(d => d.tag)).toEqual(c.moves)
  })

  it('says which version keeps a held tag', () => {
    const meta = resolve(eventContext('push-tag', { ref: 'refs/tags/v1.2.4' }))
    const latest = decideFloating(meta.tags, ['2.0.0']).find(d => d.tag === 'latest')!
    expect(holdMessage(latest)).toBe('latest stays on 2.0.0 (newer than 1.2.4)')
  })

  it('a prerelease release has no ranged floating tags', () => {
    const meta = resolve(eventContext('push-tag', { ref: 'refs/tags/v3.0.0-rc.1' }))
    expect(decideFloating(meta.tags, ['2.0.0'])).toEqual([])
  })
})

describe('versionForms', () => {
  it('splits each immutable version tag around its version', () => {
    const meta = resolve(eventContext('push-tag', { ref: 'refs/tags/v1.2.4' }), {
      tags: 'type=semver,pattern={{version}}\ntype=semver,pattern=v{{version}},suffix=-slim'
    })
    expect(versionForms(meta.tags).map(f => [f.before, f.after])).toEqual([
      ['', ''],
      ['v', '-slim']
    ])
  })
})
