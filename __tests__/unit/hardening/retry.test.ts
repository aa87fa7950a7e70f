import { describe, expect, it } from '@jest/globals'
import { DockerError } from '../../../src/util/errors.js'
import {
  DEFAULT_RETRY,
  RetryBudget,
  RetryExhaustedError,
  registryRetry,
  classifyDockerFailure,
  classifyError,
  withRetry,
  type RetryInfo
} from '../../../src/registry/retry.js'

// Real stderr from docker CLI 28 / engine 20.10, captured by pushing and logging in through
// __tests__/e2e/helpers/fault-proxy.ts in front of a lab registry.
const STATE =
  'VaxpVk2km-UTviEcbIG8XyEHxxMYouNQFdx0D-8FZA57Ik5hbWUiOiJwcm9iZS9yZXNldCIsIlVVSUQiOiIxZTYx'
const engine: [string, string, boolean, number?][] = [
  [
    'push: 500 on config blob',
    'received unexpected HTTP status: 500 Internal Server Error\n',
    true
  ],
  ['push: 502 on blob', 'received unexpected HTTP status: 502 Bad Gateway\n', true],
  ['push: 503 on manifest', 'received unexpected HTTP status: 503 Service Unavailable\n', true],
  ['push: 429 json body', 'toomanyrequests: rate limit exceeded, retry after 3s\n', true, 3000],
  [
    'push: 429 plain body',
    'error parsing HTTP 429 response body: invalid character \'s\' looking for beginning of value: "slow down"\n',
    true
  ],
  [
    'push: reset mid-upload',
    `Patch "http://127.0.0.1:38163/v2/probe/reset/blobs/uploads/1e61a0af-f9ed-41e7-b02a-e267f9521a1b?_state=${STATE}": EOF\n`,
    true
  ],
  [
    'push: reset on manifest put',
    'Put "http://127.0.0.1:38163/v2/probe/resetmanifest/manifests/t4": EOF\n',
    true
  ],
  [
    'push: registry down',
    'Get "http://127.0.0.1:38467/v2/": dial tcp 127.0.0.1:38467: connect: connection refused\n',
    true
  ],
  [
    'push: ping stalled',
    'Get "http://127.0.0.1:41917/v2/": net/http: request canceled (Client.Timeout exceeded while awaiting headers)\n',
    true
  ],
  [
    'login: 500',
    'Error response from daemon: login attempt to http://127.0.0.1:35635/v2/ failed with status: 500 Internal Server Error\n',
    true
  ],
  [
    'login: 502',
    'Error response from daemon: login attempt to http://127.0.0.1:35635/v2/ failed with status: 502 Bad Gateway\n',
    true
  ],
  [
    'login: 429',
    'Error response from daemon: login attempt to http://127.0.0.1:35635/v2/ failed with status: 429 Too Many Requests\n',
    true
  ],
  ['login: reset', 'Error response from daemon: Get "http://127.0.0.1:35635/v2/": EOF\n', true],
  [
    'login: refused',
    'Error response from daemon: Get "http://127.0.0.1:38467/v2/": dial tcp 127.0.0.1:38467: connect: connection refused\n',
    true
  ],
  [
    'login: wrong password',
    'Error response from daemon: login attempt to http://127.0.0.1:35635/v2/ failed with status: 401 Unauthorized\n',
    false
  ],
  ['push: not logged in', 'no basic auth credentials\n', false],
  ['push: 401 while logged in', 'unauthorized\n', false],
  ['push: 403', 'denied\n', false],
  ['push: NAME_UNKNOWN', 'name unknown\n', false],
  ['push: MANIFEST_INVALID', 'manifest invalid\n', false],
  [
    'manifest inspect: missing tag',
    'no such manifest: 127.0.0.1:39237/btp-hard-test/m:nope\n',
    false
  ]
]

// Shapes seen from other registries and the Go net stack (not reproducible on loopback).
const registries: [string, string, boolean, number?][] = [
  ['TLS', 'Get "https://ghcr.io/v2/": net/http: TLS handshake timeout', true],
  ['reset', 'write tcp 10.0.0.2:5555->1.2.3.4:443: write: connection reset by peer', true],
  ['pipe', 'write tcp 10.0.0.2:5555->1.2.3.4:443: write: broken pipe', true],
  ['dial timeout', 'dial tcp 1.2.3.4:443: i/o timeout', true],
  ['hub 429', 'toomanyrequests: You have reached your pull rate limit.', true],
  ['Retry-After header text', 'toomanyrequests: slow down; Retry-After: 12', true, 12000],
  ['gateway timeout', 'received unexpected HTTP status: 504 Gateway Timeout', true],
  ['hub denied', 'denied: requested access to the resource is denied', false],
  ['ghcr unauthorized', 'unauthorized: authentication required', false],
  ['403 forbidden', 'failed with status: 403 Forbidden', false],
  ['ecr name', "name unknown: The repository with name 'x' does not exist", false],
  ['local image', 'An image does not exist locally with the tag: acme/app', false],
  ['bad ref', 'invalid reference format', false],
  ['unknown', 'something odd happened', false]
]

describe('classifyDockerFailure', () => {
  // Rows padded to a fixed arity: jest treats a missing trailing argument as `done`.
  const rows = [...engine, ...registries].map(([n, s, t, after]) => [n, s, t, after ?? -1] as const)
  it.each(rows)('%s', (_name, stderr, transient, retryAfter) => {
    const c = classifyDockerFailure(stderr)
    expect(c.transient).toBe(transient)
    expect(c.reason).toBeTruthy()
    if (retryAfter >= 0) expect(c.retryAfterMs).toBe(retryAfter)
  })

  it('lets permanent failures win over transient noise in the same output', () => {
    const c = classifyDockerFailure(
      'Retrying in 5 seconds\nEOF\nunauthorized: authentication required'
    )
    expect(c.transient).toBe(false)
  })

  it('ignores words inside URLs (repository names, upload state)', () => {
    const c = classifyDockerFailure(
      'Put "http://127.0.0.1:5000/v2/acme/access-denied/manifests/unauthorized": EOF'
    )
    expect(c).toMatchObject({ transient: true, reason: 'EOF' })
    expect(
      classifyDockerFailure('Patch "http://h/v2/a/blobs/uploads/x?_state=ab-EOF-cd": unauthorized')
        .transient
    ).toBe(false)
  })

  it('does not read status codes out of digests or sizes', () => {
    expect(classifyDockerFailure('digest sha256:500a502b size 5003').transient).toBe(false)
  })
})

describe('classifyError', () => {
  it('reads DockerError stderr and node errno codes', () => {
    const d = new DockerError(['push', 'x'], 1, 'EOF', 'Put "http://h/v2/x/manifests/1": EOF\n')
    expect(classifyError(d).transient).toBe(true)
    const e = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    expect(classifyError(e).transient).toBe(true)
    expect(classifyError('weird').transient).toBe(false)
  })
})

function harness(random = 0.5) {
  const sleeps: number[] = []
  const retries: RetryInfo[] = []
  return {
    sleeps,
    retries,
    opts: {
      sleep: async (ms: number) => {
        sleeps.push(ms)
      },
      random: () => random,
      onRetry: (i: RetryInfo) => retries.push(i)
    }
  }
}

const transient = (): DockerError =>
  new DockerError(['push'], 1, 'received unexpected HTTP status: 502 Bad Gateway', '')
const permanent = (): DockerError =>
  new DockerError(['push'], 1, 'denied: requested access to the resource is denied', '')

describe('withRetry', () => {
  it('returns the first success without sleeping', async () => {
    const h = harness()
    await expect(
      withRetry(async () => 42, { retries: 3, maxWaitMs: 1000, ...h.opts })
    ).resolves.toBe(42)
    expect(h.sleeps).toEqual([])
  })

  it('retries transient failures with exponential full-jitter backoff', async () => {
    const h = harness(0.5)
    let n = 0
    const value = await withRetry(
      async attempt => {
        n++
        if (attempt < 4) throw transient()
        return 'ok'
      },
      { retries: 3, maxWaitMs: 60000, baseMs: 1000, ...h.opts }
    )
    expect(value).toBe('ok')
    expect(n).toBe(4)
    expect(h.sleeps).toEqual([500, 1000, 2000])
    expect(h.retries.map(r => r.attempt)).toEqual([1, 2, 3])
    expect(h.retries[0].reason).toBe('HTTP 5xx')
  })

  it('jitter spans [0, ceiling): random 0 retries at once, random ~1 waits the full ceiling', async () => {
    const lo = harness(0)
    const hi = harness(0.999)
    const failTwice = () => {
      let n = 0
      return async () => {
        if (++n < 3) throw transient()
        return n
      }
    }
    await withRetry(failTwice(), { retries: 5, maxWaitMs: 60000, baseMs: 1000, ...lo.opts })
    await withRetry(failTwice(), { retries: 5, maxWaitMs: 60000, baseMs: 1000, ...hi.opts })
    expect(lo.sleeps).toEqual([])
    expect(lo.retries.map(r => r.delayMs)).toEqual([0, 0])
    expect(hi.sleeps).toEqual([999, 1998])
  })

  it('caps a single pause at capMs', async () => {
    const h = harness(0.999)
    let n = 0
    await withRetry(
      async () => {
        if (++n < 6) throw transient()
      },
      { retries: 10, maxWaitMs: 1e9, baseMs: 1000, capMs: 4000, ...h.opts }
    )
    expect(Math.max(...h.sleeps)).toBeLessThanOrEqual(4000)
  })

  it('throws a permanent error at once, unchanged, with the registry message', async () => {
    const h = harness()
    const err = permanent()
    let n = 0
    await expect(
      withRetry(
        async () => {
          n++
          throw err
        },
        { retries: 5, maxWaitMs: 60000, ...h.opts }
      )
    ).rejects.toBe(err)
    expect(n).toBe(1)
    expect(h.sleeps).toEqual([])
  })

  it('gives up after `retries` extra attempts, keeping the last message and cause', async () => {
    const h = harness()
    let n = 0
    const p = withRetry(
      async () => {
        n++
        throw transient()
      },
      { retries: 2, maxWaitMs: 60000, ...h.opts }
    )
    await expect(p).rejects.toBeInstanceOf(RetryExhaustedError)
    await p.catch((e: RetryExhaustedError) => {
      expect(e.message).toMatch(/502 Bad Gateway/)
      expect(e.message).toMatch(/after 3 attempts/)
      expect(e.attempts).toBe(3)
      expect(e.cause).toBeInstanceOf(DockerError)
    })
    expect(n).toBe(3)
  })

  it('retries: 0 means one attempt', async () => {
    let n = 0
    await expect(
      withRetry(
        async () => {
          n++
          throw transient()
        },
        { retries: 0, maxWaitMs: 60000, ...harness().opts }
      )
    ).rejects.toThrow(/after 1 attempt\)/)
    expect(n).toBe(1)
  })

  it('bounds the total wait by maxWaitMs', async () => {
    const h = harness(0.999)
    const p = withRetry(
      async () => {
        throw transient()
      },
      { retries: 50, maxWaitMs: 5000, baseMs: 1000, ...h.opts }
    )
    await expect(p).rejects.toThrow(/retry-max-wait reached/)
    expect(h.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5000)
    expect(h.sleeps.length).toBeLessThan(50)
  })

  it('honours Retry-After as a floor on the pause', async () => {
    const h = harness(0)
    let n = 0
    await withRetry(
      async () => {
        if (++n === 1) throw new DockerError(['push'], 1, 'toomanyrequests: retry after 7s', '')
      },
      { retries: 3, maxWaitMs: 60000, ...h.opts }
    )
    expect(h.sleeps).toEqual([7000])
  })

  it('gives up at once when Retry-After exceeds the remaining budget', async () => {
    const h = harness(0)
    const p = withRetry(
      async () => {
        throw new DockerError(['push'], 1, 'toomanyrequests: Retry-After: 120', '')
      },
      { retries: 3, maxWaitMs: 10000, ...h.opts }
    )
    await expect(p).rejects.toThrow(/asked to retry after 120s, beyond retry-max-wait/)
    expect(h.sleeps).toEqual([])
  })

  it('maxWaitMs 0 retries without pausing', async () => {
    const h = harness(0.9)
    let n = 0
    await withRetry(
      async () => {
        if (++n < 3) throw transient()
      },
      { retries: 3, maxWaitMs: 0, ...h.opts }
    )
    expect(n).toBe(3)
    expect(h.sleeps).toEqual([])
  })

  it('passes the attempt number and accepts a custom classifier', async () => {
    const seen: number[] = []
    await withRetry(
      async attempt => {
        seen.push(attempt)
        if (attempt < 2) throw new Error('flaky')
      },
      {
        retries: 2,
        maxWaitMs: 100,
        classify: () => ({ transient: true, reason: 'custom' }),
        ...harness().opts
      }
    )
    expect(seen).toEqual([1, 2])
  })
})

describe('RetryBudget', () => {
  it('shares one pause budget across operations and reports retries', async () => {
    const sleeps: number[] = []
    const warnings: string[] = []
    const budget = new RetryBudget({
      retries: 5,
      maxWaitMs: 3000,
      baseMs: 1000,
      sleep: async ms => {
        sleeps.push(ms)
      },
      random: () => 0.999,
      warn: m => warnings.push(m)
    })
    const alwaysDown = async (): Promise<never> => {
      throw transient()
    }
    await expect(budget.run('push a', alwaysDown)).rejects.toThrow(/502 Bad Gateway/)
    expect(budget.waitedMs).toBeLessThanOrEqual(3000)
    expect(budget.waitedMs).toBeGreaterThan(2000)
    const before = sleeps.length
    let n = 0
    await expect(
      budget.run('push b', async () => {
        n++
        throw transient()
      })
    ).rejects.toThrow(/after 1 attempt\)/)
    // The budget is spent: the second operation gets one attempt and no pause.
    expect(n).toBe(1)
    expect(sleeps.length).toBe(before)
    expect(warnings[0]).toMatch(
      /^push a: HTTP 5xx \(docker push failed .*502 Bad Gateway\); retrying in 1\.0s, attempt 2 of 6$/
    )
  })

  it('still fails permanent errors at once', async () => {
    const budget = RetryBudget.of({ retries: 3, maxWaitMs: 1000, sleep: async () => undefined })
    const err = permanent()
    await expect(
      budget.run('login', async () => {
        throw err
      })
    ).rejects.toBe(err)
    expect(RetryBudget.of(budget)).toBe(budget)
  })

  it('maps the inputs: retry-max-wait is in seconds', () => {
    expect(registryRetry({ retries: 2, retryMaxWait: 1.5 })).toEqual({
      retries: 2,
      maxWaitMs: 1500
    })
    expect(DEFAULT_RETRY).toEqual({ retries: 3, maxWaitMs: 60000 })
  })
})
