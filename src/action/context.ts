import { readFileSync, existsSync } from 'node:fs'
import type { RunContext } from '../meta/context.js'

type Env = Record<string, string | undefined>

/** Reads the event context the runner provides (GITHUB_* variables and the payload file). */
export function readRunContext(env: Env): RunContext {
  let payload: Record<string, unknown> = {}
  const eventPath = env.GITHUB_EVENT_PATH
  if (eventPath && existsSync(eventPath)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(eventPath, 'utf8'))
      if (parsed && typeof parsed === 'object') payload = parsed as Record<string, unknown>
    } catch {
      // A broken payload must not stop a build; tags then come from GITHUB_REF alone.
    }
  }
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    ref: env.GITHUB_REF ?? '',
    sha: env.GITHUB_SHA ?? '',
    repository: env.GITHUB_REPOSITORY ?? '',
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
    payload,
    runId: [
      env.GITHUB_RUN_ID || String(Date.now()),
      env.GITHUB_RUN_ATTEMPT || '1',
      env.GITHUB_ACTION || 'step'
    ]
      .join('-')
      .replace(/[^a-zA-Z0-9_.-]/g, '-')
  }
}
