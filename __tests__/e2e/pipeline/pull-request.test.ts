import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  leftoverContainers,
  makeContext,
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

const prPayload = {
  number: 42,
  pull_request: {
    number: 42,
    head: { sha: 'a'.repeat(40), ref: 'feature', repo: { full_name: 'acme/demo' } },
    base: { ref: 'main', repo: { full_name: 'acme/demo' } }
  }
}

describe('pull request', () => {
  it('builds and smoke-tests, but pushes nothing', async () => {
    const context = makeContext('CMD ["sh", "-c", "echo pr build up; exec sleep 300"]')
    const run = await runAction({
      eventName: 'pull_request',
      ref: 'refs/pull/42/merge',
      payload: prPayload,
      inputs: { images: `${registry.host}/acme/pr`, context, 'smoke-log': 'pr build up' }
    })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.tags).toBe(`${registry.host}/acme/pr:pr-42`)
    expect(run.outputs['smoke-result']).toBe('passed')
    expect(run.outputs.pushed).toBe('false')
    expect(run.outputs.digest).toBe('')
    expect(await registryTags(registry, 'acme/pr')).toEqual([])
    expect(await leftoverContainers(run.state['run-id'])).toEqual([])
  })

  it('a crashing image fails the step, shows its output, pushes nothing, leaves no container', async () => {
    const context = makeContext(
      'CMD ["sh", "-c", "echo starting; echo \'Traceback (most recent call last):\'; echo \'  File app.py, line 1\'; echo \'ZeroDivisionError: division by zero\'; exec sleep 300"]'
    )
    const run = await runAction({
      eventName: 'push',
      ref: 'refs/tags/v3.0.0',
      payload: {},
      inputs: {
        images: `${registry.host}/acme/crash`,
        context,
        push: 'true',
        'smoke-timeout': '30'
      }
    })
    expect(run.exitCode).not.toBe(0)
    expect(run.stdout).toMatch(/::error::.*Smoke test failed/)
    // The annotation, the summary's result line and smoke-report name the cause, not the pattern.
    const cause = 'ZeroDivisionError: division by zero'
    expect(run.stdout).toMatch(
      /::error::Smoke test failed: the container crashed \(Python exception\): ZeroDivisionError: division by zero/
    )
    expect(run.summary).toMatch(/\*\*Result:\*\* ❌ .*ZeroDivisionError: division by zero/)
    const report = JSON.parse(run.outputs['smoke-report']) as { scenarios: { cause?: unknown }[] }
    expect(report.scenarios[0].cause).toBe(cause)
    expect(run.stdout).toContain('Traceback (most recent call last):')
    expect(run.stdout).toContain('starting')
    expect(run.outputs['smoke-result']).toBe('failed')
    expect(run.outputs.pushed).toBe('false')
    expect(await registryTags(registry, 'acme/crash')).toEqual([])
    expect(await leftoverContainers(run.state['run-id'])).toEqual([])
  })

  it('an image that exits non-zero before its ready line fails', async () => {
    const context = makeContext('CMD ["sh", "-c", "echo boom >&2; exit 2"]')
    const run = await runAction({
      eventName: 'push',
      ref: 'refs/heads/main',
      inputs: { images: `${registry.host}/acme/exit`, context, 'smoke-log': 'never printed' }
    })
    expect(run.exitCode).not.toBe(0)
    expect(run.outputs['smoke-result']).toBe('failed')
    expect(run.stdout).toContain('boom')
    expect(await registryTags(registry, 'acme/exit')).toEqual([])
    expect(await leftoverContainers(run.state['run-id'])).toEqual([])
  })
})
