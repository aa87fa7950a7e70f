import type { LogEvent } from './workflow-log.js'

export interface PhaseTime {
  name: string
  ms: number
  ok: boolean
}

export interface RenderOptions {
  /** Rewrite one progress line in place (a terminal); otherwise print plain lines. */
  tty: boolean
  color: boolean
  columns?: number
  now?: () => number
  /** Lines not to print (the dry-run plan, shown as a table instead). */
  hide?: (line: string) => boolean
}

type Paint = (code: string, text: string) => string

/**
 * Turns the action's log events into human output: one line per phase with its time, a
 * progress line (the newest output line) while a build or push runs, warnings and errors in
 * full, and the tail of the failed phase's output. Without a terminal every line is printed,
 * indented under its phase.
 */
export class HumanRenderer {
  readonly phases: PhaseTime[] = []
  private depth = 0
  private current?: { name: string; start: number; lines: string[] }
  private pending?: { name: string; start: number; end: number; lines: string[] }
  private progress = ''
  private timer?: NodeJS.Timeout
  private readonly now: () => number
  private readonly paint: Paint

  constructor(
    private readonly write: (text: string) => void,
    private readonly opts: RenderOptions
  ) {
    this.now = opts.now ?? (() => performance.now())
    this.paint = opts.color ? (code, text) => `\x1b[${code}m${text}\x1b[0m` : (_code, text) => text
  }

  event(e: LogEvent): void {
    if (e.kind !== 'annotation' || e.level !== 'error') this.settle(true)
    switch (e.kind) {
      case 'group':
        if (this.depth++ === 0) {
          this.current = { name: e.name, start: this.now(), lines: [] }
          if (!this.opts.tty) this.print(this.paint('1', `▸ ${e.name}`))
          this.startProgress()
        } else {
          this.line(`▸ ${e.name}`)
        }
        return
      case 'endgroup':
        if (this.depth > 0 && --this.depth === 0 && this.current) {
          this.pending = { ...this.current, end: this.now() }
          this.current = undefined
          this.stopProgress()
        }
        return
      case 'annotation': {
        if (e.level === 'error') this.settle(false)
        const color = e.level === 'error' ? '31' : e.level === 'warning' ? '33' : '36'
        const [first, ...rest] = e.message.split('\n')
        this.print(
          `${this.paint(`1;${color}`, `${e.level}:`)} ${first}${rest.map(l => `\n  ${l}`).join('')}`
        )
        return
      }
      case 'debug':
        return
      case 'line':
        if (this.opts.hide?.(e.text)) return
        this.line(e.text)
        return
    }
  }

  /** Ends the run: a phase still waiting for its verdict passed unless the run failed. */
  finish(failed: boolean): void {
    this.settle(!failed)
    if (this.current) {
      this.pending = { ...this.current, end: this.now() }
      this.current = undefined
      this.settle(!failed)
    }
    this.stopProgress()
  }

  private line(text: string): void {
    if (!this.current) {
      this.print(text)
      return
    }
    this.current.lines.push(text)
    if (this.current.lines.length > 40) this.current.lines.shift()
    if (this.opts.tty && /build|push|prepare/i.test(this.current.name)) {
      this.progress = text
      this.drawProgress()
    } else {
      this.print(`  ${text}`)
    }
  }

  /** A finished phase gets its line once we know whether an error followed it. */
  private settle(ok: boolean): void {
    const p = this.pending
    if (!p) return
    this.pending = undefined
    const ms = Math.round(p.end - p.start)
    this.phases.push({ name: p.name, ms, ok })
    const mark = ok ? this.paint('32', '✓') : this.paint('31', '✗')
    this.print(`${mark} ${p.name.padEnd(24)} ${this.paint('2', formatMs(ms))}`)
    if (!ok && this.opts.tty && /build|push|prepare/i.test(p.name) && p.lines.length > 0) {
      for (const l of p.lines.slice(-20)) this.print(this.paint('2', `  │ ${l}`))
    }
  }

  private print(text: string): void {
    this.clearProgress()
    this.write(`${text}\n`)
    this.drawProgress()
  }

  private startProgress(): void {
    if (!this.opts.tty) return
    this.progress = ''
    this.drawProgress()
    this.timer = setInterval(() => this.drawProgress(), 250)
    this.timer.unref()
  }

  private stopProgress(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    this.clearProgress()
  }

  private drawProgress(): void {
    if (!this.opts.tty || !this.current) return
    const head = `… ${this.current.name} ${formatMs(this.now() - this.current.start)}`
    const room = (this.opts.columns ?? 100) - head.length - 3
    const tail = room > 10 ? this.progress.replace(/\s+/g, ' ').slice(0, room) : ''
    this.write(`\r\x1b[2K${this.paint('1', head)}  ${this.paint('2', tail)}`)
  }

  private clearProgress(): void {
    if (this.opts.tty && this.current) this.write('\r\x1b[2K')
  }
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`
}

/** A plain text table (the dry-run plan). */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => (r[i] ?? '').length)))
  const fmt = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd()
  return [fmt(header), fmt(widths.map(w => '-'.repeat(Math.min(w, 60)))), ...rows.map(fmt)].join(
    '\n'
  )
}
