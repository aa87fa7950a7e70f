// Parity slips found by replaying real-world metadata-action configurations: each case below
// is the configuration as it was seen in a public workflow.
import { describe, expect, it } from '@jest/globals'
import { DEFAULT_RULES_NOTICE } from '../../../src/meta/index.js'
import { eventContext, resolve, type EventKind } from './helpers.js'

describe('json output', () => {
  it('has tag-names, in metadata-action key order, for fromJSON(...)["tag-names"]', () => {
    // A release workflow that reads the bare tag names from the json output.
    const meta = resolve(eventContext('push-tag'), {
      images: 'user/app\nghcr.io/user/app',
      tags: 'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}',
      labels: 'maintainer=acme'
    })
    expect(Object.keys(meta.json)).toEqual(['tags', 'tag-names', 'labels', 'annotations'])
    expect(meta.json['tag-names']).toEqual(['1.2.3', '1.2', 'latest'])
    expect(meta.json.tags).toEqual([
      'user/app:1.2.3',
      'user/app:1.2',
      'user/app:latest',
      'ghcr.io/user/app:1.2.3',
      'ghcr.io/user/app:1.2',
      'ghcr.io/user/app:latest'
    ])
    const parsed = JSON.parse(JSON.stringify(meta.json)) as Record<string, unknown>
    expect(parsed['tag-names']).toEqual(['1.2.3', '1.2', 'latest'])
  })

  it('has an empty tag-names list when no tag resolves', () => {
    const meta = resolve(eventContext('pull_request'), {
      images: 'user/app',
      tags: 'type=ref,event=tag'
    })
    expect(meta.json['tag-names']).toEqual([])
    expect(meta.json.tags).toEqual([])
  })
})

describe('an attribute the tag type does not use is ignored with a warning', () => {
  // edge tags the default branch only; workflow_dispatch here runs on a feature branch.
  const events: [EventKind, string[]][] = [
    ['push-branch', ['edge']],
    ['push-tag', []],
    ['pull_request', []],
    ['schedule', ['edge']],
    ['workflow_dispatch', []]
  ]

  it.each(events)('type=edge,value=edge on %s', (kind, tags) => {
    // Seen in a real workflow: `value=` does nothing for type=edge, in metadata-action too.
    const meta = resolve(eventContext(kind), { images: 'user/app', tags: 'type=edge,value=edge' })
    expect(meta.tags.map(t => t.tag)).toEqual(tags)
    expect(meta.warnings).toContain(
      'tags: "type=edge,value=edge": type=edge takes no value=; ignored, as metadata-action does'
    )
  })

  it.each([
    [
      'a bare value on type=sha',
      'type=sha,long',
      ['sha-90dd603'],
      'tags: "type=sha,long": type=sha takes no bare value; ignored, as metadata-action does'
    ],
    [
      'a pattern and a branch on type=ref',
      'type=ref,event=branch,pattern={{version}},branch=main',
      ['main'],
      'tags: "type=ref,event=branch,pattern={{version}},branch=main": type=ref takes no pattern= or branch=; ignored, as metadata-action does'
    ]
  ])('%s', (_name, tags, resolved, warning) => {
    const meta = resolve(eventContext('push-branch'), { images: 'user/app', tags })
    expect(meta.tags.map(t => t.tag)).toEqual(resolved)
    expect(meta.warnings).toEqual([warning])
  })

  it('does not warn about attributes the type uses', () => {
    const meta = resolve(eventContext('push-branch'), {
      images: 'user/app',
      tags: 'type=edge,branch=main\ntype=raw,foo'
    })
    expect(meta.warnings).toEqual([])
  })
})

describe('default tag rules notice', () => {
  it.each<[string, { images: string; tags: string }, string[]]>([
    // A workflow moved over from metadata-action with its images and no tags input.
    ['images set, tags empty', { images: 'ghcr.io/acme/app', tags: '' }, [DEFAULT_RULES_NOTICE]],
    [
      'images set, tags blank lines',
      { images: 'ghcr.io/acme/app', tags: '\n  \n' },
      [DEFAULT_RULES_NOTICE]
    ],
    ['images set, tags given', { images: 'ghcr.io/acme/app', tags: 'type=sha' }, []],
    ['no images (a local build)', { images: '', tags: '' }, []]
  ])('%s', (_name, input, notices) => {
    expect(resolve(eventContext('push-branch'), input).notices).toEqual(notices)
  })

  it("says how our defaults differ from metadata-action's", () => {
    expect(DEFAULT_RULES_NOTICE).toMatch(
      /^No tags input, so build-tag-push's default tag rules apply\./
    )
    expect(DEFAULT_RULES_NOTICE).toContain('sha-<short sha>')
    expect(DEFAULT_RULES_NOTICE).toContain('{{major}}.{{minor}}')
  })
})
