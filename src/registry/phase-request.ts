import type { Credentials } from './login.js'
import type { RetryBudget } from './retry.js'
import type { HttpFetch } from '../util/http.js'

/**
 * What every publishing path (tag pushes, push-by-digest, merge-digests) is given: where the
 * step logs in, its credentials for the registry API, the push phase's deadline and retry
 * budget, and where to report.
 */
export interface PushPhaseRequest {
  /** Where `username`/`password` log in (the `registry` input or the first image's host). */
  registry: string
  /** The step's `username`/`password`, for the registry API (used for that host only). */
  credentials?: Credentials
  /** `push-deadline` in seconds; 0 means none. */
  deadlineSeconds: number
  retry: RetryBudget
  info: (message: string) => void
  /** Injectable for unit tests. */
  fetch?: HttpFetch
}
