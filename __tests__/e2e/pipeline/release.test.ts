import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
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

const SHA = 'f00dfacecafebeef0123456789abcdef01234567'
let registry: Registry
let context: string

beforeAll(async () => {
  requireEngine()
  registry = await startRegistry()
  context = makeContext(
    'ARG GREETING=hello\nRUN echo "$GREETING" > /greeting\nCMD ["sh", "-c", "cat /greeting; echo server ready; exec sleep 300"]'
  )
})

afterAll(async () => {
  await registry.stop()
})

describe.each([
  ['buildx', 'auto'],
  ['legacy builder', 'false']
])('tag release with %s', (_name, buildx) => {
  it('pushes every tag, reports the registry digest, and leaves nothing behind', async () => {
    const image = `${registry.host}/acme/release-${buildx}`
    const run = await runAction({
      eventName: 'push',
      ref: 'refs/tags/v1.2.3',
      sha: SHA,
      payload: {
        ref: 'refs/tags/v1.2.3',
        head_commit: { id: SHA, timestamp: '2026-01-02T03:04:05Z' }
      },
      inputs: {
        images: image,
        context,
        buildx,
        'build-args': 'GREETING=hi $(whoami) "quoted"',
        'smoke-log': 'server ready\nhi \\$\\(whoami\\) "quoted"'
      }
    })
    expect(run.stderr + run.stdout).not.toMatch(/::error::/)
    expect(run.exitCode).toBe(0)
    expect(run.outputs.version).toBe('1.2.3')
    expect(run.outputs['smoke-result']).toBe('passed')
    expect(run.outputs.pushed).toBe('true')
    const tags = ['1', '1.2', '1.2.3', 'latest', 'v1.2.3']
    expect(await registryTags(registry, `acme/release-${buildx}`)).toEqual(tags)
    expect(run.outputs.tags.split('\n').sort()).toEqual(tags.map(t => `${image}:${t}`).sort())
    for (const tag of tags) {
      expect(await registryDigest(registry, `acme/release-${buildx}`, tag)).toBe(run.outputs.digest)
    }
    expect(run.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(run.outputs['image-id']).toMatch(/^sha256:/)

    const labels = JSON.parse(
      await docker('image', 'inspect', '--format', '{{json .Config.Labels}}', `${image}:1.2.3`)
    ) as Record<string, string>
    expect(labels['org.opencontainers.image.revision']).toBe(SHA)
    expect(labels['org.opencontainers.image.version']).toBe('1.2.3')
    expect(labels['org.opencontainers.image.source']).toBe('https://github.com/acme/demo')
    expect(labels['org.opencontainers.image.title']).toBe('demo')
    expect(labels['org.opencontainers.image.created']).toBeTruthy()

    expect(run.summary).toContain('1.2.3')
    expect(run.summary).toContain(run.outputs.digest)
    expect(run.summary).toMatch(/Smoke/i)
    expect(run.postExitCode).toBe(0)
    expect(existsSync(run.state['docker-config'])).toBe(false)
    expect(await leftoverContainers(run.state['run-id'])).toEqual([])
  })
})

describe('branch push without images', () => {
  it('builds a local image named after the repository and pushes nothing', async () => {
    const run = await runAction({
      eventName: 'push',
      ref: 'refs/heads/feature/Login#2',
      sha: SHA,
      repository: 'acme/Local-Only',
      inputs: { context, 'smoke-log': 'server ready' }
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.pushed).toBe('false')
    expect(run.outputs.tags.split('\n')).toEqual([
      'local-only:feature-login-2',
      'local-only:sha-f00dfac'
    ])
    expect(await docker('image', 'inspect', '--format', '{{.Id}}', 'local-only:sha-f00dfac')).toBe(
      run.outputs['image-id']
    )
  })
})
