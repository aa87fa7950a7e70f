import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  docker,
  docker26,
  ENGINE26_HOST,
  makeContext,
  requireEngine,
  requireEngine26,
  runAction,
  startRegistry,
  type Registry
} from '../helpers/lab.js'

let registry: Registry

beforeAll(async () => {
  requireEngine()
  requireEngine26()
  registry = await startRegistry()
})
afterAll(async () => {
  await registry.stop()
})

const SHA = 'c0ffee0123456789abcdef0123456789abcdef01'
// The commit's time is what SOURCE_DATE_EPOCH and the created label come from.
const payload = {
  head_commit: { id: SHA, timestamp: '2026-03-04T05:06:07Z' }
}
// No RUN step: the files a RUN step writes carry the build's clock, and engine 26's exporter
// cannot rewrite them (rewrite-timestamp conflicts with loading the image; README).
const DOCKERFILE = 'COPY app.txt /app.txt\nCMD ["sh", "-c", "echo ready; exec sleep 300"]'

/** One cold build (no cache) of the same commit, context and inputs. */
function coldBuild(context: string, env: Record<string, string>, name: string) {
  return runAction({
    eventName: 'push',
    ref: 'refs/heads/main',
    sha: SHA,
    payload,
    env,
    // The post step untags what it built; the test inspects the image first, then removes it.
    skipPost: true,
    inputs: {
      images: `${registry.host}/acme/${name}`,
      context,
      network: 'host',
      'no-cache': 'true',
      push: 'false',
      'smoke-log': 'ready'
    }
  })
}

describe('reproducible builds', () => {
  it('engine 26: two cold builds of the same commit give the same image id, dated by the commit', async () => {
    const context = makeContext(DOCKERFILE, { 'app.txt': 'same\n' })
    const env = { DOCKER_HOST: ENGINE26_HOST }
    const first = await coldBuild(context, env, 'repro26')
    expect(first.exitCode).toBe(0)
    const created = await docker26(
      'image',
      'inspect',
      '--format',
      '{{.Created}}',
      first.outputs.tags.split('\n')[0]
    )
    expect(created.trim()).toBe('2026-03-04T05:06:07Z')
    await docker26('image', 'rm', '-f', first.outputs.tags.split('\n')[0])
    const second = await coldBuild(context, env, 'repro26')
    expect(second.exitCode).toBe(0)
    expect(second.outputs['image-id']).toBe(first.outputs['image-id'])
    expect(second.stdout).toContain('SOURCE_DATE_EPOCH=1772600767')
    await docker26('image', 'rm', '-f', second.outputs.tags.split('\n')[0])
  })

  it('engine 20.10: its BuildKit ignores SOURCE_DATE_EPOCH, so the image is dated by the build (documented)', async () => {
    const context = makeContext(DOCKERFILE, { 'app.txt': 'same\n' })
    const run = await coldBuild(context, {}, 'repro20')
    expect(run.exitCode).toBe(0)
    const created = await docker(
      'image',
      'inspect',
      '--format',
      '{{.Created}}',
      run.outputs['image-id']
    )
    expect(created.trim()).not.toBe('2026-03-04T05:06:07Z')
    expect(run.outputs.labels).toContain(
      'org.opencontainers.image.created=2026-03-04T05:06:07.000Z'
    )
  })
})
