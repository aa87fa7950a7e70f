import { describe, expect, it } from '@jest/globals'
import { junitXml } from '../../../src/smoke/report-junit.js'
import { smokeSummaryMarkdown } from '../../../src/smoke/report-markdown.js'
import type { ScenarioReport, SmokeReport } from '../../../src/smoke/types.js'

const passed: ScenarioReport = {
  name: 'web',
  result: 'passed',
  message: 'all checks passed',
  durationMs: 1500,
  checks: [{ name: 'log /ready/', result: 'passed', timeMs: 42, matchedLine: 'ready | on :80' }],
  outputTail: ['boot', 'ready | on :80'],
  droppedLines: 0
}
const failed: ScenarioReport = {
  name: 'worker',
  result: 'failed',
  message: 'timed out after 5s waiting for: /done/',
  durationMs: 5000,
  checks: [{ name: 'log /done/', result: 'failed', timeMs: 5000 }],
  outputTail: Array.from({ length: 80 }, (_, i) => `line ${i + 1}`).concat([
    '\x1b[31mred\x1b[0m ``` <b>&'
  ]),
  droppedLines: 3
}
const report = (scenarios: ScenarioReport[], result: SmokeReport['result']): SmokeReport => ({
  result,
  message: result === 'passed' ? '1 smoke scenario passed' : 'worker: timed out',
  durationMs: 6500,
  scenarios
})

describe('smokeSummaryMarkdown', () => {
  const md = smokeSummaryMarkdown(report([passed, failed], 'failed'))

  it('has a heading and a table row per check', () => {
    expect(md).toContain('### ❌ Smoke test failed (6.5 s)')
    expect(md).toContain('| Check | Result | Time | Matching line |')
    expect(md).toContain('| log /ready/ | ✅ passed | 42 ms | `ready \\| on :80` |')
    expect(md).toContain('| log /done/ | ❌ failed | 5.0 s |  |')
  })

  it("shows a failure's last 50 output lines open, escaped and uncoloured", () => {
    expect(md.match(/<details open>/g)).toHaveLength(1)
    expect(md).toContain('<summary>Last 50 lines of container output</summary>')
    expect(md).not.toContain('line 31\n')
    expect(md).toContain('line 32\n')
    expect(md).toContain('````text\n')
    expect(md).toContain('red ``` <b>&')
    expect(md).not.toContain('\x1b')
  })

  it("shows a passing scenario's output as a collapsed excerpt", () => {
    const ok = smokeSummaryMarkdown(report([passed], 'passed'))
    expect(ok).toContain('<details>\n<summary>Last 2 lines of container output</summary>')
    expect(ok).toContain('boot\nready | on :80')
    expect(ok).not.toContain('<details open>')
  })

  it('reports a skipped run', () => {
    const skipped = smokeSummaryMarkdown({
      result: 'skipped',
      message: 'smoke test disabled (smoke: false)',
      durationMs: 0,
      scenarios: []
    })
    expect(skipped).toContain('Smoke test skipped')
    expect(skipped).toContain('smoke test disabled (smoke: false)')
  })
})

describe('junitXml', () => {
  it('writes a suite per scenario and a case per check', () => {
    const xml = junitXml(report([passed, failed], 'failed'))
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="smoke" tests="2" failures="1" time="6.500">/
    )
    expect(xml).toContain('<testsuite name="smoke.web" tests="1" failures="0"')
    expect(xml).toContain('<testcase classname="smoke.web" name="log /ready/" time="0.042"/>')
    expect(xml).toContain('<failure message="timed out after 5s waiting for: /done/">')
    expect(xml).toContain('red ``` &lt;b&gt;&amp;')
    expect(xml).not.toContain('\x1b')
  })

  it('adds a scenario case when no check explains the failure', () => {
    const xml = junitXml(
      report([{ ...failed, checks: [], message: 'docker run failed: "x"' }], 'failed')
    )
    expect(xml).toContain('name="scenario"')
    expect(xml).toContain('<failure message="docker run failed: &quot;x&quot;"/>')
  })

  it('marks a skipped run', () => {
    const xml = junitXml({ result: 'skipped', message: 'off', durationMs: 0, scenarios: [] })
    expect(xml).toContain('tests="1" failures="0"')
    expect(xml).toContain('<skipped message="off"/>')
  })
})
