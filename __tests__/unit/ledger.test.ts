import { describe, expect, it } from '@jest/globals'
import { ContainerLedger } from '../../src/lifecycle/ledger.js'
import { FakeDocker } from './fake-docker.js'

const run = ['run', '-d', '--name', 'btp-r-0', '--label', 'build-tag-push.run=r', 'img']

describe('container ledger', () => {
  it.each([
    ['nothing started', [], {}, true],
    ['started and removed', [run, ['rm', '-f', 'btp-r-0']], {}, true],
    ['started, never removed', [run], {}, false],
    [
      'already gone',
      [run, ['rm', '-f', 'btp-r-0']],
      { rm: 'Error: No such container: btp-r-0' },
      true
    ],
    ['rm failed', [run, ['rm', '-f', 'btp-r-0']], { rm: 'Error: device busy' }, false],
    [
      'a labelled container without a name',
      [['run', '--label', 'build-tag-push.run=r', 'img']],
      {},
      false
    ],
    ['an unlabelled container', [['run', '--name', 'other', 'img']], {}, true]
  ] as const)('%s', async (_name, calls, fail: { rm?: string }, clean) => {
    const docker = new ContainerLedger()
    const fake = new FakeDocker(args =>
      args[0] === 'rm' && fail.rm ? { exitCode: 1, stderr: fail.rm } : {}
    )
    const wrapped = docker.wrap(fake)
    for (const args of calls) await wrapped.exec(args, { allowFailure: true })
    expect(docker.allRemoved()).toBe(clean)
    expect(fake.calls).toEqual(calls)
  })

  it('sees containers started by spawn (an attached run)', () => {
    const ledger = new ContainerLedger()
    ledger.wrap(new FakeDocker()).spawn(run)
    expect(ledger.allRemoved()).toBe(false)
  })
})
