import { GROUPS, type ActionInput } from './action-meta.js'
import { CLI_OPTIONS } from './args.js'
import { EXIT_CODES } from './exit-codes.js'

/** --help, generated from action.yml: every input with its default and one-line description. */
export function helpText(inputs: readonly ActionInput[], version: string, width = 100): string {
  const out: string[] = [
    `build-tag-push ${version}: resolve tags from a git ref, build, smoke-test, push`,
    '',
    'Usage: build-tag-push [--ref REF] [--INPUT VALUE ...]',
    '',
    'Runs the same engine as the GitHub Action on this machine. Every action input is a flag',
    '(--pull false, --retries=-1, --retries -1); repeat a flag to give several lines.',
    '',
    'Options:'
  ]
  for (const o of CLI_OPTIONS)
    out.push(...entry(`--${o.flag}${o.value ? ` ${o.value}` : ''}`, o.help, width))
  for (const { group, title } of GROUPS) {
    const members = inputs.filter(i => i.group === group)
    if (members.length === 0) continue
    out.push('', `${title}:`)
    for (const i of members) {
      const flag = `--${i.name}${i.boolean ? ' [true|false]' : ' VALUE'}`
      const def =
        i.default === ''
          ? ''
          : i.default.includes('${{')
            ? ` (default on a runner: ${i.default}; here $GITHUB_TOKEN)`
            : ` (default: ${i.default})`
      out.push(...entry(flag, `${i.description}${def}`, width))
    }
  }
  out.push('', 'Exit codes:')
  for (const [code, meaning] of EXIT_CODES) out.push(`  ${code}  ${meaning}`)
  out.push(
    '',
    'Example (from the repository root, with a registry on 127.0.0.1:5000):',
    '  build-tag-push --ref v1.2.3 --context examples/busybox-web \\',
    '    --images 127.0.0.1:5000/acme/app --smoke-network host --smoke-env PORT=8080 \\',
    "    --smoke-http 'http://127.0.0.1:8080/health status=200' --dry-run"
  )
  return out.join('\n')
}

function entry(flag: string, text: string, width: number): string[] {
  const col = 34
  const lines: string[] = []
  let line = `  ${flag}`.padEnd(col)
  if (line.length > col) {
    lines.push(line.trimEnd())
    line = ' '.repeat(col)
  }
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > width && line.trim() !== '') {
      lines.push(line.trimEnd())
      line = ' '.repeat(col)
    }
    line += (line.endsWith(' ') ? '' : ' ') + word
  }
  lines.push(line.trimEnd())
  return lines
}
