/**
 * Reads the action's stdout the way the runner does: workflow commands (`::group::`,
 * `::error::`, `::add-mask::`, `::stop-commands::`) become events, masked values become `***`,
 * and everything else is a plain line. Pure, so the terminal renderer is testable.
 */
export type LogEvent =
  | { kind: 'group'; name: string }
  | { kind: 'endgroup' }
  | { kind: 'annotation'; level: 'error' | 'warning' | 'notice'; message: string }
  | { kind: 'debug'; message: string }
  | { kind: 'line'; text: string }

const COMMAND = /^::([A-Za-z][\w-]*)(?: ([^:]*))?::(.*)$/

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

export class WorkflowLog {
  private readonly masks: string[] = []
  private stopToken: string | undefined

  constructor(secrets: readonly string[] = []) {
    for (const s of secrets) this.addMask(s)
  }

  addMask(value: string): void {
    // Like the runner, mask each line of a multi-line secret too; ignore trivially short ones.
    for (const v of [value, ...value.split(/\r?\n/)]) {
      if (v.trim().length >= 1 && !this.masks.includes(v)) this.masks.push(v)
    }
    this.masks.sort((a, b) => b.length - a.length)
  }

  mask(text: string): string {
    let out = text
    for (const m of this.masks) out = out.split(m).join('***')
    return out
  }

  /** One stdout line (without its newline) to zero or one event. */
  read(raw: string): LogEvent | undefined {
    const line = raw.replace(/\r$/, '')
    const m = COMMAND.exec(line)
    if (this.stopToken !== undefined) {
      if (line === `::${this.stopToken}::`) {
        this.stopToken = undefined
        return undefined
      }
      return { kind: 'line', text: this.mask(line) }
    }
    if (!m) return { kind: 'line', text: this.mask(line) }
    const [, command, , rawData] = m
    const data = unescapeData(rawData)
    switch (command) {
      case 'add-mask':
        this.addMask(data)
        return undefined
      case 'stop-commands':
        this.stopToken = data
        return undefined
      case 'group':
        return { kind: 'group', name: this.mask(data) }
      case 'endgroup':
        return { kind: 'endgroup' }
      case 'error':
      case 'warning':
      case 'notice':
        return { kind: 'annotation', level: command, message: this.mask(data) }
      case 'debug':
        return { kind: 'debug', message: this.mask(data) }
      case 'echo':
      case 'set-output':
      case 'save-state':
        return undefined
      default:
        return { kind: 'line', text: this.mask(line) }
    }
  }
}
