#!/usr/bin/env node
/**
 * A cold release: a fresh 50 MB layer (random bytes, so nothing is cached or already in the
 * registry), 5 tags, a smoke test that takes about 1 s (the ready line comes after `sleep 1`),
 * into an empty repository. Three sides in alternation: the bare sequential script (build,
 * smoke, then push), the action with `upload-during-smoke: true` (the layers go up while the
 * smoke test runs) and the action as it is by default. Not a test: it prints a table.
 *
 *   node bench/cold.mjs [--runs 3] [--mb 50] [--node PATH] [--dist DIR]
 *
 * Needs the lab: the engine, localbase/busybox:1, docker-registry (see ../../shared/LAB.md).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  BASE,
  READY,
  cleanup,
  dockerAsync,
  forgetRefs,
  log,
  logsUntil,
  machine,
  onCleanup,
  options,
  releaseInputs,
  runAction,
  sec,
  startRegistry,
  stats
} from './lib.mjs'

const opts = options({ mb: { type: 'string', default: '50' } }, { runs: 3 })
const bytes = Math.round(Number(opts.mb) * 1e6)

function coldContext() {
  const dir = mkdtempSync(join(tmpdir(), 'perf-cold-'))
  writeFileSync(
    join(dir, 'Dockerfile'),
    `FROM ${BASE}\nARG BUST=0\nRUN head -c ${bytes} /dev/urandom > /payload && echo "$BUST" > /bust\n` +
      `CMD ["sh","-c","sleep 1; echo '${READY}'; exec sleep 30"]\n`
  )
  onCleanup(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

let n = 0
const bust = () => `${process.pid}-${Date.now()}-${n++}`

/** Build, run until the ready line, remove, then push every tag: one step after another. */
async function bare(registry, context, tags, repo) {
  const refs = tags.map(t => `${registry}/${repo}:${t}`)
  const name = `perf-cold-${process.pid}-${n}`
  const t0 = performance.now()
  await dockerAsync([
    'build',
    // The lab has no bridge network: RUN steps get none, as the action's builds do.
    '--network',
    'none',
    '-q',
    '--build-arg',
    `BUST=${bust()}`,
    ...refs.flatMap(r => ['-t', r]),
    context
  ])
  await dockerAsync(['run', '-d', '--name', name, '--network', 'none', refs[0]])
  await logsUntil(name, READY)
  await dockerAsync(['rm', '-f', name])
  for (const ref of refs) await dockerAsync(['push', '-q', ref])
  const ms = performance.now() - t0
  return { ms, refs }
}

async function ours(registry, context, repo, early) {
  const inputs = {
    ...releaseInputs({ registries: [registry], context }),
    images: `${registry}/${repo}`,
    'build-args': `BUST=${bust()}`,
    'upload-during-smoke': early ? 'true' : 'false'
  }
  const r = await runAction(opts, inputs)
  return { ms: r.totalMs, refs: r.refs }
}

const refs = new Set()
try {
  const registry = await startRegistry()
  const context = coldContext()
  const tags = ['1.2.3', '1.2', '1', 'sha-0123456', 'latest']
  const times = { bare: [], early: [], plain: [] }
  for (let i = 0; i < opts.runs; i++) {
    const b = await bare(registry, context, tags, `cold-bare-${i}`)
    const e = await ours(registry, context, `cold-early-${i}`, true)
    const p = await ours(registry, context, `cold-plain-${i}`, false)
    times.bare.push(b.ms)
    times.early.push(e.ms)
    times.plain.push(p.ms)
    // Each run's image goes at once: fifty-megabyte layers add up.
    for (const r of [...b.refs, ...e.refs, ...p.refs]) refs.add(r)
    forgetRefs(refs)
    refs.clear()
  }
  const row = (what, xs, base) => {
    const s = stats(xs)
    const b = base ? stats(base) : undefined
    return {
      what,
      'median s': sec(s.median),
      'min s': sec(s.min),
      'max s': sec(s.max),
      ratio: b ? (s.median / b.median).toFixed(2) : ''
    }
  }
  log(`cold 5-tag release of a ${opts.mb} MB layer, ~1 s smoke test, ${opts.runs} alternating runs`)
  log(`machine: ${machine(opts.node)}; bundle: ${opts.dist}`)
  console.table([
    row('bare docker, sequential (build, smoke, push)', times.bare),
    row('action, upload-during-smoke: true (main + post)', times.early, times.bare),
    row('action, default (main + post)', times.plain, times.bare)
  ])
} finally {
  forgetRefs(refs)
  await cleanup()
}
