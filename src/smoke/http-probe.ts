import { nodeFetch } from '../util/http.js'
import { plainText } from './report-text.js'
import type { HttpProbe } from './types.js'

/** Bodies beyond this are not read: a probe only needs the start of a health page. */
const MAX_BODY = 64 * 1024
export const PROBE_RETRY_MS = 200
const ATTEMPT_TIMEOUT_MS = 5000

/** How much of a wrong answer's body goes into the failure message. */
export const BODY_EXCERPT = 200

export interface ProbeAttempt {
  ok: boolean
  /** Why it failed, or the status line that passed; shown when the scenario times out. */
  detail: string
  /**
   * The server answered (any status, or accepted and closed the connection): starts the grace
   * period when no log check does. A refused connection or a timeout is no answer.
   */
  answered: boolean
}

export function describeProbe(p: HttpProbe): string {
  const status = p.status !== undefined ? `status ${p.status}` : '2xx'
  const body = p.body ? ` body /${p.body.source}/` : ''
  return `GET ${p.url} → ${status}${body}`
}

/**
 * Connection-level failures that still prove something listens on the port (node:http's
 * words: "socket hang up" is a connection closed before any answer, HPE_* a parser error).
 */
function answeredFailure(cause: { code?: string; message?: string } | undefined): string {
  const code = cause?.code ?? ''
  if (code === 'ECONNRESET') {
    return cause?.message === 'socket hang up'
      ? 'empty reply (connection closed without an answer)'
      : 'connection reset'
  }
  return code.startsWith('HPE_') ? 'not an HTTP answer' : ''
}

function errorAttempt(err: unknown): ProbeAttempt {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } }
  if (e.name === 'TimeoutError')
    return { ok: false, detail: 'no response in time', answered: false }
  if (e.name === 'AbortError') return { ok: false, detail: 'aborted', answered: false }
  const code = e.cause?.code
  const answered = answeredFailure(e.cause)
  if (answered) return { ok: false, detail: answered, answered: true }
  return {
    ok: false,
    detail: code ?? e.cause?.message ?? e.message ?? String(err),
    answered: false
  }
}

/** The start of a wrong answer's body, quoted so no line break or markup survives. */
export function bodyExcerpt(body: string): string {
  const clipped = body.length > BODY_EXCERPT ? `${body.slice(0, BODY_EXCERPT)}…` : body
  return JSON.stringify(plainText(clipped))
}

export async function probeOnce(
  p: HttpProbe,
  signal: AbortSignal,
  timeoutMs = ATTEMPT_TIMEOUT_MS
): Promise<ProbeAttempt> {
  try {
    // node:http, not fetch: see util/http.ts.
    const res = await nodeFetch(p.url, {
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
      redirect: 'manual'
    })
    const statusOk =
      p.status !== undefined ? res.status === p.status : res.status >= 200 && res.status < 300
    if (!statusOk) {
      const body = await res.textUpTo(BODY_EXCERPT + 1)
      const excerpt = body.trim() ? `, body ${bodyExcerpt(body)}` : ''
      return { ok: false, detail: `status ${res.status}${excerpt}`, answered: true }
    }
    if (p.body) {
      const body = await res.textUpTo(MAX_BODY)
      if (!p.body.test(body)) {
        const detail = `status ${res.status}, body did not match: ${bodyExcerpt(body)}`
        return { ok: false, detail, answered: true }
      }
    } else {
      await res.body?.cancel().catch(() => undefined)
    }
    return { ok: true, detail: `status ${res.status}`, answered: true }
  } catch (err) {
    return errorAttempt(err)
  }
}
