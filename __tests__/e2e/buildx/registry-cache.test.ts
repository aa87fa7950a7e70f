import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  docker26,
  ENGINE26_HOST,
  makeContext,
  registryTags,
  requireEngine,
  requireEngine26,
  runAction,
  startRegistry,
  type Registry
} from '../helpers/lab.js'

let registry: Registry
const engine26 = { DOCKER_HOST: ENGINE26_HOST }

beforeAll(async () => {
  requireEngine()
  requireEngine26()
  registry = await startRegistry()
})
afterAll(async () => {
  await registry.stop()
})

// The RUN step writes a value no rebuild can reproduce: the same value in the second image
// proves its layer came from the registry cache rather than from running the step again.
// (`network: host` because the engines here have no bridge network for RUN steps.)
const STAMPED =
  'RUN cat /proc/sys/kernel/random/uuid > /stamp\nCMD ["sh", "-c", "cat /stamp; exec sleep 300"]'

describe('registry cache (engine 26: the docker driver exports caches on the containerd store)', () => {
  it('a second build with an empty local cache reuses the layers from cache-to', async () => {
    const cacheRef = `${registry.host}/acme/cache-app:buildcache`
    const context = makeContext(STAMPED)
    const common = {
      images: 'cache-e2e/app',
      context,
      network: 'host',
      push: 'false',
      'smoke-log': '^[0-9a-f-]{36}$'
    }
    const first = await runAction({
      eventName: 'push',
      ref: 'refs/heads/main',
      env: engine26,
      inputs: {
        ...common,
        'cache-to': `type=registry,ref=${cacheRef},mode=max`
      }
    })
    expect(first.exitCode).toBe(0)
    expect(await registryTags(registry, 'acme/cache-app')).toEqual(['buildcache'])
    const stamp = (
      await docker26(
        'run',
        '--rm',
        '--network',
        'none',
        '--entrypoint',
        'cat',
        first.outputs['image-id'],
        '/stamp'
      )
    ).trim()
    expect(stamp).toMatch(/^[0-9a-f-]{36}$/)

    // Empty the local cache: the image and every build-cache record on engine 26.
    await docker26('image', 'rm', '-f', first.outputs['image-id'])
    await docker26('buildx', 'prune', '--all', '--force')

    const second = await runAction({
      eventName: 'push',
      ref: 'refs/heads/main',
      env: engine26,
      inputs: { ...common, 'cache-from': `type=registry,ref=${cacheRef}` }
    })
    expect(second.exitCode).toBe(0)
    expect(second.stdout + second.stderr).toMatch(
      /importing cache manifest from .*acme\/cache-app:buildcache/
    )
    const again = (
      await docker26(
        'run',
        '--rm',
        '--network',
        'none',
        '--entrypoint',
        'cat',
        second.outputs['image-id'],
        '/stamp'
      )
    ).trim()
    expect(again).toBe(stamp)
    await docker26('image', 'rm', '-f', second.outputs['image-id'])
  })
})

describe('registry cache on engine 20.10 (classic store, docker driver)', () => {
  it('cache-to type=registry fails before the build, naming cache-to and the driver to add', async () => {
    const run = await runAction({
      eventName: 'push',
      ref: 'refs/heads/main',
      inputs: {
        images: 'cache-e2e/classic',
        context: makeContext('CMD ["sh"]'),
        push: 'false',
        'cache-to': `type=registry,ref=${registry.host}/acme/cache-classic:buildcache`
      }
    })
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(/::error::Input "cache-to": .*docker-container/)
    expect(run.stdout).not.toContain('Built sha256')
  })
})
