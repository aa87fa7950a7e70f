/**
 * A release that would publish nothing fails before building, with an error naming the input
 * and saying what was resolved; runs that are not releases keep building and smoke-testing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { rmSync } from 'node:fs'
import {
  docker,
  makeContext,
  registryTags,
  requireEngine,
  runAction,
  startRegistry,
  type Registry
} from '../helpers/lab.js'

const REPOSITORY = 'acme/plan-empty'
let registry: Registry
let context: string
const builtRefs: string[] = []

beforeAll(async () => {
  requireEngine()
  registry = await startRegistry()
  context = makeContext('CMD ["sh", "-c", "echo up; exec sleep 300"]')
})

afterAll(async () => {
  await registry.stop()
  rmSync(context, { recursive: true, force: true })
  if (builtRefs.length > 0) await docker('image', 'rm', '-f', ...builtRefs).catch(() => '')
})

/** The build is the first streamed docker command; the log shows it as `[command]docker …`. */
const BUILD_STARTED = /\[command\]docker (buildx )?build/

describe('a release that publishes nothing fails before building', () => {
  it.each<[string, () => Record<string, string>, string, RegExp]>([
    [
      'a tag push without images',
      () => ({ context }),
      'refs/tags/v2.3.4',
      /::error::Input "images": is required when this is a tag push \(refs\/tags\/v2\.3\.4\).*resolved tags: plan-empty:2\.3\.4/
    ],
    [
      'push: true on a branch without images',
      () => ({ context, push: 'true' }),
      'refs/heads/main',
      /::error::Input "images": is required when "push" is true/
    ],
    [
      'a tag push whose rules resolve no tag',
      () => ({
        context,
        images: `${registry.host}/plan/empty`,
        tags: 'type=semver,pattern={{nonsense}}'
      }),
      'refs/tags/v2.3.4',
      /::error::Input "tags": no tag resolved for refs\/tags\/v2\.3\.4 .*resolved tags: none/
    ]
  ])('%s', async (_name, inputs, ref, error) => {
    const run = await runAction({
      eventName: 'push',
      ref,
      repository: REPOSITORY,
      inputs: inputs()
    })
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toMatch(error)
    expect(run.stdout).not.toMatch(BUILD_STARTED)
    expect(run.outputs.pushed).toBe('false')
    expect(await registryTags(registry, 'plan/empty')).toEqual([])
  })
})

describe('runs that are not releases still build and smoke-test', () => {
  it.each<[string, string, string, Record<string, string>]>([
    ['a pull request without images', 'pull_request', 'refs/pull/9/merge', {}],
    ['push: false on a tag push without images', 'push', 'refs/tags/v2.3.5', { push: 'false' }],
    ['a branch push without images', 'push', 'refs/heads/main', {}]
  ])('%s', async (_name, eventName, ref, extra) => {
    const run = await runAction({
      eventName,
      ref,
      repository: REPOSITORY,
      payload: eventName === 'pull_request' ? { number: 9 } : {},
      inputs: { context, 'smoke-settle': '1', ...extra }
    })
    builtRefs.push(...(run.outputs.tags ?? '').split('\n').filter(Boolean))
    expect({ code: run.exitCode, out: run.exitCode === 0 ? '' : run.stdout }).toEqual({
      code: 0,
      out: ''
    })
    expect(run.stdout).toMatch(BUILD_STARTED)
    expect(run.outputs['smoke-result']).toBe('passed')
    expect(run.outputs.pushed).toBe('false')
    expect(JSON.parse(run.outputs.plan)).toMatchObject({ push: false, targets: [] })
    // Only the branch push would have pushed with images: it warns, once, that the image stays local.
    const warnings = run.stdout.match(/::warning::No "images" input/g) ?? []
    expect(warnings).toHaveLength(ref === 'refs/heads/main' ? 1 : 0)
  })
})
