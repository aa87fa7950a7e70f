import * as core from '../util/core.js'
import type { Metadata } from '../meta/index.js'
import type { PhaseTiming } from './phases.js'
import { pushReportMarkdown, type PushReport } from '../registry/push.js'
import type { PushTarget } from '../plan/types.js'
import { smokeSummarySections, type SmokeReport } from '../smoke/index.js'
import { mdCell, mdCode, mdText } from '../util/markdown.js'
import { capSections } from './summary-cap.js'
import { redactor } from './redaction.js'

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
  /** One line each under the tags (push-by-digest: the tags it does not apply). */
  notes?: string[]
  dryRun?: boolean
  error?: string
}

/**
 * The summary as sections (result, tags, smoke report, phases), so an oversized one can be cut
 * on its own. Every piece of text that is not ours is escaped: the error message quotes the
 * image and the registry, and GitHub renders HTML and links in the summary.
 */
export function summarySections(s: RunSummary): string[] {
  const head: string[] = ['## build-tag-push', '']
  const status = s.error ? `❌ ${mdText(s.error)}` : s.dryRun ? '📝 dry run' : '✅ success'
  head.push(`**Result:** ${status}`, '')
  if (s.meta) head.push(`**Version:** ${mdCode(s.meta.version || '(none)', false)}`, '')
  const sections = [head.join('\n')]
  const tags: string[] = []
  if (s.push) {
    // The push report has every tag with its status and why it is not published.
    tags.push(pushReportMarkdown(s.push), '')
  } else if (s.targets) {
    tags.push('| Tag | Kind | Pushed |', '|---|---|---|')
    for (const t of s.targets) {
      tags.push(`| ${mdCode(t.ref)} | ${t.floating ? 'floating' : 'immutable'} | no |`)
    }
    tags.push('')
  }
  if (s.imageId) tags.push(`**Image ID:** ${mdCode(s.imageId, false)}`, '')
  if (s.platforms) tags.push(`**Platforms:** ${mdText(s.platforms)}`, '')
  if (s.push?.digest) tags.push(`**Digest:** ${mdCode(s.push.digest, false)}`, '')
  for (const note of s.notes ?? []) tags.push(mdText(note), '')
  if (tags.length > 0) sections.push(tags.join('\n'))
  if (s.smoke) sections.push(...smokeSummarySections(s.smoke))
  if (s.phases.length > 0) {
    const phases = ['| Phase | Duration | Result |', '|---|---|---|']
    for (const p of s.phases)
      phases.push(
        `| ${mdCell(p.name)} | ${(p.ms / 1000).toFixed(2)} s | ${p.ok ? 'ok' : 'failed'} |`
      )
    phases.push('')
    sections.push(phases.join('\n'))
  }
  return sections
}

export function summaryMarkdown(s: RunSummary): string {
  return summarySections(s).join('\n')
}

/** Writes the summary if the runner gave us a summary file; the CLI prints it instead. */
export function writeSummary(s: RunSummary): void {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  try {
    // Secrets are removed first, then the summary is cut to fit GitHub's 1 MiB limit.
    const sections = summarySections(s).map(section => redactor.redact(section))
    core.appendSummary(`${capSections(sections)}\n`)
  } catch (err) {
    core.warning(
      `Could not write the job summary: ${err instanceof Error ? err.message : String(err)}`
    )
  }
}
