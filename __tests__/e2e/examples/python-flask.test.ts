import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import {
  dockerSync,
  freePort,
  registryDigest,
  registryTags,
  repoRoot,
  requireEngine,
  runAction,
  startRegistry,
  type Registry
} from '../helpers/lab.js'

// The seed's Flask example, end to end and offline: its own Dockerfile, built FROM the Debian
// Python base that scripts/lab-python-base.sh makes (no Docker Hub, no PyPI).
const PYTHON_BASE = 'localbase/python:3'
let registry: Registry

beforeAll(async () => {
  requireEngine()
  if (dockerSync('image', 'inspect', PYTHON_BASE).code !== 0) {
    throw new Error(`${PYTHON_BASE} is missing: run scripts/lab-python-base.sh (lab-up.sh does)`)
  }
  registry = await startRegistry()
})
afterAll(async () => {
  await registry?.stop()
})

describe('examples/python-flask', () => {
  it('builds, passes its banner and HTTP smoke test, and is pushed', async () => {
    const port = await freePort()
    const name = 'docs-flask/hello'
    const run = await runAction({
      ref: 'refs/tags/v1.0.0',
      repository: 'acme/hello-flask',
      workspace: repoRoot,
      inputs: {
        context: join('examples', 'python-flask'),
        'build-args': `BASE=${PYTHON_BASE}`,
        images: `${registry.host}/${name}`,
        'smoke-network': 'host',
        'smoke-env': `HOST=127.0.0.1\nPORT=${port}`,
        'smoke-log': `Serving on port ${port}`,
        'smoke-http': [
          `http://127.0.0.1:${port}/health status=200 body=ok`,
          `http://127.0.0.1:${port}/ status=200 body=^Hello`
        ].join('\n'),
        'smoke-timeout': '60'
      }
    })
    const errors = run.stdout.split('\n').filter(l => l.startsWith('::error'))
    expect({ code: run.exitCode, smoke: run.outputs['smoke-result'], errors }).toEqual({
      code: 0,
      smoke: 'passed',
      errors: []
    })
    expect(run.outputs.pushed).toBe('true')
    expect(await registryTags(registry, name)).toEqual(['1', '1.0', '1.0.0', 'latest', 'v1.0.0'])
    expect(await registryDigest(registry, name, '1.0.0')).toBe(run.outputs.digest)
  })
})
