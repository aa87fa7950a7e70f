/** One docker command of the plan, as the action would run it. */
export interface PlanStep {
  step: string
  argv: string[]
}

/**
 * The dry run logs each docker command as a JSON argv line (`["docker","build",...]`); this
 * collects them when the action gives no `plan` output, and hides them from the human log.
 */
export function planFromLog(line: string, into: PlanStep[]): boolean {
  if (!line.startsWith('["docker"')) return false
  const end = line.lastIndexOf(']')
  try {
    const argv = JSON.parse(line.slice(0, end + 1)) as string[]
    const note = line.slice(end + 1).trim()
    into.push({ step: argv[1] ?? '', argv: note ? [...argv, note] : argv })
    return true
  } catch {
    return false
  }
}

/**
 * Table rows (#, step, command) from the `plan` output (`{push, targets, commands}`) or the
 * collected steps.
 */
export function planRows(plan: unknown): string[][] {
  const commands: unknown = Array.isArray(plan)
    ? plan
    : plan && typeof plan === 'object'
      ? (plan as { commands?: unknown }).commands
      : undefined
  const list: unknown[] = Array.isArray(commands) ? commands : []
  const rows: string[][] = []
  for (const item of list) {
    const argv = Array.isArray(item)
      ? (item as unknown[]).map(String)
      : item && typeof item === 'object' && Array.isArray((item as { argv?: unknown }).argv)
        ? (item as { argv: unknown[] }).argv.map(String)
        : undefined
    if (!argv) continue
    const named = item as { step?: unknown; phase?: unknown; kind?: unknown }
    const label = [named.step, named.phase, named.kind].find(v => typeof v === 'string')
    const step = typeof label === 'string' ? label : (argv[argv[0] === 'docker' ? 1 : 0] ?? '')
    rows.push([String(rows.length + 1), step, argv.map(quote).join(' ')])
  }
  return rows
}

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}
