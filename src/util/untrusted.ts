/**
 * Text that comes from the build, the image, the registry or the network. The runner reads
 * its log line by line the way .NET `ReadLine` does (on `\r\n`, `\n` and a lone `\r`), and
 * treats any line that starts with `::` as a workflow command. Such text therefore reaches
 * the log either with every line break neutralised, or inside a stop-commands fence whose
 * token it cannot guess.
 */
import { randomUUID } from 'node:crypto'

const LINE_BREAK = /\r\n|\r|\n/g

/** One physical line: each line break becomes a visible `⏎`, so nothing can start a new line. */
export function oneLine(text: string): string {
  return text.replace(LINE_BREAK, ' ⏎ ')
}

/** Splits like the runner does (`\r\n`, `\n` or a lone `\r`). */
export function runnerLines(text: string): string[] {
  return text.split(LINE_BREAK)
}

/**
 * Streams untrusted output between `::stop-commands::TOKEN` and `::TOKEN::`. The closing
 * line is always written at the start of a line (a partial last line would otherwise swallow
 * it and switch our own commands off for the rest of the job), and the token is fresh for
 * every fence so the output cannot end it early.
 */
export class CommandFence {
  private token: string | undefined
  private atLineStart = true

  constructor(private readonly write: (text: string | Uint8Array) => void) {}

  get open(): boolean {
    return this.token !== undefined
  }

  /** Opens the fence (once); our own text must be complete lines when this is called. */
  begin(): void {
    if (this.token) return
    this.token = randomUUID().replace(/-/g, '')
    this.write(`::stop-commands::${this.token}\n`)
    this.atLineStart = true
  }

  /** Untrusted output, as text or raw bytes (passed through as is); opens the fence first. */
  text(chunk: string | Uint8Array): void {
    if (chunk.length === 0) return
    this.begin()
    this.write(chunk)
    const last =
      typeof chunk === 'string' ? chunk.charCodeAt(chunk.length - 1) : chunk[chunk.length - 1]
    this.atLineStart = last === 0x0a || last === 0x0d
  }

  /** Closes the fence so the next line we write is read as ours again. */
  end(): void {
    if (!this.token) return
    if (!this.atLineStart) this.write('\n')
    this.write(`::${this.token}::\n`)
    this.token = undefined
    this.atLineStart = true
  }
}
