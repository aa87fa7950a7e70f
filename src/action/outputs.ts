import * as core from '../util/core.js'
import { setSafeOutput } from './redaction.js'
import type { Metadata } from '../meta/index.js'
import type { SmokeReport } from '../smoke/index.js'

export interface Separators {
  sepTags: string
  sepLabels: string
  sepAnnotations: string
}

/**
 * metadata-action's outputs, also exported as DOCKER_METADATA_OUTPUT_* variables (as it does
 * unless DOCKER_METADATA_SET_OUTPUT_ENV is false), so later steps of a migrated workflow work.
 */
export function setMetadataOutputs(meta: Metadata, sep: Separators, exportEnv: boolean): void {
  const outputs: Record<string, string> = {
    version: meta.version,
    tags: meta.fullTags.join(sep.sepTags),
    'tag-names': meta.tags.map(t => t.tag).join(sep.sepTags),
    labels: meta.labels.join(sep.sepLabels),
    annotations: meta.annotations.join(sep.sepAnnotations),
    json: JSON.stringify(meta.json)
  }
  for (const [name, value] of Object.entries(outputs)) {
    setSafeOutput(name, value)
    if (exportEnv) {
      core.exportVariable(`DOCKER_METADATA_OUTPUT_${name.replace(/\W/g, '_').toUpperCase()}`, value)
    }
  }
}

/** What a run that stops early reports: nothing pushed, smoke test not run. */
export function setInitialOutputs(): void {
  setSafeOutput('pushed', 'false')
  setSafeOutput('digest', '')
  setSafeOutput('held-tags', '')
  setSafeOutput('smoke-result', 'skipped')
}

export function setSmokeOutputs(report: SmokeReport): void {
  setSafeOutput('smoke-result', report.result)
  // The output tails stay in the summary and JUnit file; outputs have size limits.
  setSafeOutput(
    'smoke-report',
    JSON.stringify({
      ...report,
      scenarios: report.scenarios.map(({ outputTail: _tail, ...rest }) => rest)
    })
  )
}
