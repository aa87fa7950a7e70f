#!/usr/bin/env node
/**
 * How the action's time grows with the work: 1, 5 and 20 tags on 1 registry, 5 tags on 3
 * registries, and 0 against 50 build-args and labels. Each case runs the bundled action (main
 * + post) and the bare-docker equivalent in alternation, warm, and prints medians, the
 * difference and the ratio, plus the time per pushed reference. Not a test.
 *
 *   node bench/scaling.mjs [--runs 1] [--only '3 registries'] [--latency MS] [--node PATH] [--dist DIR]
 *
 * --latency MS puts a proxy before each registry that holds every request MS milliseconds, as
 * a remote registry's round trip does; on loopback alone a push is CPU-bound.
 */
import {
  cleanup,
  fixtureContext,
  forgetRefs,
  log,
  machine,
  options,
  releaseInputs,
  runAction,
  runBare,
  sec,
  startRegistry,
  stats,
  withLatency
} from './lib.mjs'

const opts = options(
  { only: { type: 'string', default: '' }, latency: { type: 'string', default: '0' } },
  { runs: 1 }
)
const latency = Math.max(0, Number(opts.latency) || 0)
const refs = new Set()
try {
  const all = []
  for (let i = 0; i < 3; i++) all.push(await withLatency(await startRegistry(), latency))
  const context = fixtureContext()
  const cases = [
    { name: '1 tag, 1 registry', registries: all.slice(0, 1), tags: 1 },
    { name: '5 tags, 1 registry', registries: all.slice(0, 1), tags: 5 },
    { name: '20 tags, 1 registry', registries: all.slice(0, 1), tags: 20 },
    { name: '5 tags, 3 registries', registries: all, tags: 5 },
    {
      name: '5 tags, 50 build-args + 50 labels',
      registries: all.slice(0, 1),
      tags: 5,
      buildArgs: 50,
      labels: 50
    }
  ]
  const rows = []
  for (const c of cases.filter(c => c.name.includes(opts.only))) {
    const inputs = releaseInputs({ ...c, context })
    const extra = { buildArgs: c.buildArgs ?? 0, labels: c.labels ?? 0 }
    const warm = await runAction(opts, inputs)
    for (const r of warm.refs) refs.add(r)
    await runBare(warm.refs, context, extra)
    const ours = []
    const bare = []
    const oursPush = []
    const barePush = []
    for (let i = 0; i < opts.runs; i++) {
      const br = await runBare(warm.refs, context, extra)
      bare.push(br.totalMs)
      barePush.push(br.pushMs)
      const or = await runAction(opts, inputs)
      ours.push(or.totalMs)
      oursPush.push(or.pushMs)
    }
    const o = stats(ours)
    const b = stats(bare)
    rows.push({
      case: c.name,
      refs: warm.refs.length,
      'bare s': sec(b.median),
      'action s': sec(o.median),
      'diff s': sec(o.median - b.median),
      ratio: (o.median / b.median).toFixed(2),
      'action s/ref': sec(o.median / warm.refs.length),
      // The push phase alone: bare docker pushes one reference after another.
      'bare push s': sec(stats(barePush).median),
      'action push s': sec(stats(oursPush).median)
    })
  }
  log(
    `scaling, warm, ${opts.runs} alternating run(s) per case (medians), registry latency ${latency} ms`
  )
  log(`machine: ${machine(opts.node)}; bundle: ${opts.dist}`)
  console.table(rows)
} finally {
  forgetRefs(refs)
  await cleanup()
}
