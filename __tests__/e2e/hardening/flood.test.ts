/**
 * Defect 7: build output is streamed with bounded memory. A legacy-builder RUN step prints
 * 80 MB (BuildKit clips a step's log at 2 MiB, the legacy builder streams all of it); the
 * action's peak memory is read from inside its own process, as the runner starts it.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeContext, repoDist, requireEngine, runAction } from '../helpers/lab.js'

const FLOOD_BYTES = Number(process.env.HARD_FLOOD || 80 * 1000 * 1000)

beforeAll(() => requireEngine())

describe('7: a flood of build output', () => {
  it('streams 80 MB of build output with a bounded peak memory and builds the image', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hardening-rss-'))
    const rssFile = join(dir, 'rss')
    const preload = join(dir, 'rss.mjs')
    // Records the peak resident set of each node process the runner would start.
    writeFileSync(
      preload,
      `import { appendFileSync } from 'node:fs'\nprocess.on('exit', () => appendFileSync(${JSON.stringify(rssFile)}, process.resourceUsage().maxRSS + '\\n'))\n`
    )
    const line = 'flood-' + 'x'.repeat(93)
    // A fresh step every run: a cached step prints nothing.
    const nonce = `${Date.now()}-${Math.random()}`
    const context = makeContext(
      `RUN echo ${nonce} && yes '${line}' | head -c ${FLOOD_BYTES}\nCMD ["sleep", "300"]`
    )
    const dist = process.env.BTP_HARDENING_DIST
    const res = await runAction(
      {
        inputs: { context, buildx: 'false', smoke: 'false' },
        env: { NODE_OPTIONS: `--import=${preload}` },
        timeoutMs: 400000
      },
      dist ? { main: join(dist, 'index.js'), post: join(dist, 'post', 'index.js') } : repoDist
    )
    expect(res.exitCode).toBe(0)
    // The output was shown (streamed), not swallowed.
    expect(res.stdout.length).toBeGreaterThan(FLOOD_BYTES)
    const [mainKb] = readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)
    // The whole output kept in memory (as a buffer and then a string) needs more than
    // twice its size; a bounded tail leaves node's own baseline (about 60-90 MB).
    expect(mainKb * 1024).toBeLessThan(FLOOD_BYTES * 1.5)
    rmSync(dir, { recursive: true, force: true })
    rmSync(context, { recursive: true, force: true })
  }, 420000)
})
