import type { CrashKind } from './crash-signatures.js'

/** `Error: boom`, `TypeError: x`, `Error [ERR_MODULE_NOT_FOUND]: …`, `MyAppError: …` */
const NODE_ERROR = /^(?:Uncaught )?(?:[A-Za-z_$][\w$.]*)?(?:Error|Exception)(?: \[[\w-]+\])?(?::|$)/
/** Lines inside a Python traceback that are not the exception that ends it. */
const PY_INSIDE =
  /^(?:\s|$|Traceback \(most recent call last\)|During handling of the above exception|The above exception was the direct cause)/
const GO_HEAD = /^(?:panic|fatal error): /
const GO_GOROUTINE = /^goroutine \d+ \[/

/**
 * Finds the line that names why a process crashed, given the line a crash signature matched,
 * the lines before it, and then each following line until `done`. The signature line itself
 * (`Traceback (most recent call last):`, `Node.js v20.1.0`) rarely says what went wrong:
 * - Python: the exception line that ends the traceback;
 * - Node: the `Error: …` line (after a `throw` source line, or before the version banner);
 * - Go: the `panic: …` (or `fatal error: …`) line and the first frame of the goroutine;
 * - Java, and a user's own fail pattern: the matched line.
 */
export class CauseFinder {
  private found?: string
  private goHead?: string
  private goFrame: string[] = []
  private goInStack = false

  constructor(
    private readonly kind: CrashKind | undefined,
    private readonly matched: string,
    before: readonly string[]
  ) {
    if (kind === 'node' && /^Node\.js v/.test(matched)) {
      this.found = [...before].reverse().find(l => NODE_ERROR.test(l)) ?? matched
    } else if (kind === 'node' && !/^\s+throw /.test(matched)) {
      this.found = matched
    } else if (kind === 'go') {
      this.goHead = GO_HEAD.test(matched)
        ? matched
        : ([...before].reverse().find(l => GO_HEAD.test(l)) ?? matched)
      this.goInStack = GO_GOROUTINE.test(matched)
    } else if (kind === undefined || kind === 'java') {
      this.found = matched
    }
  }

  get done(): boolean {
    return this.found !== undefined
  }

  push(line: string): void {
    if (this.found !== undefined) return
    if (this.kind === 'python') {
      if (!PY_INSIDE.test(line)) this.found = line
    } else if (this.kind === 'node') {
      if (NODE_ERROR.test(line)) this.found = line
    } else if (this.kind === 'go') {
      this.pushGo(line)
    }
  }

  /** The cause line, or the best guess when the output ended before it appeared. */
  cause(): string {
    if (this.found !== undefined) return this.found
    if (this.kind === 'go') return this.goCause()
    return this.matched
  }

  private pushGo(line: string): void {
    if (!this.goInStack) {
      this.goInStack = GO_GOROUTINE.test(line)
      return
    }
    if (line.trim() === '') return
    this.goFrame.push(line.trim())
    // A frame is the function line and its `\t/path/file.go:12 +0x1d` line.
    if (this.goFrame.length === 2) this.found = this.goCause()
  }

  private goCause(): string {
    const head = this.goHead ?? this.matched
    return this.goFrame.length > 0 ? `${head} (at ${this.goFrame.join(' ')})` : head
  }
}
