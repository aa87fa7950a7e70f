/**
 * Splits a command line into words the way a POSIX shell tokenises (quotes and backslashes)
 * without expanding anything: `$HOME`, globs and `;` stay literal because no shell ever runs.
 * Throws a plain Error with the reason; callers wrap it with the input name.
 */
export function splitShellWords(line: string): string[] {
  const words: string[] = []
  let word = ''
  // Distinguishes `''` (an empty argument) from no word at all.
  let inWord = false
  let quote: '"' | "'" | undefined
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quote === "'") {
      if (c === "'") quote = undefined
      else word += c
      continue
    }
    if (quote === '"') {
      if (c === '"') quote = undefined
      else if (c === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1])) {
        i++
        if (line[i] !== '\n') word += line[i]
      } else word += c
      continue
    }
    if (c === "'" || c === '"') {
      quote = c
      inWord = true
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new Error('ends with a lone backslash')
      i++
      // Backslash-newline is a line continuation, as in a shell.
      if (line[i] !== '\n') {
        word += line[i]
        inWord = true
      }
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word)
      word = ''
      inWord = false
    } else {
      word += c
      inWord = true
    }
  }
  if (quote) throw new Error(`unterminated ${quote} quote`)
  if (inWord) words.push(word)
  return words
}
