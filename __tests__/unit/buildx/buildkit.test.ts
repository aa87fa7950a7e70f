import { describe, expect, it } from '@jest/globals'
import { parseBuildkitInputs, type BuildkitOptions } from '../../../src/build/buildkit-options.js'
import { planBuildkit } from '../../../src/build/buildkit-build.js'
import { parseCapabilities } from '../../../src/build/capabilities.js'
import { withSourceDateEpoch } from '../../../src/plan/build-plan.js'
import type { BuildCapabilities } from '../../../src/build/platforms.js'

const read =
  (inputs: Record<string, string>) =>
  (name: string): string =>
    inputs[name] ?? ''
const opts = (inputs: Record<string, string> = {}): BuildkitOptions =>
  parseBuildkitInputs(read(inputs))

const classic: BuildCapabilities = {
  containerdStore: false,
  nativePlatform: 'linux/amd64',
  driver: 'docker'
}
const containerd: BuildCapabilities = { ...classic, containerdStore: true }
const container: BuildCapabilities = { ...classic, driver: 'docker-container' }
const remote: BuildCapabilities = { ...classic, driver: 'remote' }
const run = { annotations: ['manifest:org.opencontainers.image.version=1.0.0'], cacheTo: [] }

describe('parseBuildkitInputs (build-push-action syntax)', () => {
  it.each([
    [
      'platforms split on commas and lines',
      { platforms: 'linux/amd64,\nlinux/arm64' },
      { platforms: ['linux/amd64', 'linux/arm64'] }
    ],
    [
      'build-contexts keep commas',
      { 'build-contexts': 'alpine=docker-image://alpine:3,x=y' },
      { buildContexts: ['alpine=docker-image://alpine:3,x=y'] }
    ],
    [
      'add-hosts and allow split on commas',
      { 'add-hosts': 'db:127.0.0.1,cache:127.0.0.2', allow: 'network.host' },
      { addHosts: ['db:127.0.0.1', 'cache:127.0.0.2'], allow: ['network.host'] }
    ],
    [
      'ulimit one per line',
      { ulimit: 'nofile=1024:2048\nnproc=64' },
      { ulimit: ['nofile=1024:2048', 'nproc=64'] }
    ]
  ])('%s', (_name, inputs, expected) => {
    expect(opts(inputs)).toMatchObject(expected)
  })

  it.each([
    ['a platform without an arch', { platforms: 'linux' }, 'platforms'],
    ['a platform twice', { platforms: 'linux/amd64,linux/amd64' }, 'platforms'],
    [
      'smoke-platform not among platforms',
      { platforms: 'linux/arm64', 'smoke-platform': 'linux/s390x' },
      'smoke-platform'
    ],
    ['a bad shm-size', { 'shm-size': 'lots' }, 'shm-size'],
    ['a bad ulimit', { ulimit: 'nofile' }, 'ulimit'],
    ['an unknown entitlement', { allow: 'root' }, 'allow'],
    ['digests-dir without push-by-digest', { 'digests-dir': 'd' }, 'digests-dir'],
    [
      'push-by-digest with two platforms',
      { 'push-by-digest': 'true', platforms: 'linux/amd64,linux/arm64' },
      'platforms'
    ],
    [
      'merge with push-by-digest',
      { 'push-by-digest': 'true', 'merge-digests': 'sha256:x' },
      'merge-digests'
    ],
    ['a bad provenance', { provenance: 'max please' }, 'provenance'],
    ['push-by-digest not true or false', { 'push-by-digest': 'yes' }, 'push-by-digest'],
    ['merge-digests with a short digest', { 'merge-digests': 'sha256:abc' }, 'merge-digests'],
    [
      'merge-digests with a bare hex line among digests',
      { 'merge-digests': `sha256:${'a'.repeat(64)}\n${'b'.repeat(64)}` },
      'merge-digests'
    ],
    [
      'merge-digests with an upper-case digest',
      { 'merge-digests': `sha256:${'A'.repeat(64)}` },
      'merge-digests'
    ],
    [
      'merge-digests with a path among digests',
      { 'merge-digests': `sha256:${'a'.repeat(64)}\ndigests/` },
      'merge-digests'
    ]
  ])('rejects %s, naming the input', (_name, inputs, input) => {
    expect(() => opts(inputs)).toThrow(`Input "${input}"`)
  })
})

describe('provenance on a one-platform docker-driver build', () => {
  const ann = ['--annotation', 'manifest:a=b']
  it.each([
    [
      'not asked: off, so the image id is reproducible',
      {},
      ['--load', ...ann, '--provenance=false']
    ],
    ['asked for', { provenance: 'mode=max' }, ['--load', '--provenance=mode=max', ...ann]],
    ['turned off by the user', { provenance: 'false' }, ['--load', '--provenance=false', ...ann]]
  ])('%s', (_name, inputs, argv) => {
    const plan = planBuildkit(opts(inputs), containerd, {
      annotations: ['manifest:a=b'],
      cacheTo: []
    })
    expect(plan.buildxArgs).toEqual(argv)
  })

  it('with platforms, buildx keeps its default', () => {
    const plan = planBuildkit(opts({ platforms: 'linux/amd64' }), containerd, run)
    expect(plan.buildxArgs.some(a => a.startsWith('--provenance'))).toBe(false)
  })
})

describe('planBuildkit', () => {
  it('classic store, one platform: --load, no attestations, annotations noted as not applied', () => {
    const plan = planBuildkit(opts(), classic, run)
    expect(plan.buildxArgs).toEqual(['--load', '--provenance=false'])
    expect(plan.platform.smokePlatform).toBe('linux/amd64')
    expect(plan.notices[0]).toMatch(/Annotations are not applied/)
  })

  it.each([
    [
      'two platforms',
      { platforms: 'linux/amd64,linux/arm64' },
      'platforms',
      /docker\/setup-buildx-action.*containerd image store/
    ],
    [
      'provenance',
      { provenance: 'mode=max' },
      'provenance',
      /attestations cannot reach the registry/
    ],
    ['sbom', { sbom: 'true' }, 'sbom', /attestations cannot reach the registry/]
  ])('classic store refuses %s with what to add', (_name, inputs, input, detail) => {
    expect(() => planBuildkit(opts(inputs), classic, run)).toThrow(`Input "${input}"`)
    expect(() => planBuildkit(opts(inputs), classic, run)).toThrow(detail)
  })

  it('classic store refuses cache-to type=registry but keeps type=inline', () => {
    expect(() =>
      planBuildkit(opts(), classic, { ...run, cacheTo: ['type=registry,ref=r/app:cache'] })
    ).toThrow(/Input "cache-to": type=registry.*docker\/setup-buildx-action/)
    expect(() => planBuildkit(opts(), classic, { ...run, cacheTo: ['type=inline'] })).not.toThrow()
  })

  it('containerd store, two platforms: one --load build with attestations and annotations', () => {
    const plan = planBuildkit(
      opts({ platforms: 'linux/amd64,linux/arm64', provenance: 'mode=max', sbom: 'true' }),
      containerd,
      run
    )
    expect(plan.buildxArgs).toEqual([
      '--load',
      '--platform',
      'linux/amd64,linux/arm64',
      '--provenance=mode=max',
      '--sbom=true',
      '--annotation',
      'manifest:org.opencontainers.image.version=1.0.0'
    ])
    expect(plan.pushArgs).toBeUndefined()
    expect(plan.platform).toMatchObject({ smokePlatform: 'linux/amd64', emulated: false })
  })

  it.each([
    ['the store unknown (not asked)', { nativePlatform: 'linux/amd64', driver: 'docker' }],
    ['the classic store', classic],
    ['the containerd store', containerd]
  ])(
    'passes an explicit provenance/sbom false on %s (buildx would add its default attestation)',
    (_n, caps) => {
      const plan = planBuildkit(opts({ provenance: 'false', sbom: 'false' }), caps, {
        annotations: [],
        cacheTo: []
      })
      expect(plan.buildxArgs).toEqual(['--load', '--provenance=false', '--sbom=false'])
    }
  )

  it('no native platform: smoke nothing unless smoke-platform names one (emulated)', () => {
    const none = planBuildkit(opts({ platforms: 'linux/arm64' }), containerd, run)
    expect(none.platform.smokePlatform).toBe('')
    expect(none.platform.note).toMatch(/nothing is smoke-tested.*smoke-platform/)
    const asked = planBuildkit(
      opts({ platforms: 'linux/arm64', 'smoke-platform': 'linux/arm64' }),
      containerd,
      run
    )
    expect(asked.platform).toMatchObject({ smokePlatform: 'linux/arm64', emulated: true })
  })

  // Untested here: no BuildKit daemon image can run in the lab, so these drivers are argv only.
  it.each([
    ['docker-container', container],
    ['remote (tcp://buildkitd)', remote]
  ])('%s builder: prebuild all, load the smoke platform, push all from cache', (_n, caps) => {
    const plan = planBuildkit(
      opts({
        builder: 'farm',
        platforms: 'linux/amd64,linux/arm64',
        provenance: 'true',
        ssh: 'default',
        'shm-size': '1g',
        'no-cache-filters': 'deps'
      }),
      caps,
      { ...run, cacheTo: ['type=registry,ref=r/app:cache'] }
    )
    const common = ['--ssh', 'default', '--shm-size', '1g', '--no-cache-filter', 'deps']
    expect(plan.prebuildArgs).toEqual([
      '--builder',
      'farm',
      '--platform',
      'linux/amd64,linux/arm64',
      '--provenance=true',
      '--annotation',
      'manifest:org.opencontainers.image.version=1.0.0',
      ...common
    ])
    expect(plan.buildxArgs).toEqual([
      '--load',
      '--builder',
      'farm',
      '--platform',
      'linux/amd64',
      ...common
    ])
    expect(plan.pushArgs?.slice(0, 5)).toEqual([
      '--push',
      '--builder',
      'farm',
      '--platform',
      'linux/amd64,linux/arm64'
    ])
  })
})

describe('parseCapabilities', () => {
  it.each([
    [
      'engine 26, containerd store',
      'linux x86_64 [["driver-type","io.containerd.snapshotter.v1"]]',
      'Name: default\nDriver:        docker\n',
      containerd
    ],
    [
      'engine 20.10, classic',
      'linux x86_64 [["Backing Filesystem","extfs"]]',
      'Driver: docker',
      classic
    ],
    [
      'arm runner, kubernetes builder',
      'linux aarch64 []',
      'Name: k8s\nDriver: kubernetes\n',
      { containerdStore: false, nativePlatform: 'linux/arm64', driver: 'kubernetes' }
    ]
  ])('%s', (_n, info, inspect, expected) => {
    expect(parseCapabilities(info, inspect)).toEqual(expected)
  })
})

describe('withSourceDateEpoch', () => {
  const created = 'org.opencontainers.image.created=2026-01-02T03:04:05.000Z'
  it.each([
    ['from the created label', [], [created], [['SOURCE_DATE_EPOCH', '1767323045']]],
    [
      'the last created label wins',
      [],
      ['org.opencontainers.image.created=1970-01-01T00:00:10Z', created],
      [['SOURCE_DATE_EPOCH', '1767323045']]
    ],
    [
      'a user build-arg wins',
      [['SOURCE_DATE_EPOCH', '5']],
      [created],
      [['SOURCE_DATE_EPOCH', '5']]
    ],
    ['no created label', [['A', '1']], ['x=y'], [['A', '1']]],
    ['an unreadable created label', [], ['org.opencontainers.image.created=soon'], []]
  ] as const)('%s', (_name, args, labels, expected) => {
    expect(withSourceDateEpoch(args, labels)).toEqual(expected)
  })
})
