// Wall time of the whole action (dist/index.js as the runner starts it) on a tiny image:
// buildx and the legacy builder, cold (no cache) and warm, with 5 tags pushed to a local
// registry. Needs the lab (scripts/lab-up.sh). Prints a table; it is not a test.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const runs = Number(process.env.BENCH_RUNS || 3)

/** @returns {Promise<number>} */
const freePort = () =>
  new Promise(res => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (s.address())
      s.close(() => res(port))
    })
  })

async function startRegistry() {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'btp-bench-reg-'))
  writeFileSync(
    join(dir, 'config.yml'),
    `version: 0.1\nlog: {level: warn}\nstorage: {filesystem: {rootdirectory: ${dir}/data}}\nhttp: {addr: 127.0.0.1:${port}}\n`
  )
  const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: 'ignore' })
  for (let i = 0; i < 50; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/v2/`)
      break
    } catch {
      await new Promise(r => setTimeout(r, 100))
    }
  }
  return { host: `127.0.0.1:${port}`, stop: () => child.kill() }
}

/**
 * @param {Record<string, string>} inputs
 * @param {number} n
 */
function runAction(inputs, n) {
  const dir = mkdtempSync(join(tmpdir(), 'btp-bench-'))
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/tags/v1.2.3',
    GITHUB_SHA: String(n).padStart(40, '0'),
    GITHUB_REPOSITORY: 'acme/bench',
    GITHUB_WORKSPACE: dir,
    RUNNER_TEMP: join(dir, 'tmp'),
    GITHUB_OUTPUT: join(dir, 'out'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_API_URL: 'http://127.0.0.1:9'
  }
  mkdirSync(env.RUNNER_TEMP)
  writeFileSync(env.GITHUB_OUTPUT, '')
  writeFileSync(env.GITHUB_STATE, '')
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v
  const start = performance.now()
  const r = spawnSync(process.execPath, [join(root, 'dist', 'index.js')], {
    env,
    cwd: dir,
    encoding: 'utf8'
  })
  const ms = performance.now() - start
  if (r.status !== 0) throw new Error(`action failed:\n${r.stdout}\n${r.stderr}`)
  spawnSync(process.execPath, [join(root, 'dist', 'post', 'index.js')], { env, cwd: dir })
  return ms
}

const ctx = mkdtempSync(join(tmpdir(), 'btp-bench-ctx-'))
writeFileSync(
  join(ctx, 'Dockerfile'),
  'FROM localbase/busybox:1\nARG N\nRUN echo "$N" > /n\nCMD ["sh","-c","echo ready; exec sleep 60"]\n'
)
const registry = await startRegistry()
const rows = []
try {
  for (const buildx of ['auto', 'false']) {
    for (const cache of ['cold', 'warm']) {
      const times = []
      for (let i = 0; i < runs; i++) {
        times.push(
          runAction(
            {
              images: `${registry.host}/bench/${buildx}`,
              context: ctx,
              buildx,
              'no-cache': cache === 'cold' ? 'true' : 'false',
              'build-args': 'N=1',
              'smoke-log': 'ready',
              // Performance figures leave out the stay-up window (docs/smoke.md).
              'smoke-settle': '0',
              smoke: 'true',
              push: 'true'
            },
            i
          )
        )
      }
      times.sort((a, b) => a - b)
      rows.push({
        builder: buildx === 'auto' ? 'buildx' : 'legacy',
        cache,
        'median s': (times[Math.floor(times.length / 2)] / 1000).toFixed(2),
        'min s': (times[0] / 1000).toFixed(2)
      })
    }
  }
} finally {
  registry.stop()
}
console.log(
  `whole action (resolve, build, smoke, push 5 tags), ${runs} runs each, node ${process.version}`
)
console.table(rows)
