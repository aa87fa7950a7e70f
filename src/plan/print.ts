import * as core from '../util/core.js'
import type { Metadata } from '../meta/index.js'
import type { RunPlan } from './types.js'
import { oneLine } from '../util/untrusted.js'

/** `dry-run`: what would happen, each docker call as the argv the run hands to docker. */
export function printPlan(meta: Pick<Metadata, 'version' | 'labels'>, plan: RunPlan): void {
  core.info(`Version: ${meta.version}`)
  core.info(`Tags:\n${plan.targets.map(t => `  ${t.ref}`).join('\n')}`)
  // Labels carry text from the GitHub API (the description): one log line each, always.
  core.info(`Labels:\n${meta.labels.map(l => `  ${oneLine(l)}`).join('\n')}`)
  core.info('Plan (each docker command as argv):')
  for (const c of plan.commands) {
    const env = c.env
      ? ` (env ${Object.entries(c.env)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')})`
      : ''
    const stdin = c.stdin ? ` (${c.stdin} on stdin)` : ''
    core.info(`${JSON.stringify(['docker', ...c.argv])}${env}${stdin}`)
  }
  for (const step of plan.apiSteps ?? []) core.info(`(not a docker call) ${step}`)
  if (!plan.push) core.info(`(no push) ${plan.notPushing ?? ''}`.trim())
}
