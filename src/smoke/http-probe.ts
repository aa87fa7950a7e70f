import type { HttpProbe } from './types.js'

/** Bodies beyond this are not read: a probe only needs the start of a health page. */
const MAX_BODY = 64 * 1024
export const PROBE_RETRY_MS = 200
const ATTEMPT_TIMEOUT_MS = 5000

export interface ProbeAttempt {
  ok: boolean
  /** Why it failed, or the status line that passed; shown when the scenario times out. */
  detail: string
}

export function describeProbe(p: HttpProbe): string {
  const status = p.status !== undefined ? `status ${p.status}` : '2xx'
  const body = p.body ? ` body /${p.body.source}/` : ''
  return `GET ${p.url} → ${status}${body}`
}

async function readCapped(res: Response): Promise<string> {
  if (!res.body) return ''
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    while (size < MAX_BODY) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      size += value.length
    }
  } finally {
    await reader.cancel().catch(() => undefined)
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY)
}

function errorDetail(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } }
  if (e.name === 'TimeoutError') return 'no response in time'
  if (e.name === 'AbortError') return 'aborted'
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err)
}

export async function probeOnce(
  p: HttpProbe,
  signal: AbortSignal,
  timeoutMs = ATTEMPT_TIMEOUT_MS
): Promise<ProbeAttempt> {
  try {
    const res = await fetch(p.url, {
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
      redirect: 'manual'
    })
    const statusOk =
      p.status !== undefined ? res.status === p.status : res.status >= 200 && res.status < 300
    if (!statusOk) {
      await res.body?.cancel().catch(() => undefined)
      return { ok: false, detail: `status ${res.status}` }
    }
    if (p.body) {
      const body = await readCapped(res)
      if (!p.body.test(body))
        return { ok: false, detail: `status ${res.status}, body did not match` }
    } else {
      await res.body?.cancel().catch(() => undefined)
    }
    return { ok: true, detail: `status ${res.status}` }
  } catch (err) {
    return { ok: false, detail: errorDetail(err) }
  }
}

/**
 * Retries until the probe passes or `signal` aborts (scenario decided elsewhere: timeout,
 * exit, crash). `onAttempt` sees every failed attempt so a timeout can say the last reason.
 */
export async function waitForProbe(
  p: HttpProbe,
  signal: AbortSignal,
  onAttempt: (a: ProbeAttempt) => void = () => undefined,
  retryMs = PROBE_RETRY_MS
): Promise<ProbeAttempt | undefined> {
  while (!signal.aborted) {
    const attempt = await probeOnce(p, signal)
    if (signal.aborted) return undefined
    if (attempt.ok) return attempt
    onAttempt(attempt)
    await new Promise<void>(resolve => {
      const timer = setTimeout(done, retryMs)
      function done(): void {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        resolve()
      }
      signal.addEventListener('abort', done, { once: true })
    })
  }
  return undefined
}
