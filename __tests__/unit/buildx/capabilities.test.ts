import { afterAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  defaultBuilderDriver,
  localEnginePlatform,
  probeBuildCapabilities
} from '../../../src/build/capabilities.js'
import { needsStoreFacts } from '../../../src/build/buildkit-build.js'
import { parseBuildkitInputs } from '../../../src/build/buildkit-options.js'
import { FakeDocker } from '../fake-docker.js'

const roots: string[] = []
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true })
})

/** A docker config dir with the given buildx files (path → content). */
function configDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'btp-caps-'))
  roots.push(dir)
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  return dir
}

describe('defaultBuilderDriver: the docker driver known from buildx files, else undefined', () => {
  it.each([
    ['no buildx dir at all', {}, {}, 'docker'],
    [
      'current with an empty name (the context builder)',
      { 'buildx/current': '{"Key":"unix:///var/run/docker.sock","Name":"","Global":false}' },
      {},
      'docker'
    ],
    [
      'a builder made current by setup-buildx-action',
      {
        'buildx/current': '{"Key":"unix:///var/run/docker.sock","Name":"builder-1","Global":false}'
      },
      {},
      undefined
    ],
    ['a per-context default builder', { 'buildx/defaults/default': '{}' }, {}, undefined],
    ['an unreadable current file', { 'buildx/current': 'not json' }, {}, undefined],
    ['BUILDX_BUILDER chooses one', {}, { BUILDX_BUILDER: 'farm' }, undefined]
  ])('%s', (_name, files, env, expected) => {
    const dir = configDir(files)
    expect(defaultBuilderDriver({ DOCKER_CONFIG: dir, ...env })).toBe(expected)
  })

  it('BUILDX_CONFIG wins over DOCKER_CONFIG', () => {
    const docker = configDir({ 'buildx/current': '{"Name":""}' })
    const buildx = configDir({ current: '{"Name":"farm"}' })
    expect(defaultBuilderDriver({ DOCKER_CONFIG: docker, BUILDX_CONFIG: buildx })).toBeUndefined()
  })
})

describe('localEnginePlatform: the engine on this Linux machine, else unknown', () => {
  const none = configDir({})
  it.each([
    ['default socket', { DOCKER_CONFIG: none }, 'linux', 'x64', 'linux/amd64'],
    [
      'another unix socket',
      { DOCKER_CONFIG: none, DOCKER_HOST: 'unix:///run/engine26/docker.sock' },
      'linux',
      'arm64',
      'linux/arm64'
    ],
    [
      'a TCP engine',
      { DOCKER_CONFIG: none, DOCKER_HOST: 'tcp://10.0.0.5:2376' },
      'linux',
      'x64',
      ''
    ],
    ['an ssh engine', { DOCKER_CONFIG: none, DOCKER_HOST: 'ssh://build@farm' }, 'linux', 'x64', ''],
    [
      'DOCKER_CONTEXT names a context',
      { DOCKER_CONFIG: none, DOCKER_CONTEXT: 'remote' },
      'linux',
      'x64',
      ''
    ],
    [
      'config.json selects a context',
      { DOCKER_CONFIG: configDir({ 'config.json': '{"currentContext":"remote"}' }) },
      'linux',
      'x64',
      ''
    ],
    ['macOS (the engine runs in a VM)', { DOCKER_CONFIG: none }, 'darwin', 'arm64', '']
  ] as const)('%s', (_name, env, platform, arch, expected) => {
    expect(localEnginePlatform(env, platform, arch)).toBe(expected)
  })
})

describe('needsStoreFacts', () => {
  const opts = (inputs: Record<string, string>): ReturnType<typeof parseBuildkitInputs> =>
    parseBuildkitInputs(name => inputs[name] ?? '')
  it.each([
    ['nothing BuildKit-specific', {}, [], false],
    ['an inline cache', {}, ['type=inline'], false],
    ['provenance: false', { provenance: 'false' }, [], false],
    ['platforms', { platforms: 'linux/amd64' }, [], true],
    ['provenance', { provenance: 'mode=max' }, [], true],
    ['sbom', { sbom: 'true' }, [], true],
    ['a registry cache export', {}, ['type=registry,ref=r/app:cache'], true]
  ])('%s', (_name, inputs, cacheTo, expected) => {
    expect(needsStoreFacts(opts(inputs), cacheTo)).toBe(expected)
  })
})

describe('probeBuildCapabilities asks only what the plan needs', () => {
  const info = 'linux x86_64 [["driver-type","io.containerd.snapshotter.v1"]]'
  const respond = (args: readonly string[]): { stdout: string } =>
    args[0] === 'info' ? { stdout: info } : { stdout: 'Name: farm\nDriver: docker-container\n' }
  const local = configDir({})
  const named = configDir({ 'buildx/current': '{"Name":"farm"}' })

  it.each([
    [
      'default builder, local engine, no store question',
      local,
      '',
      false,
      [],
      {
        nativePlatform: 'linux/amd64',
        driver: 'docker'
      }
    ],
    [
      'default builder, platforms given',
      local,
      '',
      true,
      ['info'],
      {
        containerdStore: true,
        nativePlatform: 'linux/amd64',
        driver: 'docker'
      }
    ],
    [
      'a builder made current elsewhere',
      named,
      '',
      false,
      ['info', 'buildx'],
      {
        containerdStore: true,
        nativePlatform: 'linux/amd64',
        driver: 'docker-container'
      }
    ],
    [
      'the builder input',
      local,
      'farm',
      false,
      ['info', 'buildx'],
      {
        containerdStore: true,
        nativePlatform: 'linux/amd64',
        driver: 'docker-container'
      }
    ]
  ])('%s', async (_name, dir, builder, needsStore, verbs, expected) => {
    const docker = new FakeDocker(respond)
    const caps = await probeBuildCapabilities(docker, {
      builder,
      needsStore,
      env: { DOCKER_CONFIG: dir }
    })
    expect(docker.calls.map(c => c[0])).toEqual(verbs)
    expect(caps).toEqual(expected)
  })
})
