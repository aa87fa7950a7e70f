#!/usr/bin/env node
/**
 * How the action's time grows with the work: 1, 5 and 20 tags on 1 registry, 5 tags on 3
 * registries, and 0 against 50 build-args and labels. Each case runs the bundled action (main
 * + post) and the bare-docker equivalent in alternation, warm, and prints medians, the
 * difference and the ratio, plus the time per pushed reference. Not a test.
 *
 *   node bench/scaling.mjs [--runs 1] [--node PATH] [--dist DIR]
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
  stats
} from './lib.mjs'

const opts = options({}, { runs: 1 })
const refs = new Set()
try {
  const all = [await startRegistry(), await startRegistry(), await startRegistry()]
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
  for (const c of cases) {
    const inputs = releaseInputs({ ...c, context })
    const extra = { buildArgs: c.buildArgs ?? 0, labels: c.labels ?? 0 }
    const warm = await runAction(opts, inputs)
    for (const r of warm.refs) refs.add(r)
    await runBare(warm.refs, context, extra)
    const ours = []
    const bare = []
    for (let i = 0; i < opts.runs; i++) {
      bare.push((await runBare(warm.refs, context, extra)).totalMs)
      ours.push((await runAction(opts, inputs)).totalMs)
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
      'action s/ref': sec(o.median / warm.refs.length)
    })
  }
  log(`scaling, warm, ${opts.runs} alternating run(s) per case (medians)`)
  log(`machine: ${machine(opts.node)}; bundle: ${opts.dist}`)
  console.table(rows)
} finally {
  forgetRefs(refs)
  await cleanup()
}
