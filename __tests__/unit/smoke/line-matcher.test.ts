import { describe, expect, it } from '@jest/globals'
import { parseFailPatterns, parseLogPatterns } from '../../../src/smoke/fields.js'
import { describePattern, LineSplitter, LogMatcher } from '../../../src/smoke/line-matcher.js'
import { OutputTail } from '../../../src/smoke/output-tail.js'

function split(chunks: (string | Buffer)[], maxLine?: number): string[] {
  const lines: string[] = []
  const s = new LineSplitter(l => lines.push(l), maxLine)
  for (const c of chunks) s.push(c)
  s.end()
  return lines
}

describe('LineSplitter', () => {
  it.each<[string, (string | Buffer)[], string[]]>([
    ['one chunk', ['a\nb\n'], ['a', 'b']],
    ['line split across chunks', ['re', 'ady\nnext', '\n'], ['ready', 'next']],
    ['CRLF', ['a\r\nb\r', '\nc\r\n'], ['a', 'b', 'c']],
    ['partial last line is flushed at the end', ['ready'], ['ready']],
    ['blank lines are kept', ['a\n\nb\n'], ['a', '', 'b']],
    [
      'UTF-8 character split across chunks',
      [Buffer.from([0xe2, 0x9c]), Buffer.from([0x93, 0x0a])],
      ['✓']
    ],
    ['many lines in one chunk', ['1\n2\n3\n4'], ['1', '2', '3', '4']]
  ])('%s', (_name, chunks, expected) => {
    expect(split(chunks)).toEqual(expected)
  })

  it('bounds a line without a newline by cutting it into pieces', () => {
    const lines = split(['x'.repeat(25), 'y'.repeat(5), '\nz'], 10)
    expect(lines).toEqual(['xxxxxxxxxx', 'xxxxxxxxxx', 'xxxxxyyyyy', 'z'])
    expect(lines.every(l => l.length <= 10)).toBe(true)
  })

  it('keeps memory bounded for megabytes without a newline', () => {
    let longest = 0
    let total = 0
    const s = new LineSplitter(l => {
      longest = Math.max(longest, l.length)
      total += l.length
    }, 1024)
    const chunk = 'a'.repeat(64 * 1024)
    for (let i = 0; i < 64; i++) s.push(chunk)
    s.end()
    expect(longest).toBe(1024)
    expect(total).toBe(64 * 64 * 1024)
  })
})

describe('LogMatcher', () => {
  const run = (patterns: string, lines: string[], ordered = false, fail = 'none') => {
    const m = new LogMatcher(parseLogPatterns(patterns), parseFailPatterns(fail), ordered)
    const verdicts = lines.map(l => m.test(l))
    return { m, verdicts }
  }

  it.each<[string, string, string[], boolean, boolean]>([
    ['single pattern', 'ready', ['starting', 'ready now'], false, true],
    ['missing pattern', 'ready', ['starting'], false, false],
    ['count not reached', 'ok x3', ['ok', 'ok'], false, false],
    ['count reached', 'ok x3', ['ok', 'nope', 'ok', 'ok'], false, true],
    ['any order when not ordered', 'a\nb', ['b', 'a'], false, true],
    ['wrong order when ordered', 'a\nb', ['b', 'a'], true, false],
    ['right order when ordered', 'a\nb', ['a', 'x', 'b'], true, true],
    ['ordered needs a later line, not the same', 'a\nb', ['ab'], true, false],
    ['same line may satisfy two unordered patterns', 'a\nb', ['ab'], false, true],
    ['ordered with counts', 'a x2\nb', ['a', 'b', 'a', 'b'], true, true],
    ['anchors apply per line', '^ready$', ['not ready', 'ready'], false, true],
    ['no patterns are trivially done', '', [], false, true]
  ])('%s', (_name, patterns, lines, ordered, done) => {
    expect(run(patterns, lines, ordered).m.done).toBe(done)
  })

  it('reports the line that completed a pattern', () => {
    const { m, verdicts } = run('ready x2\nport (\\d+)', ['ready 1', 'port 80', 'ready 2'])
    expect(verdicts.map(v => v.completed)).toEqual([[], [1], [0]])
    expect(m.progress.map(p => p.matchedLine)).toEqual(['ready 2', 'port 80'])
  })

  it('fails at once on a fail pattern, before counting the line', () => {
    const { m, verdicts } = run('ready', ['ok', 'Traceback (most recent call last):'], false, '')
    expect(verdicts[1].failed?.pattern.source).toContain('Traceback')
    expect(verdicts[1].failed?.line).toBe('Traceback (most recent call last):')
    expect(m.missing()).toHaveLength(1)
  })

  it('describes patterns with count and progress', () => {
    const { m } = run('ready x3', ['ready'])
    expect(describePattern(m.progress[0].pattern, m.progress[0].seen)).toBe('/ready/ x3 (1 seen)')
    expect(describePattern(parseLogPatterns('a')[0])).toBe('/a/')
  })
})

describe('OutputTail', () => {
  it('keeps the last lines in order and counts the rest', () => {
    const t = new OutputTail(3, 100)
    for (let i = 1; i <= 10; i++) t.push(`line ${i}`)
    expect(t.lines()).toEqual(['line 8', 'line 9', 'line 10'])
    expect(t.dropped).toBe(7)
  })

  it('truncates long lines', () => {
    const t = new OutputTail(3, 5)
    t.push('abcdefgh')
    expect(t.lines()).toEqual(['abcde… [3 more characters]'])
  })
})
