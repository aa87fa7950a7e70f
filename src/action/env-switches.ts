import { booleanInput, numberInput } from './inputs.js'

type Env = Record<string, string | undefined>

/**
 * Environment switches metadata-action documents, parsed with the inputs so a bad value fails
 * before anything runs. Inputs of the same meaning win (applied in loadMetadata).
 */
export interface EnvSwitches {
  apiUrl?: string
  /** SOURCE_DATE_EPOCH: pins every clock-derived value. */
  sourceDateEpoch?: number
  /** DOCKER_METADATA_SHORT_SHA_LENGTH. */
  shortShaLength?: number
  /** DOCKER_METADATA_PR_HEAD_SHA. */
  prHeadSha: boolean
  /** DOCKER_METADATA_ANNOTATIONS_LEVELS: e.g. `manifest,index`. */
  annotationLevels?: string[]
  /** DOCKER_METADATA_SET_OUTPUT_ENV: also export DOCKER_METADATA_OUTPUT_* variables. */
  setOutputEnv: boolean
}

export function parseEnvSwitches(env: Env): EnvSwitches {
  const epoch = env.SOURCE_DATE_EPOCH ?? ''
  const shaLength = env.DOCKER_METADATA_SHORT_SHA_LENGTH ?? ''
  const levels = env.DOCKER_METADATA_ANNOTATIONS_LEVELS ?? ''
  return {
    apiUrl: env.GITHUB_API_URL || undefined,
    sourceDateEpoch:
      epoch === ''
        ? undefined
        : numberInput('SOURCE_DATE_EPOCH', epoch, 0, { min: 0, integer: true }),
    shortShaLength:
      shaLength === ''
        ? undefined
        : numberInput('DOCKER_METADATA_SHORT_SHA_LENGTH', shaLength, 7, {
            min: 1,
            max: 40,
            integer: true
          }),
    prHeadSha: booleanInput(
      'DOCKER_METADATA_PR_HEAD_SHA',
      env.DOCKER_METADATA_PR_HEAD_SHA ?? '',
      false
    ),
    annotationLevels: levels
      ? levels
          .split(',')
          .map(l => l.trim())
          .filter(l => l !== '')
      : undefined,
    setOutputEnv: booleanInput(
      'DOCKER_METADATA_SET_OUTPUT_ENV',
      env.DOCKER_METADATA_SET_OUTPUT_ENV ?? '',
      true
    )
  }
}
