import * as core from '../util/core.js'
import { InputError } from '../util/errors.js'
import { scenariosFromConfig } from './config-file.js'
import {
  FieldError,
  parseArgs,
  parseBool,
  parseCommand,
  parseExitCode,
  parseFailPatterns,
  parseHealth,
  parseHttpProbes,
  parseKeyValues,
  parseLogPatterns,
  parsePorts,
  parseSeconds,
  parseWord,
  parseWorkdir
} from './fields.js'
import type { ScenarioOptions, SmokeOptions } from './types.js'

export const DEFAULT_TIMEOUT_SEC = 60
export const DEFAULT_SETTLE_SEC = 3
export const DEFAULT_HTTP_GRACE_SEC = 2

/** Runs one field parser and names the input in the error, as InputError promises. */
function field<T>(get: (name: string) => string, name: string, parse: (raw: string) => T): T {
  try {
    return parse(get(name) ?? '')
  } catch (err) {
    if (err instanceof FieldError) throw new InputError(name, err.message)
    throw err
  }
}

/** Reads and validates every smoke input; nothing is started, so bad input fails fast. */
export function parseSmokeInputs(get: (name: string) => string): SmokeOptions {
  const enabled = field(get, 'smoke', raw => parseBool(raw, true))
  const defaults: ScenarioOptions = {
    name: 'default',
    command: field(get, 'smoke-command', parseCommand),
    args: field(get, 'smoke-args', parseArgs),
    env: field(get, 'smoke-env', parseKeyValues),
    logPatterns: field(get, 'smoke-log', parseLogPatterns),
    logOrder: field(get, 'smoke-log-order', raw => parseBool(raw, false)),
    failPatterns: field(get, 'smoke-fail-log', parseFailPatterns),
    timeoutSec: field(get, 'smoke-timeout', raw => parseSeconds(raw, DEFAULT_TIMEOUT_SEC)),
    settleSec: field(get, 'smoke-settle', raw => parseSeconds(raw, DEFAULT_SETTLE_SEC, true)),
    http: field(get, 'smoke-http', parseHttpProbes),
    httpGraceSec: field(get, 'smoke-http-grace', raw =>
      parseSeconds(raw, DEFAULT_HTTP_GRACE_SEC, true)
    ),
    health: field(get, 'smoke-health', parseHealth),
    exitCode: field(get, 'smoke-exit-code', parseExitCode),
    user: field(get, 'smoke-user', parseWord),
    workdir: field(get, 'smoke-workdir', parseWorkdir),
    network: field(get, 'smoke-network', parseWord),
    ports: field(get, 'smoke-ports', parsePorts)
  }
  const secrets = field(get, 'smoke-secrets', parseKeyValues)
  // Masked before anything could print them, including a failing scenario's output.
  for (const [, value] of secrets) if (value.trim() !== '') core.setSecret(value)
  const clash = secrets.find(([k]) => defaults.env.some(([e]) => e === k))
  if (clash) {
    throw new InputError(
      'smoke-secrets',
      `${clash[0]} is also set in smoke-env; set it in one only`
    )
  }
  const configPath = (get('smoke-config') ?? '').trim()
  // A disabled smoke test must not fail the build over a config file it will not read.
  const scenarios = configPath && enabled ? scenariosFromConfig(configPath, defaults) : [defaults]
  const junitPath = (get('smoke-junit') ?? '').trim() || undefined
  return { enabled, scenarios, secrets, junitPath }
}
