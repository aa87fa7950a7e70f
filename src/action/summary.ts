import * as core from '../util/core.js'
import type { Metadata } from '../meta/index.js'
import type { PhaseTiming } from './phases.js'
import { pushReportMarkdown, type PushReport } from '../registry/push.js'
import type { PushTarget } from '../plan/types.js'
import { smokeSummaryMarkdown, type SmokeReport } from '../smoke/index.js'

/** What the job summary reports; filled in as the run goes, written once at the end. */
export interface RunSummary {
  phases: PhaseTiming[]
  meta?: Metadata
  /** Every tag of the run, as the plan has them. */
  targets?: readonly PushTarget[]
  imageId?: string
  /** Which platforms were built and which one was smoke-tested (buildx builds). */
  platforms?: string
  smoke?: SmokeReport
  push?: PushReport
  dryRun?: boolean
  error?: string
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

export function summaryMarkdown(s: RunSummary): string {
  const out: string[] = ['## build-tag-push', '']
  const status = s.error ? `❌ ${escapeCell(s.error)}` : s.dryRun ? '📝 dry run' : '✅ success'
  out.push(`**Result:** ${status}`, '')
  if (s.meta) out.push(`**Version:** \`${s.meta.version || '(none)'}\``, '')
  if (s.push) {
    // The push report has every tag with its status and why it is not published.
    out.push(pushReportMarkdown(s.push), '')
  } else if (s.targets) {
    out.push('| Tag | Kind | Pushed |', '|---|---|---|')
    for (const t of s.targets) {
      out.push(`| \`${escapeCell(t.ref)}\` | ${t.floating ? 'floating' : 'immutable'} | no |`)
    }
    out.push('')
  }
  if (s.imageId) out.push(`**Image ID:** \`${s.imageId}\``, '')
  if (s.platforms) out.push(`**Platforms:** ${escapeCell(s.platforms)}`, '')
  if (s.push?.digest) out.push(`**Digest:** \`${s.push.digest}\``, '')
  if (s.smoke) out.push(smokeSummaryMarkdown(s.smoke), '')
  if (s.phases.length > 0) {
    out.push('| Phase | Duration | Result |', '|---|---|---|')
    for (const p of s.phases)
      out.push(`| ${p.name} | ${(p.ms / 1000).toFixed(2)} s | ${p.ok ? 'ok' : 'failed'} |`)
    out.push('')
  }
  return out.join('\n')
}

/** Writes the summary if the runner gave us a summary file; the CLI prints it instead. */
export function writeSummary(s: RunSummary): void {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  try {
    core.appendSummary(`${summaryMarkdown(s)}\n`)
  } catch (err) {
    core.warning(
      `Could not write the job summary: ${err instanceof Error ? err.message : String(err)}`
    )
  }
}
