import { describe, expect, it } from '@jest/globals'
import { isForkPullRequest } from '../../../src/action/fork.js'

const pr = (head: unknown, base: unknown): Record<string, unknown> => ({
  pull_request: { head: { repo: head }, base: { repo: base } }
})
const repo = (full_name: string): Record<string, unknown> => ({ full_name })

describe('isForkPullRequest', () => {
  it.each([
    ['same-repo PR', 'pull_request', pr(repo('acme/app'), repo('acme/app')), false],
    ['same repo, different case', 'pull_request', pr(repo('Acme/App'), repo('acme/app')), false],
    ['fork PR', 'pull_request', pr(repo('mallory/app'), repo('acme/app')), true],
    [
      'fork via pull_request_target',
      'pull_request_target',
      pr(repo('m/app'), repo('acme/app')),
      true
    ],
    ['same-repo pull_request_target', 'pull_request_target', pr(repo('a/b'), repo('a/b')), false],
    ['deleted fork (head.repo null)', 'pull_request', pr(null, repo('acme/app')), true],
    ['payload without pull_request', 'pull_request', {}, true],
    [
      'head without repo',
      'pull_request',
      { pull_request: { head: {}, base: { repo: repo('a/b') } } },
      true
    ],
    ['push', 'push', {}, false],
    ['push with a stray pull_request', 'push', pr(repo('m/app'), repo('a/app')), false],
    ['workflow_dispatch', 'workflow_dispatch', {}, false]
  ])('%s', (_name, event, payload, expected) => {
    expect(isForkPullRequest(event, payload)).toBe(expected)
  })
})
