import { describe, expect, it } from '@jest/globals'
import { buildArgv, loginArgv, pushArgv, type BuildSpec } from '../../src/docker/argv.js'
import { registryHost, repositoryPath } from '../../src/docker/reference.js'

const base: BuildSpec = {
  context: '/ws',
  file: '',
  tags: ['r/app:1.2.3', 'r/app:latest'],
  labels: ['org.opencontainers.image.version=1.2.3'],
  buildArgs: [],
  target: '',
  pull: false,
  noCache: false,
  network: '',
  secrets: [],
  cacheFrom: [],
  cacheTo: [],
  iidFile: '/tmp/iid',
  useBuildx: false
}

describe('buildArgv', () => {
  const cases: Array<[string, Partial<BuildSpec>, string[]]> = [
    [
      'legacy builder with tags and labels',
      {},
      [
        'build',
        '--iidfile',
        '/tmp/iid',
        '--tag',
        'r/app:1.2.3',
        '--tag',
        'r/app:latest',
        '--label',
        'org.opencontainers.image.version=1.2.3',
        '/ws'
      ]
    ],
    [
      'buildx loads the image into the engine',
      { useBuildx: true, tags: ['a:1'], labels: [] },
      ['buildx', 'build', '--load', '--iidfile', '/tmp/iid', '--tag', 'a:1', '/ws']
    ],
    [
      'build args stay one element each',
      { tags: [], labels: [], buildArgs: [['X', '$(rm -rf /); echo "hi"']] },
      ['build', '--iidfile', '/tmp/iid', '--build-arg', 'X=$(rm -rf /); echo "hi"', '/ws']
    ],
    [
      'every option',
      {
        tags: [],
        labels: [],
        file: '/ws/Dockerfile.prod',
        target: 'rt',
        pull: true,
        noCache: true,
        network: 'host',
        secrets: [{ id: 'a', src: '/s/a' }]
      },
      [
        'build',
        '--iidfile',
        '/tmp/iid',
        '--file',
        '/ws/Dockerfile.prod',
        '--target',
        'rt',
        '--pull',
        '--no-cache',
        '--network',
        'host',
        '--secret',
        'id=a,src=/s/a',
        '/ws'
      ]
    ],
    [
      'build cache import and export',
      {
        tags: [],
        labels: [],
        useBuildx: true,
        cacheFrom: ['type=gha'],
        cacheTo: ['type=gha,mode=max']
      },
      [
        'buildx',
        'build',
        '--load',
        '--iidfile',
        '/tmp/iid',
        '--cache-from',
        'type=gha',
        '--cache-to',
        'type=gha,mode=max',
        '/ws'
      ]
    ],
    [
      'a context that looks like a flag',
      { tags: [], labels: [], context: '-x' },
      ['build', '--iidfile', '/tmp/iid', './-x']
    ]
  ]
  it.each(cases)('%s', (_name, spec, expected) => {
    expect(buildArgv({ ...base, ...spec })).toEqual(expected)
  })
})

describe('login and push argv', () => {
  it('never carries the password', () => {
    expect(loginArgv('ghcr.io', 'me')).toEqual([
      'login',
      '--username',
      'me',
      '--password-stdin',
      'ghcr.io'
    ])
    expect(pushArgv('ghcr.io/a/b:1')).toEqual(['push', 'ghcr.io/a/b:1'])
  })
})

describe('registryHost', () => {
  const cases: Array<[string, string, string]> = [
    ['ghcr.io/acme/app', 'ghcr.io', 'acme/app'],
    ['127.0.0.1:5000/acme/app', '127.0.0.1:5000', 'acme/app'],
    ['localhost/app', 'localhost', 'app'],
    ['acme/app', 'docker.io', 'acme/app'],
    ['app', 'docker.io', 'library/app'],
    ['docker.io/acme/app', 'docker.io', 'acme/app']
  ]
  it.each(cases)('%s', (image, host, path) => {
    expect(registryHost(image)).toBe(host)
    expect(repositoryPath(image)).toBe(path)
  })
})
