import { beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionEnv, repoRoot, requireEngine, runNode, readCommandFile } from '../helpers/lab.js'

beforeAll(() => requireEngine())

/** Runs main only, with DOCKER_HOST pointing nowhere: validation must fail before any docker call. */
async function runInvalid(inputs: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'btp-val-'))
  const env = actionEnv({ inputs, ref: 'refs/tags/v1.0.0' }, dir)
  env.DOCKER_HOST = 'unix:///nonexistent/docker.sock'
  const started = Date.now()
  const res = await runNode(join(repoRoot, 'dist', 'index.js'), env, dir)
  return { ...res, ms: Date.now() - started, outputs: readCommandFile(env.GITHUB_OUTPUT) }
}

describe('bad input fails fast with a message naming the input', () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['build-arg without =', { 'build-args': 'NOVALUE' }, /Input "build-args": expected KEY=VALUE/],
    ['bad smoke-log regex', { 'smoke-log': 'ready(' }, /Input "smoke-log":.*ready\(/],
    ['non-number timeout', { 'smoke-timeout': 'soon' }, /Input "smoke-timeout":.*soon/],
    ['invalid image', { images: 'Bad Image!' }, /Input "images":/],
    [
      'unknown push value',
      { push: 'sometimes' },
      /Input "push": expected one of auto, true, false/
    ],
    [
      'tag over 128 characters',
      { tags: `type=raw,value=${'a'.repeat(129)}` },
      /Input "tags":.*128/
    ],
    ['push without images', { push: 'true' }, /Input "images": is required when "push" is true/]
  ]
  it.each(cases)('%s', async (_name, inputs, message) => {
    const res = await runInvalid(inputs)
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(message)
    expect(res.stdout).not.toMatch(/Cannot connect|docker\.sock/)
    // Node startup is part of this; the check itself is immediate.
    expect(res.ms).toBeLessThan(3000)
  })
})

describe('dry-run', () => {
  it('prints the plan and sets outputs without touching docker', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'btp-dry-'))
    const env = actionEnv(
      {
        ref: 'refs/tags/v2.0.0-rc.1',
        inputs: {
          'dry-run': 'true',
          images: 'ghcr.io/acme/app\n127.0.0.1:5000/acme/app',
          'build-args': 'X=$(touch /tmp/pwned)',
          username: 'u',
          password: 'p4ss-dry-run'
        }
      },
      dir
    )
    env.DOCKER_HOST = 'unix:///nonexistent/docker.sock'
    const res = await runNode(join(repoRoot, 'dist', 'index.js'), env, dir)
    expect(res.code).toBe(0)
    const outputs = readCommandFile(env.GITHUB_OUTPUT)
    expect(outputs.version).toBe('2.0.0-rc.1')
    expect(outputs.tags.split('\n').sort()).toEqual(
      [
        'ghcr.io/acme/app:v2.0.0-rc.1',
        'ghcr.io/acme/app:2.0.0-rc.1',
        '127.0.0.1:5000/acme/app:v2.0.0-rc.1',
        '127.0.0.1:5000/acme/app:2.0.0-rc.1'
      ].sort()
    )
    expect(outputs.pushed).toBe('false')
    expect(outputs['smoke-result']).toBe('skipped')
    expect(res.stdout).toContain('"--build-arg","X=$(touch /tmp/pwned)"')
    expect(res.stdout).toContain('"push","ghcr.io/acme/app:v2.0.0-rc.1"')
    expect(res.stdout).toContain('"--password-stdin"')
    expect(res.stdout.replace('::add-mask::p4ss-dry-run', '')).not.toContain('p4ss-dry-run')
  })
})
