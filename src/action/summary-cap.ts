/**
 * GitHub rejects a step summary over 1 MiB and then shows none of it. The summary is built
 * from sections; when they add up to more than the cap, the longest sections are cut first
 * (each to the same length, so short ones stay whole) and each cut says so.
 */
export const SUMMARY_CAP_BYTES = 1000 * 1024

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8')

/**
 * The largest per-section size `c` with sum(min(size, c)) <= budget: cutting every section
 * above `c` down to `c` cuts only the longest ones, and as little as possible.
 */
function sectionCap(sizes: number[], budget: number): number {
  const sorted = [...sizes].sort((a, b) => a - b)
  let rest = budget
  for (let i = 0; i < sorted.length; i++) {
    const remaining = sorted.length - i
    if (sorted[i] * remaining > rest) return Math.floor(rest / remaining)
    rest -= sorted[i]
  }
  return Infinity
}

/** Keeps whole lines up to `limit` bytes and closes a code fence or <details> left open. */
export function cutSection(text: string, limit: number): string {
  const lines = text.split('\n')
  const kept: string[] = []
  let used = 0
  let fence: string | undefined
  let details = 0
  const closing = (): string[] => [
    ...(fence ? [fence] : []),
    ...Array<string>(Math.max(0, details)).fill('</details>')
  ]
  const cutBytes = bytes(text)
  const noteFor = (cut: number): string =>
    `> ✂️ This section was shortened by ${cut} bytes to keep the job summary under GitHub's 1 MiB limit; the full text is in the step log.`
  // Room for the note and the closing lines.
  const reserve = bytes(noteFor(cutBytes)) + 64
  for (const line of lines) {
    const size = bytes(line) + 1
    if (used + size + reserve + bytes(closing().join('\n')) > limit) break
    kept.push(line)
    used += size
    const f = /^(`{3,}|~{3,})/.exec(line)
    if (f) fence = fence === undefined ? f[1] : line.startsWith(fence) ? undefined : fence
    else if (!fence) {
      details += (line.match(/<details[\s>]/g) ?? []).length
      details -= (line.match(/<\/details>/g) ?? []).length
    }
  }
  const removed = bytes(text) - bytes(kept.join('\n'))
  return [...kept, ...closing(), '', noteFor(removed), ''].join('\n')
}

/** Joins the sections, cutting the longest ones first when the whole is over `cap` bytes. */
export function capSections(sections: string[], cap = SUMMARY_CAP_BYTES): string {
  const joined = sections.join('\n')
  if (bytes(joined) <= cap) return joined
  const sizes = sections.map(bytes)
  const each = sectionCap(sizes, cap - sections.length)
  const out = sections.map((s, i) => (sizes[i] > each ? cutSection(s, each) : s))
  const result = out.join('\n')
  // A section too small to hold even the note: drop whole sections from the end.
  if (bytes(result) > cap)
    return Buffer.from(result)
      .subarray(0, cap)
      .toString()
      .replace(/\uFFFD$/, '')
  return result
}
