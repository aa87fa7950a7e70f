/**
 * Hardening, second ring: the pure pieces behind each guarantee (see SECURITY.md). The
 * end-to-end proofs are in __tests__/e2e/hardening/hostile.test.ts and flood.test.ts.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CommandFence, oneLine } from '../../../src/util/untrusted.js'
import { Redactor } from '../../../src/util/redact.js'
import { mdCell, mdCode, mdText } from '../../../src/util/markdown.js'
import { workspacePath } from '../../../src/util/workspace-path.js'
import { capSections, cutSection } from '../../../src/action/summary-cap.js'
import { ExecDockerCli, TailBuffer, usefulStderrLine } from '../../../src/docker/cli.js'
import { createStepDockerConfig, credentialDelegate } from '../../../src/docker/config.js'
import { lenientTag } from '../../../src/meta/resolve-tags.js'
import { scenariosFromText } from '../../../src/smoke/config-file.js'
import { commandsTheRunnerReads } from '../../e2e/helpers/runner-commands.js'

describe('untrusted text in the log', () => {
  it.each([
    ['LF', 'a\n::error::x', 'a ⏎ ::error::x'],
    ['lone CR', 'a\r::error::x', 'a ⏎ ::error::x'],
    ['CRLF', 'a\r\n::error::x', 'a ⏎ ::error::x']
  ])('oneLine neutralises %s', (_n, input, out) => {
    expect(oneLine(input)).toBe(out)
    expect(commandsTheRunnerReads(oneLine(input))).toEqual([])
  })

  it('usefulStderrLine never returns a line break, even a lone CR', () => {
    expect(usefulStderrLine('ERROR: failed x\r::error::forged\n')).not.toMatch(/[\r\n]/)
  })

  it.each([
    ['complete lines', ['::error::a\n', '::stop-commands::z\n']],
    ['a partial last line', ['ok\n', 'partial']],
    ['a last line ending in CR', ['x\r']],
    ['chunks split inside a command', ['::err', 'or::split\n']]
  ])('CommandFence with %s: only our commands are read', (_n, chunks) => {
    let out = ''
    const fence = new CommandFence(t => (out += String(t)))
    for (const c of chunks) fence.text(c)
    fence.end()
    out += '::error::ours\n'
    const read = commandsTheRunnerReads(out)
    expect(read.map(c => c.command).slice(1)).toEqual([read[0].data, 'error'])
    expect(read[read.length - 1].data).toBe('ours')
  })

  it('a fresh token for every fence', () => {
    let out = ''
    const fence = new CommandFence(t => (out += String(t)))
    fence.text('a\n')
    fence.end()
    fence.text('b\n')
    fence.end()
    const tokens = commandsTheRunnerReads(out)
      .filter(c => c.command === 'stop-commands')
      .map(c => c.data)
    expect(new Set(tokens).size).toBe(2)
  })
})

describe('bounded output capture', () => {
  it('TailBuffer keeps only the last bytes', () => {
    const tail = new TailBuffer(1024)
    for (let i = 0; i < 5000; i++) tail.push(Buffer.from(`line ${i}\n`))
    const text = tail.toString()
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1024)
    expect(text.endsWith('line 4999\n')).toBe(true)
    expect(text.startsWith('line ')).toBe(true)
  })

  it('a streamed command keeps a bounded tail of a 50 MB flood and fences it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hardening-fake-docker-'))
    const fake = join(dir, 'docker')
    writeFileSync(
      fake,
      `#!/bin/sh\nyes 'flood ::error::FORGED' | head -c 50000000\nprintf 'x\\r::warning::FORGED\\nlast'\nexit 0\n`,
      { mode: 0o755 }
    )
    let shown = 0
    let head = ''
    let end = ''
    const cli = new ExecDockerCli({}, fake, chunk => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()
      shown += text.length
      if (head.length < 4096) head += text
      end = (end + text).slice(-4096)
    })
    const res = await cli.exec(['build', '.'], { stream: true })
    expect(shown).toBeGreaterThan(50000000)
    expect(res.stdout.length).toBeLessThanOrEqual(64 * 1024)
    expect(res.stdout.endsWith('last')).toBe(true)
    const visible = head + '\n' + end
    expect(commandsTheRunnerReads(visible).filter(c => /FORGED/.test(c.command + c.data))).toEqual(
      []
    )
    expect(end.endsWith('::\n')).toBe(true)
  }, 60000)
})

describe('redaction', () => {
  it.each([
    ['a plain value', ['s3cr3t-value'], 'token=s3cr3t-value!', 'token=***!'],
    ['the longest first', ['abcdef', 'abcdefgh'], 'x abcdefgh y', 'x *** y'],
    ['each line of a multi-line secret', ['line-one\nline-two'], 'got line-two', 'got ***'],
    ['not too short values', ['ab'], 'ab cd', 'ab cd']
  ])('%s', (_n, secrets, input, out) => {
    const r = new Redactor()
    for (const s of secrets) r.add(s)
    expect(r.redact(input)).toBe(out)
  })

  it('redacts every string of a report', () => {
    const r = new Redactor()
    r.add('TOKEN-123456')
    expect(r.redactDeep({ a: ['x TOKEN-123456'], b: { c: 'TOKEN-123456' }, n: 1 })).toEqual({
      a: ['x ***'],
      b: { c: '***' },
      n: 1
    })
  })
})

describe('markdown escaping', () => {
  it.each([
    ['HTML', '<img src=x onerror=alert(1)>', /<img/],
    ['a link', '[text](https://evil.example)', /(?<!\\)\[text(?<!\\)\]/],
    ['a bare URL', 'see https://evil.example', /https:\/\//],
    ['www autolink', 'www.evil.example', /(?<!\\)www\./],
    ['an e-mail autolink', 'a@evil.example', /(?<!\\)@/],
    ['emphasis', '**bold** _it_', /(?<!\\)\*\*/],
    ['a pipe that ends the cell', 'a | b', /(?<!\\)\|/],
    ['a heading at the start', '# title', /^#/],
    ['a line break', 'a\r\nb\rc', /[\r\n]/]
  ])('mdText makes %s inert', (_n, input, forbidden) => {
    expect(mdText(input)).not.toMatch(forbidden)
    expect(mdCell(input)).not.toMatch(forbidden)
  })

  it.each([
    ['plain', 'app:1.2.3', '`app:1.2.3`'],
    ['a backtick', 'a`b', '`` a`b ``'],
    ['a pipe in a table', 'a|b', '`a\\|b`']
  ])('mdCode: %s', (_n, input, out) => expect(mdCode(input)).toBe(out))
})

describe('summary cap', () => {
  const big = (n: number, tag: string): string =>
    [
      `### ${tag}`,
      '<details open>',
      '```text',
      ...Array<string>(n).fill('y'.repeat(1000)),
      '```',
      '</details>'
    ].join('\n')

  it('leaves a small summary alone', () => {
    expect(capSections(['a', 'b'], 100)).toBe('a\nb')
  })

  it('cuts the longest sections first, keeps short ones whole, says so', () => {
    const sections = [
      '## head\n**Result:** ❌ failed',
      big(600, 'one'),
      big(300, 'two'),
      big(5, 'three')
    ]
    const out = capSections(sections, 400 * 1024)
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(400 * 1024)
    expect(out).toContain('**Result:** ❌ failed')
    expect(out).toContain(sections[3])
    expect(out.match(/This section was shortened/g)).toHaveLength(2)
  })

  it('closes an open code fence and details block when it cuts inside them', () => {
    const cut = cutSection(big(100, 'x'), 20 * 1024)
    const lines = cut.split('\n')
    expect(lines.filter(l => l === '```').length).toBe(1)
    expect(lines).toContain('</details>')
  })
})

describe('path inputs stay in the workspace', () => {
  const ws = mkdtempSync(join(tmpdir(), 'hardening-ws-'))
  const outside = mkdtempSync(join(tmpdir(), 'hardening-out-'))
  mkdirSync(join(ws, 'inside'))
  writeFileSync(join(ws, 'inside', 'f'), 'x')
  symlinkSync(outside, join(ws, 'out-dir'))
  symlinkSync(join(outside, 'new-file'), join(ws, 'dangling'))
  symlinkSync(join(ws, 'inside'), join(ws, 'in-link'))

  it.each([
    ['a plain file', 'inside/f', true],
    ['a file to create', 'inside/new/x.xml', true],
    ['a link that stays inside', 'in-link/f', true],
    ['a symlinked directory out', 'out-dir/x.xml', false],
    ['a dangling link out', 'dangling', false],
    ['dot-dot out', '../x', false],
    ['an absolute path (the author chose it)', '/etc/hostname', true]
  ])('%s', (_n, value, ok) => {
    const call = (): string => workspacePath('smoke-junit', value, ws)
    if (ok) expect(call).not.toThrow()
    else expect(call).toThrow(/^Input "smoke-junit": .*(outside|leaves) the workspace/)
  })
})

describe('smoke-config YAML errors', () => {
  it('name the position, never the content', () => {
    const call = (): unknown =>
      scenariosFromText('scenarios: [ {name: PRIVATE-CONTENT\n', {} as never, 'smoke.yml')
    expect(call).toThrow(/smoke\.yml is not valid YAML \(line \d+, column \d+\)/)
    expect(call).not.toThrow(/PRIVATE/)
  })
})

describe('step-private docker config and credential helpers', () => {
  const runner = mkdtempSync(join(tmpdir(), 'hardening-runner-docker-'))
  writeFileSync(
    join(runner, 'config.json'),
    JSON.stringify({
      credsStore: 'desktop',
      credHelpers: { 'ghcr.io': 'gh', 'https://127.0.0.1:5000': 'rec', 'ecr.example': 'ecr' },
      auths: { 'other.example': { auth: 'eA==' } }
    })
  )
  const temp = mkdtempSync(join(tmpdir(), 'hardening-temp-'))

  it.each([
    ['ghcr.io', ['ghcr.io'], 'gh'],
    ['a loopback registry given with a scheme in the runner config', ['127.0.0.1:5000'], 'rec']
  ])('drops the helper of the registry we log in to: %s', (_n, logins, helper) => {
    const dir = createStepDockerConfig(temp, { DOCKER_CONFIG: runner }, logins)
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as {
      credsStore?: string
      credHelpers: Record<string, string>
      auths: object
    }
    expect(config.credsStore).toBeUndefined()
    expect(Object.values(config.credHelpers)).not.toContain(helper)
    // Other registries keep their helper (a private base image still pulls).
    expect(config.credHelpers['ecr.example']).toBe('ecr')
    expect(config.auths).toEqual({ 'other.example': { auth: 'eA==' } })
    expect(credentialDelegate(dir, logins[0])).toBeUndefined()
    expect(credentialDelegate(dir, 'ecr.example')).toBe('ecr')
  })
})

describe('default tags on ordinary branch names', () => {
  it.each([
    ['ünïcödé', 'n-c-d-'],
    ['日本語-fix', 'fix'],
    ['$(x)', 'x-'],
    ['日本語', ''],
    ['..hidden', 'hidden'],
    ['-dash', 'dash'],
    ['a'.repeat(200), 'a'.repeat(128)]
  ])('%s -> %s', (branch, tag) => expect(lenientTag(branch)).toBe(tag))
})
