import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  hasBuildxPlugin,
  pluginDirs,
  prefetchEngineProbe,
  probeEngine,
  startEngineProbe
} from '../../src/docker/engine.js'
import { FakeDocker } from './fake-docker.js'

describe('engine probe', () => {
  const env = { DOCKER_CONFIG: mkdtempSync(join(tmpdir(), 'btp-engine-')) }

  it.each([
    ['a default bridge', 'bridge\n', true],
    ['no bridge (--bridge=none)', '', false],
    ['a network merely containing the name', 'my-bridge\n', false]
  ])('%s: one docker call', async (_name, stdout, hasBridge) => {
    const docker = new FakeDocker(() => ({ stdout }))
    const info = await startEngineProbe(docker, 5000, env).result
    expect(info.hasBridge).toBe(hasBridge)
    expect(docker.calls).toEqual([
      ['network', 'ls', '--filter', 'name=^bridge$', '--format', '{{.Name}}']
    ])
  })

  it('fails clearly when the engine does not answer', async () => {
    const docker = new FakeDocker(() => ({
      exitCode: 1,
      stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock.'
    }))
    await expect(startEngineProbe(docker, 5000, env).result).rejects.toThrow(
      /not reachable: Cannot connect/
    )
  })

  it('finds buildx by its plugin file in the config dir first', () => {
    expect(pluginDirs(env)[0]).toBe(join(env.DOCKER_CONFIG, 'cli-plugins'))
    expect(pluginDirs({ HOME: '/home/u' })[0]).toBe('/home/u/.docker/cli-plugins')
    mkdirSync(join(env.DOCKER_CONFIG, 'cli-plugins'))
    writeFileSync(join(env.DOCKER_CONFIG, 'cli-plugins', 'docker-buildx'), '', { mode: 0o755 })
    expect(hasBuildxPlugin(env)).toBe(true)
  })

  it('hands a prefetched probe to the first probeEngine call only', async () => {
    const early = new FakeDocker(() => ({ stdout: 'bridge\n' }))
    const late = new FakeDocker(() => ({ stdout: '' }))
    prefetchEngineProbe(early)
    expect((await probeEngine(late)).hasBridge).toBe(true)
    expect((await probeEngine(late)).hasBridge).toBe(false)
    expect([early.calls.length, late.calls.length]).toEqual([1, 1])
  })
})
