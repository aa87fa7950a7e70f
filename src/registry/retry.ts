/**
 * Registry faults are routine (a 502 from a load balancer, a 429 from a rate limiter, a
 * connection reset halfway through a layer), so every registry operation runs through
 * `withRetry`. Only failures that another attempt can fix are retried: a wrong password or a
 * missing repository fails at once with the registry's own words, so the user sees the real
 * problem instead of a minute of backoff.
 */
import { DockerError } from '../util/errors.js'
import { Deadline, DeadlineError } from './deadline.js'

export interface FailureClass {
  transient: boolean
  /** The registry asked for this pause (Retry-After); backoff never goes below it. */
  retryAfterMs?: number
  /** Short, log-friendly explanation of the classification. */
  reason: string
}

interface Pattern {
  re: RegExp
  reason: string
}

// Permanent patterns win over transient ones: "unauthorized" next to an EOF in the same
// output means the credentials are wrong, and retrying would only lock the account.
const PERMANENT: Pattern[] = [
  { re: /\b(401|403)\b[^\n]*\b(unauthorized|forbidden)\b/i, reason: 'HTTP 401/403' },
  { re: /\bstatus:? (401|403)\b/i, reason: 'HTTP 401/403' },
  { re: /\bunauthorized\b/i, reason: 'unauthorized' },
  { re: /\bauthentication required\b/i, reason: 'authentication required' },
  { re: /\bforbidden\b/i, reason: 'forbidden' },
  { re: /\bdenied\b/i, reason: 'denied' },
  { re: /\bname unknown\b/i, reason: 'name unknown' },
  { re: /\bname invalid\b/i, reason: 'name invalid' },
  { re: /\bmanifest invalid\b/i, reason: 'manifest invalid' },
  { re: /\bmanifest unknown\b/i, reason: 'manifest unknown' },
  { re: /\bno such manifest\b/i, reason: 'no such manifest' },
  { re: /\bblob unknown\b/i, reason: 'blob unknown' },
  { re: /\bunsupported\b/i, reason: 'unsupported' },
  { re: /\binvalid reference format\b/i, reason: 'invalid reference format' },
  { re: /\bno basic auth credentials\b/i, reason: 'no credentials' },
  { re: /\bincorrect username or password\b/i, reason: 'wrong credentials' },
  { re: /\bAn image does not exist locally\b/i, reason: 'no such local image' },
  { re: /\bno such image\b/i, reason: 'no such local image' }
]

const TRANSIENT: Pattern[] = [
  { re: /\b429\b|\btoo ?many ?requests\b/i, reason: 'rate limited (429)' },
  {
    re: /\b(?:HTTP status|status code|status):? ?5\d\d\b|\b5\d\d (?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)\b/i,
    reason: 'HTTP 5xx'
  },
  {
    re: /\b(?:Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)\b/i,
    reason: 'HTTP 5xx'
  },
  { re: /\bconnection reset by peer\b/i, reason: 'connection reset' },
  { re: /\bconnection refused\b/i, reason: 'connection refused' },
  { re: /\bTLS handshake timeout\b/i, reason: 'TLS handshake timeout' },
  { re: /\bi\/o timeout\b/i, reason: 'i/o timeout' },
  { re: /\bbroken pipe\b/i, reason: 'broken pipe' },
  { re: /\bcontext deadline exceeded\b|\bClient\.Timeout exceeded\b/i, reason: 'timeout' },
  { re: /\btimed out\b|\btimeout awaiting response headers\b/i, reason: 'timeout' },
  { re: /\bserver closed idle connection\b/i, reason: 'connection closed' },
  { re: /\bunexpected EOF\b|\bEOF\b/, reason: 'EOF' }
]

/** Reads `Retry-After: 7`, `retry after 7s`, `retry-after=7` (seconds) out of the output. */
function retryAfterMs(text: string): number | undefined {
  const m = /retry[- ]after[:= ]\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|seconds?)?\b/i.exec(text)
  if (!m) return undefined
  const n = Number(m[1])
  if (!Number.isFinite(n)) return undefined
  return m[2] === 'ms' ? Math.round(n) : Math.round(n * 1000)
}

/**
 * Decides whether a failed docker command is worth another attempt, from its stderr. Unknown
 * failures are permanent: retrying what we do not understand only delays the error.
 */
export function classifyDockerFailure(stderr: string): FailureClass {
  // URLs carry repository names and base64 upload state; "acme/access-denied" or a stray
  // "-EOF-" in `_state=` must not decide the outcome.
  const text = stderr
    .replace(/"https?:\/\/[^"\s]*"/g, '"<url>"')
    .replace(/\bhttps?:\/\/\S+/g, '<url>')
  for (const p of PERMANENT) if (p.re.test(text)) return { transient: false, reason: p.reason }
  for (const p of TRANSIENT) {
    if (!p.re.test(text)) continue
    const after = retryAfterMs(text)
    return after !== undefined
      ? { transient: true, reason: p.reason, retryAfterMs: after }
      : { transient: true, reason: p.reason }
  }
  return { transient: false, reason: 'unrecognised failure' }
}

/** Classifies any thrown value: docker failures by their stderr, others by their message. */
export function classifyError(err: unknown): FailureClass {
  if (err instanceof DockerError) {
    return classifyDockerFailure(`${err.stderr}\n${err.stderrLine}`)
  }
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code
    const text = code ? `${err.message}\n${code}` : err.message
    if (code === 'ECONNRESET') return { transient: true, reason: 'connection reset' }
    if (code === 'ECONNREFUSED') return { transient: true, reason: 'connection refused' }
    if (code === 'ETIMEDOUT') return { transient: true, reason: 'timeout' }
    return classifyDockerFailure(text)
  }
  return classifyDockerFailure(String(err))
}

export interface RetryInfo {
  /** 1-based number of the attempt that just failed. */
  attempt: number
  /** Pause before the next attempt. */
  delayMs: number
  reason: string
  error: unknown
}

export interface RetryOptions {
  /** Extra attempts after the first; 0 disables retrying. */
  retries: number
  /** Upper bound on the sum of all pauses (`retry-max-wait`), so a dead registry fails in time. */
  maxWaitMs: number
  /** First backoff ceiling; doubles per attempt. */
  baseMs?: number
  /** Ceiling for a single pause before jitter. */
  capMs?: number
  sleep?: (ms: number) => Promise<void>
  /** In [0, 1); injectable so tests can pin the jitter. */
  random?: () => number
  onRetry?: (info: RetryInfo) => void
  classify?: (err: unknown) => FailureClass
  /**
   * What is left of a pause budget shared with other operations (RetryBudget), read at each
   * failure: operations running in parallel spend it together. `maxWaitMs` is then the total.
   */
  sharedRemainingMs?: () => number
}

/**
 * Thrown when every attempt failed transiently (or the wait budget ran out). Keeps the last
 * underlying error as `cause`, and its message, so the registry's words still reach the log.
 */
export class RetryExhaustedError extends Error {
  constructor(
    readonly attempts: number,
    readonly waitedMs: number,
    readonly lastReason: string,
    override readonly cause: unknown,
    why: string
  ) {
    super(
      `${cause instanceof Error ? cause.message : String(cause)} (${why} after ${attempts} attempt${attempts === 1 ? '' : 's'})`
    )
    this.name = 'RetryExhaustedError'
  }
}

const realSleep = (ms: number): Promise<void> => new Promise(r => setTimeout(r, ms))

/**
 * Runs `fn` until it succeeds, a permanent error occurs, the attempts run out or the next
 * pause would exceed the wait budget. Backoff is exponential with full jitter (a random
 * pause in [0, min(cap, base * 2^n)]) so many runners hitting one registry spread out; a
 * Retry-After from the registry is a floor.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  opts: RetryOptions
): Promise<T> {
  const retries = Math.max(0, Math.floor(opts.retries))
  const maxWaitMs = Math.max(0, opts.maxWaitMs)
  const baseMs = opts.baseMs ?? 1000
  const capMs = opts.capMs ?? 30000
  const sleep = opts.sleep ?? realSleep
  const random = opts.random ?? Math.random
  const classify = opts.classify ?? classifyError
  let waited = 0
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt)
    } catch (err) {
      const cls = classify(err)
      if (!cls.transient) throw err
      if (attempt > retries) {
        throw new RetryExhaustedError(attempt, waited, cls.reason, err, `${cls.reason}; gave up`)
      }
      const ceiling = Math.min(capMs, baseMs * 2 ** (attempt - 1))
      let delay = Math.floor(random() * ceiling)
      if (cls.retryAfterMs !== undefined) delay = Math.max(delay, cls.retryAfterMs)
      const shared = opts.sharedRemainingMs
      const remaining = shared ? shared() : maxWaitMs - waited
      if (cls.retryAfterMs !== undefined && cls.retryAfterMs > remaining) {
        throw new RetryExhaustedError(
          attempt,
          waited,
          cls.reason,
          err,
          `registry asked to retry after ${Math.ceil(cls.retryAfterMs / 1000)}s, beyond retry-max-wait`
        )
      }
      // A zero budget means "retry without pausing"; a spent budget means stop.
      if (remaining <= 0 && (waited > 0 || (shared !== undefined && maxWaitMs > 0))) {
        throw new RetryExhaustedError(attempt, waited, cls.reason, err, `retry-max-wait reached`)
      }
      delay = Math.min(delay, Math.max(0, remaining))
      opts.onRetry?.({ attempt, delayMs: delay, reason: cls.reason, error: err })
      waited += delay
      if (delay > 0) await sleep(delay)
    }
  }
}

/** Retry settings for registry operations, from the `retries` and `retry-max-wait` inputs. */
export interface RegistryRetry {
  retries: number
  /** Pause budget shared by every operation of one phase, in milliseconds. */
  maxWaitMs: number
  baseMs?: number
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  /** Where retry notices go (core.warning in the action). */
  warn?: (message: string) => void
  /** A single attempt that takes longer is killed and counts as a (transient) timeout. */
  attemptTimeoutMs?: number
  /** The push phase's overall deadline: no attempt starts and no pause runs past it. */
  deadline?: Deadline
}

export const DEFAULT_RETRY: RegistryRetry = { retries: 3, maxWaitMs: 60000 }

/** Maps the parsed inputs (`retries`, `retry-max-wait`, `push-timeout`, in seconds) to retry settings. */
export function registryRetry(
  inputs: { retries: number; retryMaxWait: number; pushTimeout?: number },
  warn?: (message: string) => void
): RegistryRetry {
  return {
    retries: inputs.retries,
    maxWaitMs: Math.round(inputs.retryMaxWait * 1000),
    ...(inputs.pushTimeout ? { attemptTimeoutMs: Math.round(inputs.pushTimeout * 1000) } : {}),
    ...(warn ? { warn } : {})
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? ''
}

/**
 * One pause budget shared by the operations of a phase: a registry that is down fails the
 * whole push within `retry-max-wait`, not `retry-max-wait` once per tag.
 */
export class RetryBudget {
  private waited = 0
  constructor(public settings: RegistryRetry) {}

  /** From now on every operation of this budget also answers to `deadline`. */
  startDeadline(deadline: Deadline): void {
    this.settings = { ...this.settings, deadline }
  }

  /** Runs `fn` with its own `push-deadline` (the login, which happens before the build). */
  async underDeadline<T>(seconds: number, fn: () => Promise<T>): Promise<T> {
    const before = this.settings
    const deadline = new Deadline(seconds)
    this.startDeadline(deadline)
    try {
      return await fn()
    } finally {
      deadline.dispose()
      this.settings = before
    }
  }

  static of(retry: RegistryRetry | RetryBudget): RetryBudget {
    return retry instanceof RetryBudget ? retry : new RetryBudget(retry)
  }

  get waitedMs(): number {
    return this.waited
  }

  /** The timeout for the next attempt: `push-timeout`, cut to what is left of the deadline. */
  attemptTimeoutMs(): number | undefined {
    const s = this.settings
    return s.deadline ? s.deadline.cap(s.attemptTimeoutMs) : s.attemptTimeoutMs
  }

  run<T>(what: string, fn: (attempt: number) => Promise<T>): Promise<T> {
    const s = this.settings
    const remaining = s.maxWaitMs - this.waited
    // withRetry reads a zero budget as "retry without pausing"; a spent shared budget is not.
    const spent = s.maxWaitMs > 0 && remaining <= 0
    const deadline = s.deadline
    const sleep = s.sleep ?? realSleep
    const guarded = deadline
      ? async (attempt: number): Promise<T> => {
          deadline.check(attempt === 1 ? what : `${what} (attempt ${attempt})`)
          try {
            return await fn(attempt)
          } catch (err) {
            // An attempt cut short by the deadline reports the deadline, not a bare timeout.
            if (deadline.expired && !(err instanceof DeadlineError)) {
              throw new DeadlineError(deadline.seconds, `${what} finished`)
            }
            throw err
          }
        }
      : fn
    return withRetry(guarded, {
      retries: spent ? 0 : s.retries,
      maxWaitMs: Math.max(0, s.maxWaitMs),
      // Parallel pushes share the budget: each failure reads what the others left.
      sharedRemainingMs: () => s.maxWaitMs - this.waited,
      ...(s.baseMs !== undefined ? { baseMs: s.baseMs } : {}),
      ...(s.sleep || deadline
        ? { sleep: (ms: number) => sleep(deadline ? Math.min(ms, deadline.remainingMs()) : ms) }
        : {}),
      ...(s.random ? { random: s.random } : {}),
      ...(deadline
        ? {
            classify: (err: unknown) =>
              err instanceof DeadlineError || deadline.expired
                ? { transient: false, reason: 'push-deadline' }
                : classifyError(err)
          }
        : {}),
      onRetry: info => {
        this.waited += info.delayMs
        const why = info.error instanceof Error ? info.error.message : String(info.error)
        s.warn?.(
          `${what}: ${info.reason} (${firstLine(why)}); retrying in ` +
            `${(info.delayMs / 1000).toFixed(1)}s, attempt ${info.attempt + 1} of ${s.retries + 1}`
        )
      }
    })
  }
}
