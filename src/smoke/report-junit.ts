import { plainText } from './report-text.js'
import type { ScenarioReport, SmokeReport } from './types.js'

function xml(text: string): string {
  return plainText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\uD800-\uDFFF\uFFFE\uFFFF]/g, '\uFFFD')
}

const sec = (ms: number): string => (ms / 1000).toFixed(3)

function suite(s: ScenarioReport): string {
  const cases = s.checks.map(c => {
    const open = `    <testcase classname="smoke.${xml(s.name)}" name="${xml(c.name)}" time="${sec(c.timeMs)}"`
    if (c.result === 'passed') return `${open}/>`
    const why = c.matchedLine !== undefined ? `matched: ${c.matchedLine}` : s.message
    return `${open}>\n      <failure message="${xml(s.message)}">${xml(why)}</failure>\n    </testcase>`
  })
  // A scenario can fail with every listed check green (e.g. docker run itself failed).
  if (s.result === 'failed' && !s.checks.some(c => c.result === 'failed')) {
    cases.push(
      `    <testcase classname="smoke.${xml(s.name)}" name="scenario" time="${sec(s.durationMs)}">\n      <failure message="${xml(s.message)}"/>\n    </testcase>`
    )
  }
  const failures = cases.filter(c => c.includes('<failure')).length
  const out = s.outputTail.map(xml).join('\n')
  return [
    `  <testsuite name="smoke.${xml(s.name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${sec(s.durationMs)}">`,
    ...cases,
    `    <system-out>${out}</system-out>`,
    '  </testsuite>'
  ].join('\n')
}

/** JUnit XML: a suite per scenario and a test case per check, for test-report actions. */
export function junitXml(report: SmokeReport): string {
  const suites =
    report.result === 'skipped'
      ? [
          '  <testsuite name="smoke" tests="1" failures="0" errors="0" skipped="1" time="0.000">',
          `    <testcase classname="smoke" name="smoke test"><skipped message="${xml(report.message)}"/></testcase>`,
          '  </testsuite>'
        ].join('\n')
      : report.scenarios.map(suite).join('\n')
  const tests = report.result === 'skipped' ? 1 : (suites.match(/<testcase /g) ?? []).length
  const failures = (suites.match(/<failure /g) ?? []).length
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="smoke" tests="${tests}" failures="${failures}" time="${sec(report.durationMs)}">`,
    suites,
    '</testsuites>',
    ''
  ].join('\n')
}
