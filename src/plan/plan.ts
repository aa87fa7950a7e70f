import * as core from '../util/core.js'
import type { Inputs } from '../action/inputs.js'
import type { Metadata } from '../meta/index.js'
import { buildArgv, loginArgv, pushArgv, tagArgv } from '../docker/argv.js'
import { buildRequest } from '../build/build.js'
import { pushOrder, type PushTarget } from '../registry/push.js'
import { smokeRunArgs, type SmokeOptions } from '../smoke/index.js'

/** `dry-run`: what would happen, each docker command as the argv it would get. */
export function printPlan(
  inputs: Inputs,
  meta: Metadata,
  smoke: SmokeOptions,
  plan: {
    contextDir: string
    file: string
    registry: string
    push: boolean
    targets: PushTarget[]
    runId: string
  }
): void {
  const show = (argv: string[]): string => JSON.stringify(['docker', ...argv])
  core.info(`Version: ${meta.version}`)
  core.info(`Tags:\n${meta.fullTags.map(t => `  ${t}`).join('\n')}`)
  core.info(`Labels:\n${meta.labels.map(l => `  ${l}`).join('\n')}`)
  core.info('Plan (each docker command as argv):')
  // Login comes first, so private base images and registry caches can be pulled.
  if (inputs.username)
    core.info(show(loginArgv(plan.registry, inputs.username)) + ' (password on stdin)')
  if (inputs.image) {
    for (const ref of meta.fullTags) core.info(show(tagArgv(inputs.image, ref)))
  } else {
    core.info(
      show(
        buildArgv({
          ...buildRequest(inputs, meta, plan, {
            network: inputs.network,
            secrets: [],
            useBuildx: inputs.buildx === 'true'
          }),
          iidFile: '<iidfile>'
        })
      )
    )
  }
  if (smoke.enabled) {
    for (const argv of smokeRunArgs(
      smoke,
      inputs.image || meta.fullTags[0] || '<image>',
      plan.runId
    )) {
      core.info(show(argv))
    }
  }
  if (plan.push) {
    for (const t of pushOrder(plan.targets)) core.info(show(pushArgv(t.ref)))
  } else {
    core.info('(no push)')
  }
}
