import { mdCell, mdCode } from '../util/markdown.js'
import { formatMs, plainText } from './report-text.js'
import type { ScenarioReport, SmokeReport, SmokeResult } from './types.js'

export const SUMMARY_OUTPUT_LINES = 50
/** A passing scenario shows a short excerpt, collapsed: enough to see the image start. */
export const SUMMARY_EXCERPT_LINES = 10

const ICON: Record<SmokeResult | 'pending', string> = {
  passed: '✅',
  failed: '❌',
  skipped: '⏭️',
  pending: '…'
}

/** Table cells and headings: no HTML, no markdown, no links from the image's output. */
function cell(text: string): string {
  return mdCell(plainText(text).replace(/\s+/g, ' '))
}

function codeSpan(text: string): string {
  return mdCode(plainText(text.length > 300 ? `${text.slice(0, 300)}…` : text))
}

/** A fence longer than any backtick run in the content, so output cannot close it. */
function fenced(lines: string[]): string {
  const body = lines.map(plainText).join('\n')
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map(r => r.length))
  const fence = '`'.repeat(longest + 1)
  return `${fence}text\n${body}\n${fence}`
}

function scenarioMarkdown(s: ScenarioReport): string {
  const parts = [
    `#### ${ICON[s.result]} ${cell(s.name)}: ${s.result} in ${formatMs(s.durationMs)}`,
    '',
    cell(s.message),
    ''
  ]
  if (s.checks.length > 0) {
    parts.push('| Check | Result | Time | Matching line |', '| --- | --- | --- | --- |')
    for (const c of s.checks) {
      parts.push(
        `| ${cell(c.name)} | ${ICON[c.result]} ${c.result} | ${formatMs(c.timeMs)} | ${codeSpan(c.matchedLine ?? '')} |`
      )
    }
    parts.push('')
  }
  if (s.outputTail.length > 0) {
    const failed = s.result === 'failed'
    const lines = s.outputTail.slice(-(failed ? SUMMARY_OUTPUT_LINES : SUMMARY_EXCERPT_LINES))
    parts.push(
      failed ? '<details open>' : '<details>',
      `<summary>Last ${lines.length} lines of container output</summary>`,
      '',
      fenced(lines),
      '',
      '</details>',
      ''
    )
  }
  return parts.join('\n')
}

/** Markdown for the job summary: one table of checks per scenario and its output tail. */
export function smokeSummaryMarkdown(report: SmokeReport): string {
  return smokeSummarySections(report).join('\n')
}

/** The same, one section per scenario, so an oversized summary can cut the longest ones. */
export function smokeSummarySections(report: SmokeReport): string[] {
  const head = [
    `### ${ICON[report.result]} Smoke test ${report.result} (${formatMs(report.durationMs)})`,
    '',
    cell(report.message),
    ''
  ]
  return [head.join('\n'), ...report.scenarios.map(scenarioMarkdown)]
}
