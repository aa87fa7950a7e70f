/**
 * docker/metadata-action's own expected results, transcribed as data from its
 * `__tests__/meta.test.ts` (v5: the `null`, `push`, `tag`, `latest`, `pr`, `pr-head-sha`,
 * `schedule`, `release`, `raw`, `json`, `bakeFile`, `bakeFileTagsLabels` and `sepTags` tables).
 * Each case keeps the upstream test name, its `.env` fixture (see
 * `__tests__/fixtures/upstream/contexts.json`), its inputs and what it expects: `Version.main`
 * (our `version` output), `Version.partial`/`Version.latest` where stated, the tags, the labels
 * and the annotations.
 *
 * Upstream freezes the clock (`Date.prototype.toISOString` and `moment()`) at
 * 2020-01-10T00:30:00.000Z, which also pins `{{commit_date}}` and the `created` label; replays
 * pass that instant as both `now` and the commit date.
 *
 * Translation: a case without `tags` ran with metadata-action's default rules, which our action
 * does not share (an empty `tags` input gets our own defaults), so `DEFAULT_TAGS` stands in.
 */

export const DEFAULT_TAGS = [
  'type=schedule',
  'type=ref,event=branch',
  'type=ref,event=tag',
  'type=ref,event=pr'
]

export interface UpstreamInput {
  images: string[]
  tags?: string[]
  flavor?: string[]
  labels?: string[]
  annotations?: string[]
}

export interface UpstreamExpect {
  /** `Version.main`, '' where upstream expects `undefined`. */
  version: string
  partial?: string[]
  latest?: boolean
  tags: string[]
  labels: string[]
  annotations: string[]
  /** Annotation level prefixes the expectation was produced with (none for getAnnotations). */
  annotationLevels: string[]
}

export interface UpstreamCase {
  /** `describe` block and test name upstream, e.g. `tag/tag17`. */
  id: string
  /** Upstream `.env` fixture, a key of contexts.json `events`. */
  env: string
  input: UpstreamInput
  /** DOCKER_METADATA_PR_HEAD_SHA=true (the `pr-head-sha` block). */
  prHeadSha?: boolean
  expect: UpstreamExpect
}

const S860 = '860c1904a1ce19322e91ac35af1ab07466440c37'
const S266 = '266574110acf203503badf966df2ea24b5d732d7'
const SA9C = 'a9c8c5828b91be19d9728548b24759e352367ef1'
const S983 = '983315b5e8d46e46fc4c49869e85e7ee5fb289ba'
const HEAD = '3370e228f2209994d57af4427fe64e71bb79ac96'

const CREATED = 'org.opencontainers.image.created=2020-01-10T00:30:00.000Z'
const URL = 'https://github.com/octocat/Hello-World'

/** The eight OCI labels every upstream expectation lists, in their (sorted) order. */
export function oci(version: string, revision: string, extra: Record<string, string> = {}) {
  const map = new Map<string, string>([
    ['org.opencontainers.image.created', CREATED.split('=')[1]],
    ['org.opencontainers.image.description', 'This your first repo!'],
    ['org.opencontainers.image.licenses', 'MIT'],
    ['org.opencontainers.image.revision', revision],
    ['org.opencontainers.image.source', URL],
    ['org.opencontainers.image.title', 'Hello-World'],
    ['org.opencontainers.image.url', URL],
    ['org.opencontainers.image.version', version]
  ])
  for (const [k, v] of Object.entries(extra)) map.set(k, v)
  return [...map.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([k, v]) => `${k}=${v}`)
}

type Ver = [main: string | undefined, partial: string[], latest: boolean]

/** One `tagsLabelsTest` row: labels and annotations are the plain OCI set unless given. */
function row(
  id: string,
  env: string,
  input: UpstreamInput,
  [main, partial, latest]: Ver,
  tags: string[],
  revision: string,
  more: { labels?: string[]; annotations?: string[]; prHeadSha?: boolean } = {}
): UpstreamCase {
  const labels = more.labels ?? oci(main ?? '', revision)
  return {
    id,
    env,
    input,
    ...(more.prHeadSha ? { prHeadSha: true } : {}),
    expect: {
      version: main ?? '',
      partial,
      latest,
      tags,
      labels,
      annotations: more.annotations ?? labels,
      annotationLevels: []
    }
  }
}

const img1 = ['user/app']
const img2 = ['org/app', 'ghcr.io/user/app']
const both = (...tags: string[]) => [
  ...tags.map(t => `org/app:${t}`),
  ...tags.map(t => `ghcr.io/user/app:${t}`)
]
const user = (...tags: string[]) => tags.map(t => `user/app:${t}`)
const org = (...tags: string[]) => tags.map(t => `org/app:${t}`)

const nullCases: UpstreamCase[] = [
  row('null/null01', 'event_null.env', { images: img1 }, [undefined, [], false], [], ''),
  row(
    'null/null02',
    'event_empty.env',
    { images: img1, tags: ['type=sha', 'type=raw,{{branch}}'] },
    [undefined, [], false],
    [],
    ''
  )
]

const pushCases: UpstreamCase[] = [
  row('push/push01', 'event_push_dev.env', { images: img1 }, ['dev', [], false], user('dev'), S860),
  row(
    'push/push02',
    'event_push_master.env',
    { images: img1, tags: ['type=edge'] },
    ['edge', [], false],
    user('edge'),
    S266
  ),
  row(
    'push/push03',
    'event_push_master.env',
    { images: img1 },
    ['master', [], false],
    user('master'),
    S266
  ),
  row(
    'push/push04',
    'event_workflow_dispatch.env',
    { images: img1, tags: ['type=edge'] },
    ['edge', [], false],
    user('edge'),
    S860
  ),
  row('push/push05', 'event_push_dev.env', { images: img2 }, ['dev', [], false], both('dev'), S860),
  row(
    'push/push06',
    'event_push_master.env',
    { images: img2, tags: ['type=edge'] },
    ['edge', [], false],
    both('edge'),
    S266
  ),
  row(
    'push/push07',
    'event_push_dev.env',
    { images: img2, tags: ['type=ref,event=branch', 'type=sha'] },
    ['dev', ['sha-860c190'], false],
    both('dev', 'sha-860c190'),
    S860
  ),
  row(
    'push/push08',
    'event_push_master.env',
    { images: img2, tags: ['type=edge', 'type=sha'] },
    ['edge', ['sha-2665741'], false],
    both('edge', 'sha-2665741'),
    S266
  ),
  row(
    'push/push09',
    'event_push_dev.env',
    { images: img2, tags: ['type=edge,branch=dev', 'type=sha'] },
    ['edge', ['sha-860c190'], false],
    both('edge', 'sha-860c190'),
    S860
  ),
  row(
    'push/push10',
    'event_push_master.env',
    { images: img2, tags: ['type=edge,branch=dev', 'type=sha'] },
    ['sha-2665741', [], false],
    both('sha-2665741'),
    S266
  ),
  row(
    'push/push11',
    'event_push_invalidchars.env',
    { images: img2, tags: ['type=edge', 'type=sha'] },
    ['sha-983315b', [], false],
    both('sha-983315b'),
    S983
  ),
  row(
    'push/push12',
    'event_push_invalidchars.env',
    {
      images: img2,
      tags: ['type=semver,pattern={{version}}', 'type=pep440,pattern={{version}}', 'type=edge']
    },
    [undefined, [], false],
    [],
    S983
  ),
  row(
    'push/push13',
    'event_push_master.env',
    { images: img1, tags: ['type=ref,priority=2000,event=branch', 'type=edge'] },
    ['master', ['edge'], false],
    user('master', 'edge'),
    S266
  ),
  row(
    'push/push14',
    'event_push_master.env',
    {
      images: img1,
      tags: [
        'type=semver,pattern={{version}},value=v1.2.3',
        'type=pep440,pattern={{version}},value=v1.2.3',
        'type=edge'
      ]
    },
    ['1.2.3', ['edge'], true],
    user('1.2.3', 'edge', 'latest'),
    S266
  ),
  row(
    'push/push15',
    'event_push_master.env',
    { images: img1, tags: ['type=match,pattern=v(.*),group=1,value=v1.2.3', 'type=edge'] },
    ['1.2.3', ['edge'], true],
    user('1.2.3', 'edge', 'latest'),
    S266
  ),
  row(
    'push/push16',
    'event_push_master.env',
    {
      images: img1,
      tags: ['type=match,enable=false,pattern=v(.*),group=1,value=v1.2.3', 'type=edge']
    },
    ['edge', [], false],
    user('edge'),
    S266
  ),
  row(
    'push/push17',
    'event_push_master.env',
    {
      images: img1,
      tags: [
        'type=raw,value=mytag-{{branch}}',
        "type=raw,value=mytag-{{date 'YYYYMMDD'}}",
        "type=raw,value=mytag-cd-{{commit_date 'YYYYMMDD'}}",
        "type=raw,value=mytag-{{date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}",
        'type=raw,value=mytag-tag-{{tag}}',
        'type=raw,value=mytag-baseref-{{base_ref}}',
        'type=raw,value=mytag-defbranch,enable={{is_default_branch}}'
      ]
    },
    [
      'mytag-master',
      [
        'mytag-20200110',
        'mytag-cd-20200110',
        'mytag-20200110-093000',
        'mytag-tag-',
        'mytag-baseref-',
        'mytag-defbranch'
      ],
      false
    ],
    user(
      'mytag-master',
      'mytag-20200110',
      'mytag-cd-20200110',
      'mytag-20200110-093000',
      'mytag-tag-',
      'mytag-baseref-',
      'mytag-defbranch'
    ),
    S266
  ),
  row(
    'push/push18',
    'event_push_dev.env',
    { images: img2, tags: ['type=ref,event=branch', 'type=sha,format=long'] },
    ['dev', [`sha-${S860}`], false],
    both('dev', `sha-${S860}`),
    S860
  ),
  row(
    'push/push19',
    'event_push_dev.env',
    {
      images: img2,
      tags: [
        'type=edge,branch=master',
        'type=ref,event=branch,enable=false',
        'type=sha,format=long',
        'type=raw,value=defbranch,enable={{is_default_branch}}'
      ]
    },
    [`sha-${S860}`, [], false],
    both(`sha-${S860}`),
    S860
  ),
  row(
    'push/push20',
    'event_push_dev.env',
    {
      images: ['org/app', 'ghcr.io/user/app,enable=false'],
      tags: [
        'type=edge,branch=master',
        'type=ref,event=branch,enable=false',
        'type=sha,format=long'
      ]
    },
    [`sha-${S860}`, [], false],
    org(`sha-${S860}`),
    S860
  ),
  row(
    'push/push21',
    'event_push_master.env',
    {
      images: [],
      tags: [
        'type=raw,value=mytag-{{branch}}',
        "type=raw,value=mytag-{{date 'YYYYMMDD'}}",
        "type=raw,value=mytag-{{date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}",
        "type=raw,value=mytag-src-{{commit_date 'YYYYMMDD'}}",
        'type=raw,value=mytag-tag-{{tag}}',
        'type=raw,value=mytag-baseref-{{base_ref}}',
        'type=raw,value=mytag-defbranch,enable={{is_default_branch}}'
      ],
      labels: ["org.opencontainers.image.created={{commit_date 'YYYY-MM-DDTHH:mm:ss.SSS[Z]'}}"]
    },
    [
      'mytag-master',
      [
        'mytag-20200110',
        'mytag-20200110-093000',
        'mytag-src-20200110',
        'mytag-tag-',
        'mytag-baseref-',
        'mytag-defbranch'
      ],
      false
    ],
    [
      'mytag-master',
      'mytag-20200110',
      'mytag-20200110-093000',
      'mytag-src-20200110',
      'mytag-tag-',
      'mytag-baseref-',
      'mytag-defbranch'
    ],
    S266,
    { annotations: oci('mytag-master', S266) }
  )
]

const tagCases: UpstreamCase[] = [
  row(
    'tag/tag01',
    'event_tag_release1.env',
    { images: img1 },
    ['release1', [], true],
    user('release1', 'latest'),
    S860
  ),
  row(
    'tag/tag02',
    'event_tag_20200110-RC2.env',
    { images: img1 },
    ['20200110-RC2', [], true],
    user('20200110-RC2', 'latest'),
    S860
  ),
  row(
    'tag/tag03',
    'event_tag_20200110-RC2.env',
    { images: img1, tags: ['type=match,pattern=\\d{8}'], flavor: ['latest=false'] },
    ['20200110', [], false],
    user('20200110'),
    S860
  ),
  row(
    'tag/tag04',
    'event_tag_20200110-RC2.env',
    { images: img1, tags: ['type=match,pattern=(.*)-RC,group=1'], flavor: ['latest=false'] },
    ['20200110', [], false],
    user('20200110'),
    S860
  ),
  row(
    'tag/tag05',
    'event_tag_v1.1.1.env',
    { images: img2, tags: ['type=match,"pattern=\\d.\\d.\\d"'] },
    ['1.1.1', [], true],
    both('1.1.1', 'latest'),
    S860
  ),
  row(
    'tag/tag06',
    'event_tag_v1.1.1.env',
    { images: img2, tags: ['type=match,"pattern=^v(\\d.\\d.\\d)$",group=1'] },
    ['1.1.1', [], true],
    both('1.1.1', 'latest'),
    S860
  ),
  row(
    'tag/tag07',
    'event_tag_v2.0.8-beta.67.env',
    { images: img2, tags: ['type=match,"pattern=\\d.\\d.\\d-(alpha|beta).\\d+"'] },
    ['2.0.8-beta.67', [], true],
    both('2.0.8-beta.67', 'latest'),
    S860
  ),
  row(
    'tag/tag08',
    'event_tag_v2.0.8-beta.67.env',
    { images: img2, tags: ['type=match,"pattern=\\d.\\d"'] },
    ['2.0', [], true],
    both('2.0', 'latest'),
    S860
  ),
  row(
    'tag/tag09',
    'event_tag_v2.0.8-beta.67.env',
    {
      images: img2,
      tags: [
        'type=match,"pattern=v(.*)-beta.(.*)",group=1',
        'type=match,"pattern=v(.*)-beta.(.*)",group=2'
      ]
    },
    ['2.0.8', ['67'], true],
    both('2.0.8', '67', 'latest'),
    S860
  ),
  row(
    'tag/tag10',
    'event_tag_sometag.env',
    { images: img2, tags: ['type=match,"pattern=\\d.\\d"'] },
    [undefined, [], false],
    [],
    S860
  ),
  row(
    'tag/tag11',
    'event_tag_v1.1.1.env',
    {
      images: img2,
      tags: [
        'type=semver,pattern={{version}}',
        'type=semver,pattern={{major}}.{{minor}}',
        'type=semver,pattern={{major}}'
      ]
    },
    ['1.1.1', ['1.1', '1'], true],
    both('1.1.1', '1.1', '1', 'latest'),
    S860
  ),
  row(
    'tag/tag12',
    'event_tag_v1.1.1.env',
    {
      images: img2,
      tags: ['type=semver,pattern={{version}}', 'type=semver,pattern={{major}}.{{minor}}.{{patch}}']
    },
    ['1.1.1', [], true],
    both('1.1.1', 'latest'),
    S860
  ),
  row(
    'tag/tag13',
    'event_tag_v2.0.8-beta.67.env',
    {
      images: img2,
      tags: ['type=semver,pattern={{major}}.{{minor}}', 'type=semver,pattern={{major}}']
    },
    ['2.0.8-beta.67', [], false],
    both('2.0.8-beta.67'),
    S860
  ),
  row(
    'tag/tag14',
    'event_tag_sometag.env',
    {
      images: ['ghcr.io/user/app'],
      tags: [
        'type=ref,event=tag',
        'type=semver,pattern={{version}}',
        'type=semver,pattern={{major}}.{{minor}}',
        'type=semver,pattern={{major}}'
      ],
      flavor: ['latest=false']
    },
    ['sometag', [], false],
    ['ghcr.io/user/app:sometag'],
    S860
  ),
  row(
    'tag/tag15',
    'event_tag_v2.0.8-beta.67.env',
    {
      images: img2,
      tags: [
        'type=raw,priority=2000,foo',
        'type=semver,pattern={{version}}',
        'type=match,"pattern=\\d.\\d"'
      ]
    },
    ['foo', ['2.0.8-beta.67', '2.0'], false],
    both('foo', '2.0.8-beta.67', '2.0'),
    S860
  ),
  row(
    'tag/tag16',
    'event_tag_v1.1.1.env',
    { images: img2, tags: ['type=raw,priority=2000,foo', 'type=ref,event=tag', 'type=edge'] },
    ['foo', ['v1.1.1'], false],
    both('foo', 'v1.1.1'),
    S860
  ),
  row(
    'tag/tag17',
    'event_tag_p1-v1.0.0.env',
    {
      images: img2,
      tags: [
        'type=match,"pattern=/^v(\\d.\\d.\\d)$/ig",group=1',
        'type=match,pattern=\\d.\\d.\\d',
        'type=match,pattern=\\d.\\d',
        'type=ref,event=pr',
        'type=sha'
      ]
    },
    ['1.0.0', ['1.0', 'sha-860c190'], true],
    both('1.0.0', '1.0', 'sha-860c190', 'latest'),
    S860
  ),
  row(
    'tag/tag18',
    'event_tag_p1-v1.0.0.env',
    {
      images: img2,
      tags: [
        'type=match,pattern=p1/v(\\d.\\d.\\d),group=1',
        'type=match,pattern=p1/v(\\d.\\d),group=1',
        'type=match,pattern=p1/v(\\d.\\d),group=3',
        'type=ref,event=pr',
        'type=sha'
      ]
    },
    ['1.0.0', ['1.0', 'sha-860c190'], true],
    both('1.0.0', '1.0', 'sha-860c190', 'latest'),
    S860
  ),
  row(
    'tag/tag19',
    'event_tag_p1-v1.0.0.env',
    {
      images: img2,
      tags: [
        'type=match,pattern=p1/v(\\d.\\d.\\d),group=1',
        'type=match,pattern=p1/v(\\d.\\d),group=1,suffix=',
        'type=ref,event=pr',
        'type=sha'
      ],
      flavor: ['suffix=-dev']
    },
    ['1.0.0-dev', ['1.0', 'sha-860c190-dev'], true],
    both('1.0.0-dev', '1.0', 'sha-860c190-dev', 'latest'),
    S860
  ),
  row(
    'tag/tag20',
    'event_tag_v1.1.1.env',
    {
      images: img2,
      tags: [
        'type=raw,{{tag}}-{{sha}}-foo',
        'type=raw,{{base_ref}}-foo',
        'type=raw,defbranch-foo,enable={{is_default_branch}}'
      ]
    },
    ['v1.1.1-860c190-foo', ['master-foo'], false],
    both('v1.1.1-860c190-foo', 'master-foo'),
    S860
  ),
  row(
    'tag/tag21',
    'event_tag_v1.1.1.env',
    {
      images: img2,
      tags: [
        'type=semver,pattern={{version}}',
        'type=semver,pattern={{major}}.{{minor}}.{{patch}}'
      ],
      flavor: ['suffix=-dev,onlatest=true']
    },
    ['1.1.1-dev', [], true],
    both('1.1.1-dev', 'latest-dev'),
    S860
  ),
  row(
    'tag/tag22',
    'event_tag_v1.1.1.env',
    {
      images: img2,
      tags: [
        'type=semver,pattern={{version}}',
        'type=semver,pattern={{major}}.{{minor}}.{{patch}}'
      ],
      flavor: ['prefix=foo-,onlatest=true', 'suffix=-dev,onlatest=true']
    },
    ['foo-1.1.1-dev', [], true],
    both('foo-1.1.1-dev', 'foo-latest-dev'),
    S860
  ),
  row(
    'tag/tag23',
    'event_tag_v1.1.1.env',
    {
      images: ['org/app'],
      tags: ['type=pep440,pattern={{raw}}', 'type=pep440,pattern={{major}}.{{minor}}']
    },
    ['v1.1.1', ['1.1'], true],
    org('v1.1.1', '1.1', 'latest'),
    S860
  ),
  row(
    'tag/tag24',
    'event_tag_1.2.env',
    {
      images: ['org/app'],
      tags: ['type=pep440,pattern={{version}}', 'type=pep440,pattern={{major}}.{{minor}}']
    },
    ['1.2', [], true],
    org('1.2', 'latest'),
    S860
  ),
  row(
    'tag/tag25',
    'event_tag_1.1beta2.env',
    {
      images: img2,
      tags: ['type=pep440,pattern={{major}}.{{minor}}', 'type=pep440,pattern={{major}}']
    },
    ['1.1b2', [], false],
    both('1.1b2'),
    S860
  ),
  row(
    'tag/tag26',
    'event_tag_1.0dev4.env',
    {
      images: img2,
      tags: ['type=pep440,pattern={{major}}.{{minor}}', 'type=pep440,pattern={{major}}']
    },
    ['1.0.dev4', [], false],
    both('1.0.dev4'),
    S860
  ),
  row(
    'tag/tag27',
    'event_tag_1.2.3rc2.env',
    {
      images: img2,
      tags: [
        'type=pep440,pattern={{raw}}',
        'type=pep440,pattern={{version}}',
        'type=pep440,pattern={{major}}.{{minor}}',
        'type=pep440,pattern={{major}}'
      ]
    },
    ['1.2.3rc2', [], false],
    both('1.2.3rc2'),
    S860
  ),
  row(
    'tag/tag28',
    'event_tag_v1.1.1.env',
    {
      images: ['org/app'],
      tags: [
        'type=pep440,pattern={{version}}',
        'type=pep440,pattern={{major}}.{{minor}}.{{patch}}',
        'type=pep440,pattern={{major}}.{{minor}}',
        'type=pep440,pattern={{major}}'
      ]
    },
    ['1.1.1', ['1.1', '1'], true],
    org('1.1.1', '1.1', '1', 'latest'),
    S860
  ),
  row(
    'tag/tag29',
    'event_tag_1.2post1.env',
    {
      images: ['org/app'],
      tags: [
        'type=pep440,pattern={{version}}',
        'type=pep440,pattern={{major}}.{{minor}}',
        'type=pep440,pattern={{major}}'
      ]
    },
    ['1.2.post1', [], false],
    org('1.2.post1'),
    S860
  ),
  row(
    'tag/tag30',
    'event_tag_sometag.env',
    {
      images: ['ghcr.io/user/app'],
      tags: [
        'type=ref,event=tag',
        'type=pep440,pattern={{version}}',
        'type=pep440,pattern={{major}}.{{minor}}',
        'type=pep440,pattern={{major}}'
      ],
      flavor: ['latest=false']
    },
    ['sometag', [], false],
    ['ghcr.io/user/app:sometag'],
    S860
  ),
  row(
    'tag/tag31',
    'event_tag_v2.0.8-beta.67.env',
    { images: img2, tags: ['type=semver,pattern={{raw}}'] },
    ['v2.0.8-beta.67', [], false],
    both('v2.0.8-beta.67'),
    S860
  ),
  row(
    'tag/tag32',
    'event_tag_v1.2.3rc2.env',
    {
      images: img2,
      tags: ['type=pep440,pattern={{raw}}', 'type=pep440,pattern={{major}}.{{minor}}']
    },
    ['v1.2.3rc2', ['1.2.3rc2'], false],
    both('v1.2.3rc2', '1.2.3rc2'),
    S860
  ),
  row(
    'tag/tag33',
    'event_tag_v1.1.1.env',
    {
      images: [],
      tags: [
        'type=pep440,pattern={{version}}',
        'type=pep440,pattern={{major}}.{{minor}}.{{patch}}',
        'type=pep440,pattern={{major}}.{{minor}}',
        'type=pep440,pattern={{major}}'
      ]
    },
    ['1.1.1', ['1.1', '1'], true],
    ['1.1.1', '1.1', '1', 'latest'],
    S860
  )
]

const latestCases: UpstreamCase[] = [
  row(
    'latest/latest01',
    'event_tag_release1.env',
    { images: img1, tags: ['type=match,"pattern=^release\\d{1,2}"'] },
    ['release1', [], true],
    user('release1', 'latest'),
    S860
  ),
  row(
    'latest/latest02',
    'event_tag_20200110-RC2.env',
    { images: img1, tags: ['type=match,"pattern=^\\d+-RC\\d{1,2}"'] },
    ['20200110-RC2', [], true],
    user('20200110-RC2', 'latest'),
    S860
  ),
  row(
    'latest/latest03',
    'event_tag_20200110-RC2.env',
    { images: img1, tags: ['type=match,pattern=\\d{8}'] },
    ['20200110', [], true],
    user('20200110', 'latest'),
    S860
  ),
  row(
    'latest/latest04',
    'event_tag_v1.1.1.env',
    { images: img1, tags: ['type=match,"pattern=\\d.\\d.\\d"'] },
    ['1.1.1', [], true],
    user('1.1.1', 'latest'),
    S860
  ),
  row(
    'latest/latest05',
    'event_tag_v1.1.1.env',
    { images: img2 },
    ['v1.1.1', [], true],
    both('v1.1.1', 'latest'),
    S860
  ),
  row(
    'latest/latest06',
    'event_tag_v2.0.8-beta.67.env',
    { images: img2, tags: ['type=match,"pattern=\\d.\\d.\\d"'] },
    ['2.0.8', [], true],
    both('2.0.8', 'latest'),
    S860
  ),
  row(
    'latest/latest07',
    'event_tag_v1.1.1.env',
    { images: img2, tags: ['type=ref,event=tag'], flavor: ['latest=false'] },
    ['v1.1.1', [], false],
    both('v1.1.1'),
    S860
  ),
  row(
    'latest/latest08',
    'event_tag_v1.1.1.env',
    {
      images: ['org/app', 'ghcr.io/MyUSER/MyApp'],
      tags: ['type=ref,event=tag'],
      flavor: ['latest=false']
    },
    ['v1.1.1', [], false],
    ['org/app:v1.1.1', 'ghcr.io/myuser/myapp:v1.1.1'],
    S860
  ),
  row(
    'latest/latest09',
    'event_tag_v1.1.1.env',
    {
      images: ['org/app', 'ghcr.io/MyUSER/MyApp'],
      tags: ['type=ref,event=tag'],
      flavor: ['latest=false'],
      labels: [
        'maintainer=CrazyMax',
        'org.opencontainers.image.description=this is a "good" example',
        'org.opencontainers.image.title=MyCustomTitle',
        'org.opencontainers.image.vendor=MyCompany'
      ],
      annotations: [
        'maintainer=Foo',
        'org.opencontainers.image.description=this is a "bad" example',
        'org.opencontainers.image.title=MyNotTitle',
        'org.opencontainers.image.vendor=MyNotCompany'
      ]
    },
    ['v1.1.1', [], false],
    ['org/app:v1.1.1', 'ghcr.io/myuser/myapp:v1.1.1'],
    S860,
    {
      labels: [
        'maintainer=CrazyMax',
        CREATED,
        'org.opencontainers.image.description=this is a "good" example',
        'org.opencontainers.image.licenses=MIT',
        `org.opencontainers.image.revision=${S860}`,
        `org.opencontainers.image.source=${URL}`,
        'org.opencontainers.image.title=MyCustomTitle',
        `org.opencontainers.image.url=${URL}`,
        'org.opencontainers.image.vendor=MyCompany',
        'org.opencontainers.image.version=v1.1.1'
      ],
      annotations: [
        'maintainer=Foo',
        CREATED,
        'org.opencontainers.image.description=this is a "bad" example',
        'org.opencontainers.image.licenses=MIT',
        `org.opencontainers.image.revision=${S860}`,
        `org.opencontainers.image.source=${URL}`,
        'org.opencontainers.image.title=MyNotTitle',
        `org.opencontainers.image.url=${URL}`,
        'org.opencontainers.image.vendor=MyNotCompany',
        'org.opencontainers.image.version=v1.1.1'
      ]
    }
  ),
  row(
    'latest/latest10',
    'event_tag_v2.0.8-beta.67.env',
    { images: [], tags: ['type=match,"pattern=\\d.\\d.\\d"'] },
    ['2.0.8', [], true],
    ['2.0.8', 'latest'],
    S860
  )
]

/** The `pr` block, and the `pr-head-sha` block: same inputs, DOCKER_METADATA_PR_HEAD_SHA=true. */
function prCases(headSha: boolean): UpstreamCase[] {
  const block = headSha ? 'pr-head-sha' : 'pr'
  const prSha = headSha ? HEAD : SA9C
  const targetSha = headSha ? HEAD : S266
  const short = (s: string) => `sha-${s.slice(0, 7)}`
  const more = { prHeadSha: headSha }
  return [
    row(
      `${block}/pr01`,
      'event_pull_request.env',
      { images: img1 },
      ['pr-15', [], false],
      user('pr-15'),
      prSha,
      more
    ),
    row(
      `${block}/pr02`,
      'event_pull_request.env',
      { images: img2 },
      ['pr-15', [], false],
      both('pr-15'),
      prSha,
      more
    ),
    row(
      `${block}/pr03`,
      'event_pull_request.env',
      { images: img2, tags: ['type=ref,event=pr', 'type=sha'] },
      ['pr-15', [short(prSha)], false],
      both('pr-15', short(prSha)),
      prSha,
      more
    ),
    row(
      `${block}/pr04`,
      'event_pull_request.env',
      { images: img2, tags: ['type=sha,priority=2000', 'type=ref,event=pr'] },
      [short(prSha), ['pr-15'], false],
      both(short(prSha), 'pr-15'),
      prSha,
      more
    ),
    row(
      `${block}/pr05`,
      'event_pull_request.env',
      { images: img2, tags: ['type=ref,event=pr'], flavor: ['prefix=glo-', 'suffix=-bal'] },
      ['pr-15-bal', [], false],
      both('pr-15-bal'),
      prSha,
      more
    ),
    row(
      `${block}/pr06`,
      'event_pull_request.env',
      { images: img2, tags: ['type=ref,event=pr,prefix='], flavor: ['prefix=glo-', 'suffix=-bal'] },
      ['15-bal', [], false],
      both('15-bal'),
      prSha,
      more
    ),
    row(
      `${block}/pr07`,
      'event_pull_request_target.env',
      { images: img2, tags: ['type=sha,priority=2000', 'type=ref,event=pr'] },
      [short(targetSha), ['pr-15'], false],
      both(short(targetSha), 'pr-15'),
      targetSha,
      more
    ),
    row(
      `${block}/pr08`,
      'event_pull_request_target.env',
      { images: img2, tags: ['type=ref,event=pr,prefix='], flavor: ['prefix=glo-', 'suffix=-bal'] },
      ['15-bal', [], false],
      both('15-bal'),
      targetSha,
      more
    ),
    row(
      `${block}/pr09`,
      'event_pull_request_target.env',
      {
        images: ['org/app'],
        tags: [
          'type=ref,event=tag',
          'type=ref,event=pr',
          'type=ref,event=branch',
          'type=sha',
          'type=sha,format=long'
        ]
      },
      ['pr-15', [short(targetSha), `sha-${targetSha}`], false],
      org('pr-15', short(targetSha), `sha-${targetSha}`),
      targetSha,
      more
    ),
    row(
      `${block}/pr10`,
      'event_pull_request_target.env',
      {
        images: ['org/app'],
        tags: [
          'type=raw,value=mytag-{{base_ref}}',
          'type=raw,mytag-defbranch,enable={{is_default_branch}}'
        ]
      },
      ['mytag-master', [], false],
      org('mytag-master'),
      targetSha,
      more
    ),
    row(
      `${block}/pr11`,
      'event_pull_request.env',
      {
        images: ['org/app'],
        tags: [
          'type=raw,value=mytag-{{base_ref}}',
          'type=raw,mytag-defbranch,enable={{is_default_branch}}'
        ]
      },
      ['mytag-master', [], false],
      org('mytag-master'),
      prSha,
      more
    ),
    headSha
      ? row(
          `${block}/pr12`,
          'event_pull_request.env',
          { images: ['org/app'], tags: ['type=raw,value=src-{{commit_date YYYY-MM-DD}}'] },
          ['src-2020-01-10T00-30-00Z', [], false],
          org('src-2020-01-10T00-30-00Z'),
          prSha,
          more
        )
      : row(
          `${block}/pr12`,
          'event_pull_request.env',
          { images: ['org/app'], tags: ['type=raw,value={{commit_date YYYY-MM-DD-HHmmSS}}'] },
          ['2020-01-10T00-30-00Z', [], false],
          org('2020-01-10T00-30-00Z'),
          prSha,
          more
        )
  ]
}

const scheduleCases: UpstreamCase[] = [
  row(
    'schedule/schedule01',
    'event_schedule.env',
    { images: img1 },
    ['nightly', ['master'], false],
    user('nightly', 'master'),
    S860
  ),
  row(
    'schedule/schedule02',
    'event_schedule.env',
    {
      images: img1,
      tags: [
        "type=schedule,pattern={{date 'YYYYMMDD'}}",
        "type=schedule,pattern=source-date-{{commit_date 'YYYY-MM-DD'}}"
      ]
    },
    ['20200110', ['source-date-2020-01-10'], false],
    user('20200110', 'source-date-2020-01-10'),
    S860
  ),
  row(
    'schedule/schedule03',
    'event_schedule.env',
    { images: img1, tags: ["type=schedule,pattern={{date 'YYYYMMDD-HHmmss'}}"] },
    ['20200110-003000', [], false],
    user('20200110-003000'),
    S860
  ),
  row(
    'schedule/schedule04',
    'event_schedule.env',
    { images: img2 },
    ['nightly', ['master'], false],
    both('nightly', 'master'),
    S860
  ),
  row(
    'schedule/schedule05',
    'event_schedule.env',
    { images: img2, tags: ['type=schedule', 'type=sha'] },
    ['nightly', ['sha-860c190'], false],
    both('nightly', 'sha-860c190'),
    S860
  ),
  row(
    'schedule/schedule06',
    'event_schedule.env',
    {
      images: img2,
      tags: [
        'type=schedule',
        'type=sha,priority=2000',
        'type=raw,value=defbranch,enable={{is_default_branch}}'
      ]
    },
    ['sha-860c190', ['nightly', 'defbranch'], false],
    both('sha-860c190', 'nightly', 'defbranch'),
    S860
  ),
  row(
    'schedule/schedule07',
    'event_schedule.env',
    { images: img2, tags: ['type=schedule'], flavor: ['prefix=glo-', 'suffix=-bal'] },
    ['glo-nightly-bal', [], false],
    both('glo-nightly-bal'),
    S860
  ),
  row(
    'schedule/schedule08',
    'event_schedule.env',
    {
      images: img1,
      tags: [
        "type=schedule,pattern={{date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}",
        "type=schedule,pattern=src-{{commit_date 'YYYYMMDD-HHmmss' tz='Asia/Tokyo'}}"
      ]
    },
    ['20200110-093000', ['src-20200110-093000'], false],
    user('20200110-093000', 'src-20200110-093000'),
    S860
  )
]

const releaseCases: UpstreamCase[] = [
  row(
    'release/release01',
    'event_release_created.env',
    { images: img1 },
    ['v1.1.1', [], true],
    user('v1.1.1', 'latest'),
    S860
  ),
  row(
    'release/release02',
    'event_release_created.env',
    {
      images: img1,
      tags: [
        'type=ref,event=tag',
        'type=raw,value=baseref-{{base_ref}}',
        'type=raw,value=defbranch,enable={{is_default_branch}}'
      ]
    },
    ['v1.1.1', ['baseref-'], true],
    user('v1.1.1', 'baseref-', 'latest'),
    S860
  ),
  row(
    'release/release03',
    'event_release_created.env',
    {
      images: img1,
      tags: [
        "type=raw,value=src-{{commit_date 'YYYYMMDD-HHmmss'}}",
        "type=raw,value={{date 'YYYYMMDD-HHmmss'}}"
      ]
    },
    ['src-20200110-003000', ['20200110-003000'], false],
    user('src-20200110-003000', '20200110-003000'),
    S860
  )
]

const myCustomTags = ['type=raw,my', 'type=raw,custom', 'type=raw,tags']

const rawCases: UpstreamCase[] = [
  row(
    'raw/raw01',
    'event_push_dev.env',
    { images: img1, tags: ['type=ref,event=branch', ...myCustomTags] },
    ['dev', ['my', 'custom', 'tags'], false],
    user('dev', 'my', 'custom', 'tags'),
    S860
  ),
  row(
    'raw/raw02',
    'event_push_dev.env',
    { images: img1, tags: ['type=ref,event=branch', 'type=raw,my'] },
    ['dev', ['my'], false],
    user('dev', 'my'),
    S860
  ),
  row(
    'raw/raw03',
    'event_tag_release1.env',
    { images: img1, tags: ['type=ref,event=tag', ...myCustomTags] },
    ['release1', ['my', 'custom', 'tags'], true],
    user('release1', 'my', 'custom', 'tags', 'latest'),
    S860
  ),
  row(
    'raw/raw04',
    'event_tag_20200110-RC2.env',
    {
      images: img1,
      tags: ['type=match,pattern=\\d{8}', ...myCustomTags],
      flavor: ['latest=false']
    },
    ['20200110', ['my', 'custom', 'tags'], false],
    user('20200110', 'my', 'custom', 'tags'),
    S860
  ),
  row(
    'raw/raw05',
    'event_tag_v1.1.1.env',
    {
      images: img2,
      tags: [
        'type=semver,pattern={{version}}',
        'type=semver,pattern={{major}}.{{minor}}',
        'type=semver,pattern={{major}}',
        ...myCustomTags
      ]
    },
    ['1.1.1', ['1.1', '1', 'my', 'custom', 'tags'], true],
    both('1.1.1', '1.1', '1', 'my', 'custom', 'tags', 'latest'),
    S860
  ),
  row(
    'raw/raw06',
    'event_tag_v1.1.1.env',
    { images: img2, tags: myCustomTags },
    ['my', ['custom', 'tags'], false],
    both('my', 'custom', 'tags'),
    S860
  ),
  row(
    'raw/raw07',
    'event_push_dev.env',
    {
      images: img1,
      tags: ['type=ref,priority=90,event=branch', ...myCustomTags],
      flavor: ['latest=true']
    },
    ['my', ['custom', 'tags', 'dev'], true],
    user('my', 'custom', 'tags', 'dev', 'latest'),
    S860
  ),
  row(
    'raw/raw08',
    'event_push_dev.env',
    {
      images: img1,
      tags: ['type=match,pattern=\\d{8}', ...myCustomTags],
      flavor: ['latest=false']
    },
    ['my', ['custom', 'tags'], false],
    user('my', 'custom', 'tags'),
    S860
  ),
  row(
    'raw/raw09',
    'event_push_dev.env',
    {
      images: img1,
      tags: [
        'type=match,pattern=\\d{8}',
        'type=raw,my,prefix=foo-,suffix=-bar',
        'type=raw,custom',
        'type=raw,tags'
      ],
      flavor: ['latest=false', 'prefix=glo-', 'suffix=-bal']
    },
    ['foo-my-bar', ['glo-custom-bal', 'glo-tags-bal'], false],
    user('foo-my-bar', 'glo-custom-bal', 'glo-tags-bal'),
    S860
  ),
  row(
    'raw/raw10',
    'event_push_dev.env',
    {
      images: img1,
      tags: ['type=raw,foo', 'type=raw,bar,enable=false', 'type=raw,baz,enable=true'],
      flavor: ['latest=false']
    },
    ['foo', ['baz'], false],
    user('foo', 'baz'),
    S860
  )
]

/**
 * `json`, `bakeFile` and `bakeFileTagsLabels` state tags, labels and annotations (with level
 * prefixes) but not `Version`; the version is their `DOCKER_META_VERSION` / version label.
 */
function out(
  id: string,
  env: string,
  input: UpstreamInput,
  version: string,
  tags: string[],
  labels: string[],
  levels: string[],
  annotations: string[] = oci(version, S860)
): UpstreamCase {
  return {
    id,
    env,
    input,
    expect: {
      version,
      tags,
      labels,
      annotations:
        levels.length > 0 ? levels.flatMap(l => annotations.map(a => `${l}:${a}`)) : annotations,
      annotationLevels: levels
    }
  }
}

const customLabels = {
  'org.opencontainers.image.description': 'Another description',
  'org.opencontainers.image.title': 'MyCustom=Title',
  'org.opencontainers.image.vendor': 'MyCompany',
  maintainer: 'CrazyMax'
}

/** json01..07 and bakeFile01..07 share inputs; only labels input and levels differ. */
function jsonLike(
  kind: 'json' | 'bakeFile',
  levels: string[],
  labels07: string[],
  labels01: string[]
): UpstreamCase[] {
  const id = (n: number) => `${kind}/${kind}0${n}`
  return [
    out(
      id(1),
      'event_push_dev.env',
      { images: img1, tags: ['type=ref,event=branch', ...myCustomTags], labels: labels01 },
      'dev',
      user('dev', 'my', 'custom', 'tags'),
      oci('dev', S860, labels01.includes('foo=') ? { foo: '' } : {}),
      levels
    ),
    out(
      id(2),
      'event_push_dev.env',
      { images: img1, tags: ['type=ref,event=branch', 'type=raw,my'] },
      'dev',
      user('dev', 'my'),
      oci('dev', S860),
      levels
    ),
    out(
      id(3),
      'event_tag_release1.env',
      { images: img1, tags: ['type=ref,event=tag', ...myCustomTags] },
      'release1',
      user('release1', 'my', 'custom', 'tags', 'latest'),
      oci('release1', S860),
      levels
    ),
    out(
      id(4),
      'event_tag_20200110-RC2.env',
      {
        images: img1,
        tags: ['type=match,pattern=\\d{8}', ...myCustomTags],
        flavor: ['latest=false']
      },
      '20200110',
      user('20200110', 'my', 'custom', 'tags'),
      oci('20200110', S860),
      levels
    ),
    out(
      id(5),
      'event_tag_v1.1.1.env',
      {
        images: img2,
        tags: [
          'type=semver,pattern={{version}}',
          'type=semver,pattern={{major}}.{{minor}}',
          'type=semver,pattern={{major}}',
          ...myCustomTags
        ]
      },
      '1.1.1',
      both('1.1.1', '1.1', '1', 'my', 'custom', 'tags', 'latest'),
      oci('1.1.1', S860),
      levels
    ),
    out(
      id(6),
      'event_tag_v1.1.1.env',
      { images: img2, tags: myCustomTags },
      'my',
      both('my', 'custom', 'tags'),
      oci('my', S860),
      levels
    ),
    out(
      id(7),
      'event_tag_v1.1.1.env',
      { images: ['org/app'], labels: labels07 },
      'v1.1.1',
      org('v1.1.1', 'latest'),
      oci('v1.1.1', S860, customLabels),
      levels
    )
  ]
}

const labels07 = [
  'maintainer=CrazyMax',
  'org.opencontainers.image.title=MyCustom=Title',
  'org.opencontainers.image.description=Another description',
  'org.opencontainers.image.vendor=MyCompany'
]

const jsonCases = jsonLike('json', ['manifest'], ['foo', ...labels07], ['invalid', 'foo='])
const bakeCases = jsonLike('bakeFile', ['index', 'manifest-descriptor'], labels07, ['invalid'])

const bakeTagsLabelsCases: UpstreamCase[] = [
  out(
    'bakeFileTagsLabels/bakeFileTagsLabels01',
    'event_push_dev.env',
    { images: img1, tags: ['type=ref,event=branch', ...myCustomTags], labels: ['invalid'] },
    'dev',
    user('dev', 'my', 'custom', 'tags'),
    oci('dev', S860),
    []
  )
]

/** sepTags01/02 join the same four tags with " " and ","; the list itself is what we compare. */
const sepTagsCases: UpstreamCase[] = ['sepTags01', 'sepTags02'].map(name =>
  out(
    `sepTags/${name}`,
    'event_push_dev.env',
    { images: img1, tags: ['type=ref,event=branch', ...myCustomTags] },
    'dev',
    user('dev', 'my', 'custom', 'tags'),
    oci('dev', S860),
    []
  )
)

export const UPSTREAM_CASES: UpstreamCase[] = [
  ...nullCases,
  ...pushCases,
  ...tagCases,
  ...latestCases,
  ...prCases(false),
  ...prCases(true),
  ...scheduleCases,
  ...releaseCases,
  ...rawCases,
  ...jsonCases,
  ...bakeCases,
  ...bakeTagsLabelsCases,
  ...sepTagsCases
]

/** Upstream `isRawStatement` table: pattern → whether it is exactly `{{raw}}`. */
export const RAW_STATEMENT_CASES: [string, boolean][] = [
  ['{{ raw }}.{{ version }}', false],
  ['{{ version }},{{raw }.', false],
  ['{{ raw }}', true],
  ['{{ raw}}', true],
  ['{{raw}}', true]
]
