#!/usr/bin/env node
/**
 * The warm 5-tag release with a log-pattern smoke test: the bundled action (main + post, as the
 * runner starts them) against the same work as bare docker commands, in alternation, on the
 * same fixture and loopback registry. Then, through a docker shim that timestamps and counts
 * calls: start-up (node start → first docker call), the docker calls of each step, and the
 * post step's time. Not a test: it prints a table.
 *
 *   node bench/release.mjs [--runs 5] [--probes 3] [--node PATH] [--dist DIR]
 *
 * PERF_TRACE=1 also prints each shimmed run's docker calls with their time since node started;
 * PERF_TRACE=2 stamps every line of output (and the exit). PERF_NODE_ARGS passes node flags.
 *
 * Needs the lab: the engine, localbase/busybox:1, docker-registry (see ../../shared/LAB.md).
 */
import { spawnSync } from 'node:child_process'
import {
  cleanup,
  dockerShim,
  fixtureContext,
  forgetRefs,
  log,
  machine,
  msf,
  nodeFloor,
  options,
  releaseInputs,
  runAction,
  runBare,
  sec,
  startRegistry,
  stats
} from './lib.mjs'

/** Milliseconds for node to start and exit with nothing to do. */
function emptyNode(node) {
  const t0 = performance.now()
  spawnSync(node, ['-e', '0'], { stdio: 'ignore' })
  return performance.now() - t0
}

const opts = options({ probes: { type: 'string', default: '3' } })
const probes = Math.max(1, Number(opts.probes) || 1)
const refs = new Set()
try {
  const registry = await startRegistry()
  const context = fixtureContext()
  const inputs = releaseInputs({ registries: [registry], context })

  // Warm-up: fills the build cache and the registry, so every timed run is a warm rerun.
  const warm = await runAction(opts, inputs)
  for (const r of warm.refs) refs.add(r)
  await runBare(warm.refs, context)

  const ours = []
  const bare = []
  const empty = []
  for (let i = 0; i < opts.runs; i++) {
    bare.push((await runBare(warm.refs, context)).totalMs)
    ours.push(await runAction(opts, inputs))
    empty.push(emptyNode(opts.node))
  }
  const shim = dockerShim()
  const probed = []
  const floor = []
  for (let i = 0; i < probes; i++) {
    probed.push(await runAction(opts, inputs, shim))
    floor.push(await nodeFloor(opts.node, shim))
  }

  const row = (what, xs, base) => {
    const s = stats(xs)
    const b = base ? stats(base) : undefined
    return {
      what,
      'median s': sec(s.median),
      'min s': sec(s.min),
      'max s': sec(s.max),
      'diff s': b ? sec(s.median - b.median) : '',
      ratio: b ? (s.median / b.median).toFixed(2) : ''
    }
  }
  log(`warm ${warm.refs.length}-tag release, log-pattern smoke test, ${opts.runs} alternating runs`)
  log(`machine: ${machine(opts.node)}; bundle: ${opts.dist}`)
  console.table([
    row('bare docker (build, run -d, logs -f, rm -f, pushes)', bare),
    row(
      'action main + post',
      ours.map(r => r.totalMs),
      bare
    ),
    row(
      'action main',
      ours.map(r => r.mainMs),
      bare
    ),
    row(
      'action post',
      ours.map(r => r.postMs)
    ),
    // The post step's floor: node starting and exiting with nothing to do.
    row('node itself (an empty script)', empty)
  ])
  const st = stats(probed.map(r => r.startupMs))
  const calls = probed[probed.length - 1]
  log(`start-up (node start → first docker call, through the shim, ${probes} runs):`)
  log(`  median ${msf(st.median)} ms, min ${msf(st.min)} ms, max ${msf(st.max)} ms`)
  const fl = stats(floor)
  log(`  node's floor (a script that only spawns docker): median ${msf(fl.median)} ms`)
  log(
    `docker calls: main ${calls.mainCalls.length}, post ${calls.postCalls.length}, total ${calls.mainCalls.length + calls.postCalls.length} (bare: ${4 + warm.refs.length})`
  )
  for (const c of calls.mainCalls)
    log(`  main: docker ${c.length > 110 ? `${c.slice(0, 110)}…` : c}`)
  for (const c of calls.postCalls) log(`  post: docker ${c}`)
} finally {
  forgetRefs(refs)
  await cleanup()
}
