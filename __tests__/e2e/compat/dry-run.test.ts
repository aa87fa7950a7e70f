import { describe, expect, it } from '@jest/globals'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionEnv, readCommandFile, repoRoot, runNode } from '../helpers/lab.js'
import { UPSTREAM_CASES, type UpstreamCase } from '../../unit/meta/upstream/cases.js'
import { actionInputs, CONTEXTS, UPSTREAM_NOW } from '../../unit/meta/upstream/replay.js'

/**
 * A sample of metadata-action's own expected results (see __tests__/unit/meta/upstream),
 * replayed through the bundled action exactly as the runner starts it, with `dry-run: true`.
 * The repository API is unreachable (lab.ts points it at a closed port and no token is set),
 * so OCI labels come from the event payload; SOURCE_DATE_EPOCH stands in for upstream's frozen
 * clock; DOCKER_HOST points nowhere, so the dry run's engine probe fails and the plan assumes
 * a hosted runner (nothing else would ask docker anything).
 */
const SAMPLE = [
  'push/push02',
  'push/push07',
  'push/push14',
  'push/push17',
  'push/push20',
  'tag/tag09',
  'tag/tag11',
  'tag/tag17',
  'tag/tag19',
  'tag/tag20',
  'tag/tag22',
  'tag/tag25',
  'tag/tag32',
  'latest/latest09',
  'pr/pr09',
  'pr/pr12',
  'pr-head-sha/pr07',
  'schedule/schedule01',
  'schedule/schedule08',
  'release/release02',
  'raw/raw09',
  'json/json01'
]

/** The `annotations` output carries level prefixes; metadata-action's default level is manifest. */
function expectedAnnotations(c: UpstreamCase): string[] {
  return c.expect.annotationLevels.length > 0
    ? c.expect.annotations
    : c.expect.annotations.map(a => `manifest:${a}`)
}

async function dryRun(c: UpstreamCase): Promise<Record<string, string>> {
  const e = CONTEXTS.events[c.env]
  const dir = mkdtempSync(join(tmpdir(), 'btp-compat-'))
  const env = actionEnv(
    {
      eventName: e.eventName,
      ref: e.ref,
      sha: e.sha,
      repository: e.repository,
      payload: e.payload as Record<string, unknown>,
      // metadata-action never pushes; without `push: false` a tag push without `images` (as in
      // latest10) is a release that would publish nothing, which fails by design.
      inputs: { ...actionInputs(c), 'dry-run': 'true', push: 'false' },
      env: {
        DOCKER_HOST: 'unix:///nonexistent',
        SOURCE_DATE_EPOCH: String(UPSTREAM_NOW.getTime() / 1000),
        ...(c.prHeadSha ? { DOCKER_METADATA_PR_HEAD_SHA: 'true' } : {})
      }
    },
    dir
  )
  const res = await runNode(join(repoRoot, 'dist', 'index.js'), env, dir)
  if (res.code !== 0) throw new Error(`${c.id}: exit ${res.code}\n${res.stdout}\n${res.stderr}`)
  return readCommandFile(env.GITHUB_OUTPUT)
}

const lines = (s: string | undefined) => (s ? s.split('\n') : [])

describe('dry-run gives metadata-action results (bundled action)', () => {
  const cases = SAMPLE.map(id => {
    const c = UPSTREAM_CASES.find(x => x.id === id)
    if (!c) throw new Error(`unknown case ${id}`)
    return [id, c] as const
  })

  it.each(cases)('%s', async (_id, c) => {
    const out = await dryRun(c)
    expect(out.version).toBe(c.expect.version)
    expect(lines(out.tags)).toEqual(c.expect.tags)
    expect(lines(out.labels)).toEqual(c.expect.labels)
    expect(lines(out.annotations)).toEqual(expectedAnnotations(c))
    expect(out.pushed).toBe('false')
  })
})

describe('deliberate difference (docs/metadata-action-differences.md)', () => {
  it('latest/latest10: without images the tags name the repository image', async () => {
    const c = UPSTREAM_CASES.find(x => x.id === 'latest/latest10')!
    const out = await dryRun(c)
    expect(out.version).toBe(c.expect.version)
    // metadata-action prints bare tags (`2.0.8`); an image we build needs a name.
    expect(lines(out.tags)).toEqual(c.expect.tags.map(t => `test-docker-action:${t}`))
    expect(lines(out.labels)).toEqual(c.expect.labels)
  })
})
