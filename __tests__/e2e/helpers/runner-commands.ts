/**
 * What the Actions runner would read as workflow commands in a step's stdout: it splits the
 * output like .NET `ReadLine` (on `\r\n`, `\n` and a lone `\r`), trims each line, takes
 * `::name props::data` (and the older `##[name props]data`) as a command, and between
 * `::stop-commands::TOKEN` and a line `::TOKEN::` obeys nothing but that closing line.
 */
export interface RunnerCommand {
  command: string
  data: string
  line: string
}

function parse(line: string): RunnerCommand | undefined {
  const t = line.trim()
  if (t.startsWith('::')) {
    const end = t.indexOf('::', 2)
    if (end < 0) return undefined
    const info = t.slice(2, end)
    return { command: info.split(' ')[0], data: t.slice(end + 2), line: t }
  }
  const v1 = /^##\[([^\]\s]+)[^\]]*\](.*)$/.exec(t)
  return v1 ? { command: v1[1], data: v1[2], line: t } : undefined
}

/** Every command the runner would act on, fences included, in order. */
export function commandsTheRunnerReads(stdout: string): RunnerCommand[] {
  const read: RunnerCommand[] = []
  let stopToken: string | undefined
  for (const line of stdout.split(/\r\n|\r|\n/)) {
    const cmd = parse(line)
    if (!cmd) continue
    if (stopToken !== undefined) {
      if (cmd.command.toLowerCase() === stopToken.toLowerCase()) {
        read.push(cmd)
        stopToken = undefined
      }
      continue
    }
    read.push(cmd)
    if (cmd.command === 'stop-commands') stopToken = cmd.data
  }
  return read
}

/**
 * The commands the runner reads, after checking that none of them carries `forged` (text the
 * build or the image printed) and that every fence we opened was closed again.
 */
export function expectOnlyOurCommands(stdout: string, forged: RegExp): RunnerCommand[] {
  const read = commandsTheRunnerReads(stdout)
  const bad = read.filter(c => forged.test(c.line))
  if (bad.length > 0) {
    throw new Error(`the runner would obey forged commands:\n${bad.map(c => c.line).join('\n')}`)
  }
  let open: string | undefined
  for (const c of read) {
    if (c.command === 'stop-commands') open = c.data
    else if (open !== undefined && c.command === open) open = undefined
  }
  if (open !== undefined) throw new Error(`stop-commands fence ${open} was never closed`)
  return read
}
