/**
 * Untrusted text in the job summary (image output, registry messages, branch names): GitHub
 * renders the summary as GitHub-flavoured markdown with HTML, so every character that can
 * start markup is escaped and autolinks are broken, and the text renders exactly as written.
 */

/**
 * Inline text: no HTML, no emphasis, no links (not even bare URLs or e-mail addresses), no
 * line breaks, and no block markup (heading, list, quote) at its start.
 */
export function mdText(text: string): string {
  return (
    text
      .replace(/\r\n|\r|\n/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // Emphasis, code, links, images, strike-through, table pipes, escapes themselves.
      .replace(/[\\`*_[\]|~]/g, c => `\\${c}`)
      // Autolinks: `scheme://`, `www.` and `user@host` are recognised without brackets.
      .replace(/:\/\//g, '\\://')
      .replace(/\b(w)(ww)\./gi, '$1$2\\.')
      .replace(/@/g, '\\@')
      // Block markers only count at the start of a line.
      .replace(/^(\s*)([#>+=-])/, '$1\\$2')
      .replace(/^(\s*\d+)([.)])/, '$1\\$2')
  )
}

/** A table cell: inline text (pipes are escaped by mdText). */
export function mdCell(text: string): string {
  return mdText(text).trim()
}

/**
 * A code span: markdown and HTML are not interpreted inside backticks, so only a backtick run
 * in the text (which would close the span) and, in a table, a pipe need care.
 */
export function mdCode(text: string, inTable = true): string {
  let t = text.replace(/\r\n|\r|\n/g, ' ')
  if (inTable) t = t.replace(/\|/g, '\\|')
  if (t.trim() === '') return ''
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map(r => r.length))
  const ticks = '`'.repeat(longest + 1)
  const pad = t.startsWith('`') || t.endsWith('`') || longest > 0 ? ' ' : ''
  return `${ticks}${pad}${t}${pad}${ticks}`
}
