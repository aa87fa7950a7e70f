import { describe, expect, it } from '@jest/globals'
import { pushAll, pushOrder } from '../../src/registry/push.js'
import { pushArgv } from '../../src/docker/argv.js'
import { FakeDocker } from './fake-docker.js'

const targets = [
  { ref: 'r/app:latest', floating: true },
  { ref: 'r/app:v1.2.3', floating: false },
  { ref: 'r/app:1', floating: true },
  { ref: 'r/app:1.2.3', floating: false }
].map(t => ({ ...t, argv: pushArgv(t.ref) }))

describe('pushOrder', () => {
  it('puts immutable tags first and keeps the given order inside each group', () => {
    expect(pushOrder(targets).map(t => t.ref)).toEqual([
      'r/app:v1.2.3',
      'r/app:1.2.3',
      'r/app:latest',
      'r/app:1'
    ])
  })
})

describe('pushAll', () => {
  it('reports the digest from the push output', async () => {
    const docker = new FakeDocker(args =>
      args[0] === 'push'
        ? { stdout: `${args[1]}: digest: sha256:${'a'.repeat(64)} size: 527\n` }
        : {}
    )
    const report = await pushAll(docker, targets)
    expect(report.digest).toBe(`sha256:${'a'.repeat(64)}`)
    expect(report.pushed).toHaveLength(4)
    expect(report.notPushed).toEqual([])
    expect(docker.calls.map(c => c[1])).toEqual(pushOrder(targets).map(t => t.ref))
  })

  it('stops at the first failure and says what is and is not published', async () => {
    const docker = new FakeDocker(args =>
      args[1] === 'r/app:1.2.3'
        ? { exitCode: 1, stderr: 'denied: requested access to the resource is denied' }
        : {}
    )
    const report = await pushAll(docker, targets)
    expect(report.pushed).toEqual(['r/app:v1.2.3'])
    expect(report.notPushed).toEqual(['r/app:1.2.3', 'r/app:latest', 'r/app:1'])
    expect(report.error).toMatch(/denied/)
  })
})
