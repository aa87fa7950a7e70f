/**
 * Streaming output matching. Kept free of runtime imports so the latency bench can load the
 * compiled file on its own.
 */
import { StringDecoder } from 'node:string_decoder'
import type { LogPattern } from './types.js'

/** Longest line matched as one piece; longer runs without a newline are cut into pieces. */
export const MAX_MATCH_LINE = 64 * 1024

/**
 * Turns chunks into lines whatever the chunk boundaries: a line (or a UTF-8 character) may be
 * split across writes, `\r\n` counts as one break, and memory stays bounded for output with
 * no newline at all.
 */
export class LineSplitter {
  private partial = ''
  private readonly decoder = new StringDecoder('utf8')

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLine = MAX_MATCH_LINE
  ) {}

  push(chunk: Buffer | string): void {
    let text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk))
    let start = 0
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.emit(text.slice(start, nl))
      start = nl + 1
    }
    text = text.slice(start)
    while (text.length > this.maxLine) {
      this.onLine(text.slice(0, this.maxLine))
      text = text.slice(this.maxLine)
    }
    this.partial = text
  }

  /** The last line often has no newline (`printf ready`), and must still count. */
  end(): void {
    const rest = this.partial + this.decoder.end()
    this.partial = ''
    if (rest.length > 0) this.emit(rest)
  }

  private emit(line: string): void {
    const l = line.endsWith('\r') ? line.slice(0, -1) : line
    for (let i = 0; i < l.length; i += this.maxLine) this.onLine(l.slice(i, i + this.maxLine))
    if (l.length === 0) this.onLine('')
  }
}

export interface PatternProgress {
  pattern: LogPattern
  seen: number
  /** The line that completed the pattern (its N-th match). */
  matchedLine?: string
}

export interface LineVerdict {
  /** The fail pattern this line matched, if any: the scenario fails at once. */
  failed?: { pattern: LogPattern; line: string }
  /** Indexes of patterns this line completed. */
  completed: number[]
}

/**
 * Checks each line against the fail patterns, then the required ones. In order mode a line
 * only counts for the first pattern not yet complete, so `a` then `b` needs a `b` line after
 * the `a` line(s), never the same line.
 */
export class LogMatcher {
  readonly progress: PatternProgress[]
  private next = 0

  constructor(
    patterns: readonly LogPattern[],
    private readonly failPatterns: readonly LogPattern[],
    private readonly ordered = false
  ) {
    this.progress = patterns.map(pattern => ({ pattern, seen: 0 }))
  }

  get done(): boolean {
    return this.progress.every(p => p.seen >= p.pattern.count)
  }

  missing(): PatternProgress[] {
    return this.progress.filter(p => p.seen < p.pattern.count)
  }

  test(line: string): LineVerdict {
    for (const pattern of this.failPatterns) {
      if (pattern.regex.test(line)) return { failed: { pattern, line }, completed: [] }
    }
    const completed: number[] = []
    if (this.ordered) {
      const p = this.progress[this.next]
      if (p && p.pattern.regex.test(line) && this.count(p, line)) {
        completed.push(this.next)
        this.next++
      }
    } else {
      this.progress.forEach((p, i) => {
        if (p.seen < p.pattern.count && p.pattern.regex.test(line) && this.count(p, line)) {
          completed.push(i)
        }
      })
    }
    return { completed }
  }

  private count(p: PatternProgress, line: string): boolean {
    p.seen++
    if (p.seen < p.pattern.count) return false
    p.matchedLine = line
    return true
  }
}

/** `/ready/ x2 (1 seen)`: how a pattern is named in messages and reports. */
export function describePattern(p: LogPattern, seen?: number): string {
  const count = p.count > 1 ? ` x${p.count}` : ''
  const progress = seen !== undefined && p.count > 1 && seen > 0 ? ` (${seen} seen)` : ''
  return `/${p.source}/${count}${progress}`
}
