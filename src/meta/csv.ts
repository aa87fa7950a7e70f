import { InputError } from '../util/errors.js'
import { lazyModules } from '../util/lazy.js'

/**
 * Splits a multi-line input into its meaningful lines. Splitting before CSV parsing (rather
 * than letting csv-parse see the whole text) keeps every error tied to one line the user can
 * find, and lets `#` start a comment only at the beginning of a line so `#` inside a value
 * survives.
 */
export function inputLines(text: string): string[] {
  return text
    .split(/\r\n|\n|\r/)
    .map(l => l.trim())
    .filter(l => l.length > 0 && !l.startsWith('#'))
}

export function quote(line: string): string {
  return JSON.stringify(line.length > 200 ? `${line.slice(0, 200)}…` : line)
}

/** CSV fields of one line; `"` quotes a field so it may hold commas. */
export function csvFields(line: string, input: string): string[] {
  // Without a quote, csv-parse (no trimming, `,` delimiter, one record) splits at every comma.
  if (!line.includes('"')) return line === '' ? [] : line.split(',')
  const parse = lazyModules('csv-parse').csvParse
  let records: unknown
  try {
    records = parse(line, {
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true
    })
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    throw new InputError(input, `${quote(line)} is not a valid CSV line (${why})`)
  }
  const first = (records as string[][])[0]
  return (first ?? []).map(f => String(f))
}

/**
 * `key=value` splits at the first `=` only, so values such as `pattern=a=b` keep theirs; a
 * field without `=` (or starting with one) is a bare value, as metadata-action reads it.
 */
export function splitAttr(field: string): { key?: string; value: string } {
  const at = field.indexOf('=')
  if (at <= 0) return { value: field.trim() }
  return { key: field.slice(0, at).trim().toLowerCase(), value: field.slice(at + 1).trim() }
}
