import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  docker,
  leftoverContainers,
  makeContext,
  registryDigest,
  registryTags,
  requireEngine,
  runAction,
  startRegistry,
  type Registry
} from '../helpers/lab.js'

let registry: Registry
beforeAll(async () => {
  requireEngine()
  registry = await startRegistry()
})
afterAll(async () => {
  await registry.stop()
})

describe('image input: test, then push without rebuilding', () => {
  it('smoke-tests an existing local image and pushes it under the resolved tags', async () => {
    const ctx = makeContext('CMD ["sh", "-c", "echo prebuilt ok; exec sleep 300"]')
    await docker('build', '-q', '-t', 'btp-e2e/prebuilt:candidate', ctx)
    const id = await docker('image', 'inspect', '--format', '{{.Id}}', 'btp-e2e/prebuilt:candidate')
    const run = await runAction({
      ref: 'refs/tags/v4.5.6',
      inputs: {
        image: 'btp-e2e/prebuilt:candidate',
        images: `${registry.host}/acme/prebuilt`,
        'smoke-log': 'prebuilt ok'
      }
    })
    expect(run.exitCode).toBe(0)
    expect(run.stdout).not.toMatch(/--iidfile/)
    expect(run.outputs['image-id']).toBe(id)
    expect(run.outputs['smoke-result']).toBe('passed')
    expect(await registryTags(registry, 'acme/prebuilt')).toEqual([
      '4',
      '4.5',
      '4.5.6',
      'latest',
      'v4.5.6'
    ])
    expect(await registryDigest(registry, 'acme/prebuilt', 'latest')).toBe(run.outputs.digest)
    expect(await leftoverContainers(run.state['run-id'])).toEqual([])
  })

  it('pulls a remote image that is not local, tests it, and pushes it elsewhere', async () => {
    const source = await startRegistry()
    try {
      const ctx = makeContext('CMD ["sh", "-c", "echo remote ok; exec sleep 300"]')
      const remote = `${source.host}/acme/upstream:rc`
      await docker('build', '-q', '-t', remote, ctx)
      await docker('push', remote)
      await docker('rmi', remote)
      const run = await runAction({
        ref: 'refs/tags/v5.0.0',
        inputs: {
          image: remote,
          images: `${registry.host}/acme/promoted`,
          'smoke-log': 'remote ok'
        }
      })
      expect(run.exitCode).toBe(0)
      expect(await registryTags(registry, 'acme/promoted')).toEqual([
        '5',
        '5.0',
        '5.0.0',
        'latest',
        'v5.0.0'
      ])
      expect(await registryDigest(registry, 'acme/promoted', 'v5.0.0')).toBe(run.outputs.digest)
    } finally {
      await source.stop()
    }
  })

  it('a failing existing image pushes nothing', async () => {
    const ctx = makeContext('CMD ["sh", "-c", "echo panic: runtime error; exit 2"]')
    await docker('build', '-q', '-t', 'btp-e2e/prebuilt:bad', ctx)
    const run = await runAction({
      ref: 'refs/tags/v4.5.7',
      inputs: { image: 'btp-e2e/prebuilt:bad', images: `${registry.host}/acme/prebuilt-bad` }
    })
    expect(run.exitCode).not.toBe(0)
    expect(run.outputs['smoke-result']).toBe('failed')
    expect(await registryTags(registry, 'acme/prebuilt-bad')).toEqual([])
  })
})
