/**
 * One overall deadline for the push phase (`push-deadline`), shared by the login, the tag
 * listing, every push attempt and the read-back. Without it a registry that accepts
 * connections and then stalls holds the runner for tags × attempts × push-timeout.
 */

/** The deadline ran out: never retried, and the push report says what was published. */
export class DeadlineError extends Error {
  constructor(
    readonly seconds: number,
    what: string
  ) {
    super(`push-deadline of ${seconds}s ran out before ${what}`)
    this.name = 'DeadlineError'
  }
}

export class Deadline {
  private readonly endsAt: number
  private readonly controller = new AbortController()
  private readonly timer: NodeJS.Timeout | undefined

  /** `seconds` 0 means no deadline. */
  constructor(
    readonly seconds: number,
    private readonly now: () => number = Date.now
  ) {
    this.endsAt = seconds > 0 ? now() + seconds * 1000 : Infinity
    if (seconds > 0) {
      this.timer = setTimeout(
        () => this.controller.abort(new DeadlineError(seconds, 'the request finished')),
        seconds * 1000
      )
      this.timer.unref()
    }
  }

  /** Aborts HTTP requests when the deadline passes. */
  get signal(): AbortSignal {
    return this.controller.signal
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - this.now())
  }

  get expired(): boolean {
    return this.remainingMs() <= 0
  }

  /** Throws a DeadlineError naming the step that cannot start any more. */
  check(what: string): void {
    if (this.expired) throw new DeadlineError(this.seconds, what)
  }

  /** An attempt timeout cut to what is left of the deadline (0 or undefined: no own limit). */
  cap(timeoutMs: number | undefined): number | undefined {
    if (this.endsAt === Infinity) return timeoutMs
    const left = Math.max(1, this.remainingMs())
    return timeoutMs && timeoutMs > 0 ? Math.min(timeoutMs, left) : left
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer)
  }
}
