import { describe, expect, it } from '@jest/globals'
import { repoInfoFromPayload, commitDateFromPayload } from '../../../src/meta/index.js'
import { eventContext, NOW, PR_HEAD_SHA, resolve } from './helpers.js'

const oci = (created: string, version: string, revision: string): string[] => [
  'org.opencontainers.image.created=' + created,
  'org.opencontainers.image.description=The acme application',
  'org.opencontainers.image.licenses=MIT',
  'org.opencontainers.image.revision=' + revision,
  'org.opencontainers.image.source=https://github.com/acme/App',
  'org.opencontainers.image.title=App',
  'org.opencontainers.image.url=https://github.com/acme/App',
  'org.opencontainers.image.version=' + version
]

describe('labels and annotations', () => {
  const tagSha = '860c1904a1ce19322e91ac35af1ab07466440c37'

  it('generates the OCI set sorted by key, created from the commit date', () => {
    const meta = resolve(
      eventContext('push-tag'),
      {},
      { commitDate: new Date('2020-01-10T13:30:00Z') }
    )
    expect(meta.labels).toEqual(oci('2020-01-10T13:30:00.000Z', '1.2.3', tagSha))
  })

  it('uses SOURCE_DATE_EPOCH for created before the commit date', () => {
    const meta = resolve(
      eventContext('push-tag'),
      {},
      { sourceDateEpoch: 1577836800, commitDate: new Date('2020-01-10T13:30:00Z') }
    )
    expect(meta.json.labels['org.opencontainers.image.created']).toBe('2020-01-01T00:00:00.000Z')
  })

  it('falls back to now for created', () => {
    const meta = resolve(eventContext('push-tag'))
    expect(meta.json.labels['org.opencontainers.image.created']).toBe(NOW.toISOString())
  })

  it('lets user labels override and extend, still sorted', () => {
    const meta = resolve(eventContext('push-tag'), {
      labels:
        'maintainer=CrazyMax\norg.opencontainers.image.title=MyCustomTitle\norg.opencontainers.image.description=Another description\norg.opencontainers.image.vendor=MyCompany'
    })
    expect(meta.labels).toEqual([
      'maintainer=CrazyMax',
      'org.opencontainers.image.created=' + NOW.toISOString(),
      'org.opencontainers.image.description=Another description',
      'org.opencontainers.image.licenses=MIT',
      'org.opencontainers.image.revision=' + tagSha,
      'org.opencontainers.image.source=https://github.com/acme/App',
      'org.opencontainers.image.title=MyCustomTitle',
      'org.opencontainers.image.url=https://github.com/acme/App',
      'org.opencontainers.image.vendor=MyCompany',
      'org.opencontainers.image.version=1.2.3'
    ])
  })

  it('renders expressions in labels, keeping "=" in values', () => {
    const meta = resolve(
      eventContext('push-branch'),
      {
        labels:
          "org.opencontainers.image.created={{commit_date 'YYYY-MM-DDTHH:mm:ss.SSS[Z]'}}\nbuilt.from={{branch}}@{{sha}}\nquery=a=b"
      },
      { commitDate: new Date('2020-01-10T09:15:42Z') }
    )
    expect(meta.json.labels['org.opencontainers.image.created']).toBe('2020-01-10T09:15:42.000Z')
    expect(meta.json.labels['built.from']).toBe('main@90dd603')
    expect(meta.json.labels['query']).toBe('a=b')
  })

  it('prefixes annotations with the manifest level by default', () => {
    const meta = resolve(eventContext('push-tag'), { annotations: 'org.example.team=core' })
    expect(meta.annotations[0]).toBe('manifest:org.example.team=core')
    expect(meta.annotations).toContain('manifest:org.opencontainers.image.version=1.2.3')
    expect(meta.json.annotations).toEqual(meta.annotations)
  })

  it('repeats annotations for each level asked for', () => {
    const meta = resolve(eventContext('push-tag'), {}, { annotationLevels: ['manifest', 'index'] })
    expect(meta.annotations).toHaveLength(16)
    expect(meta.annotations[8]).toMatch(/^index:org\.opencontainers\.image\.created=/)
  })

  it('uses the PR head sha as revision when asked', () => {
    const meta = resolve(eventContext('pull_request'), { prHeadSha: true })
    expect(meta.json.labels['org.opencontainers.image.revision']).toBe(PR_HEAD_SHA)
  })

  it('empty version label when nothing was tagged', () => {
    const meta = resolve(eventContext('empty'))
    expect(meta.json.labels['org.opencontainers.image.version']).toBe('')
    expect(meta.json.labels['org.opencontainers.image.revision']).toBe('')
  })
})

describe('payload fallbacks', () => {
  it('reads repository data from the payload', () => {
    expect(repoInfoFromPayload(eventContext('push-tag'))).toEqual({
      name: 'App',
      fullName: 'acme/App',
      description: 'The acme application',
      htmlUrl: 'https://github.com/acme/App',
      license: 'MIT',
      defaultBranch: 'main'
    })
  })

  it('derives what it can without a repository in the payload', () => {
    expect(repoInfoFromPayload(eventContext('empty', { repository: 'acme/tool' }))).toEqual({
      name: 'tool',
      fullName: 'acme/tool',
      description: '',
      htmlUrl: 'https://github.com/acme/tool',
      license: '',
      defaultBranch: ''
    })
  })

  it.each([
    ['push-tag', '2020-01-10T13:30:00.000Z'],
    ['push-branch', '2020-01-10T09:15:42.000Z'],
    ['pull_request', undefined],
    ['schedule', undefined],
    ['empty', undefined]
  ] as const)('commit date of %s', (kind, iso) => {
    expect(commitDateFromPayload(eventContext(kind))?.toISOString()).toBe(iso)
  })

  it('ignores a head commit that is not the built sha', () => {
    expect(commitDateFromPayload(eventContext('push-tag', { sha: 'f'.repeat(40) }))).toBeUndefined()
  })

  it('skips a line without = with a warning, as metadata-action drops it', () => {
    const meta = resolve(eventContext('push-tag'), {
      labels: 'invalid\nfoo=\nmaintainer=Jane',
      annotations: 'org.example.x'
    })
    expect(meta.json.labels['foo']).toBe('')
    expect(meta.json.labels['maintainer']).toBe('Jane')
    expect(Object.keys(meta.json.labels)).not.toContain('invalid')
    expect(meta.annotations.some(a => a.includes('org.example.x'))).toBe(false)
    expect(meta.warnings).toEqual([
      'labels: "invalid" is not KEY=VALUE (e.g. maintainer=Jane), skipped',
      'annotations: "org.example.x" is not KEY=VALUE (e.g. maintainer=Jane), skipped'
    ])
  })
})
