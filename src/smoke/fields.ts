/**
 * Parsers for one input value each. They throw FieldError with only the reason; the caller
 * knows whether the value came from an action input or a smoke-config key and names it.
 */
import { crashSignaturePatterns } from './crash-signatures.js'
import { splitShellWords } from './shell-words.js'
import type { HealthMode, HttpProbe, LogPattern } from './types.js'

export class FieldError extends Error {}

/** Non-empty lines with surrounding blanks trimmed and whole-line `#` comments removed. */
export function meaningfulLines(raw: string): string[] {
  return raw
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l.length > 0 && !l.startsWith('#'))
}

export function parseBool(raw: string, fallback: boolean): boolean {
  const v = raw.trim().toLowerCase()
  if (v === '') return fallback
  if (v === 'true') return true
  if (v === 'false') return false
  throw new FieldError(`expected true or false, got "${raw.trim()}"`)
}

export function parseSeconds(raw: string, fallback: number, allowZero = false): number {
  const v = raw.trim()
  if (v === '') return fallback
  const n = /^\d+(\.\d+)?$|^\.\d+$/.test(v) ? Number(v) : NaN
  if (!Number.isFinite(n) || n < 0 || (n === 0 && !allowZero)) {
    const what = allowZero ? 'a number of seconds (0 or more)' : 'a positive number of seconds'
    throw new FieldError(`expected ${what}, got "${v}"`)
  }
  return n
}

function compile(source: string): RegExp {
  try {
    return new RegExp(source)
  } catch (err) {
    throw new FieldError(`invalid regular expression /${source}/: ${(err as Error).message}`)
  }
}

/** One regex per line; a trailing ` xN` asks for N matching lines. */
export function parseLogPatterns(raw: string): LogPattern[] {
  return meaningfulLines(raw).map(line => {
    const counted = /^(.*\S)\s+x(\d+)$/.exec(line)
    const source = counted ? counted[1] : line
    const count = counted ? Number(counted[2]) : 1
    if (count < 1) throw new FieldError(`"${line}": the count after x must be 1 or more`)
    return { source, regex: compile(source), count }
  })
}

/** Empty means the built-in crash signatures; `none` turns fail patterns off. */
export function parseFailPatterns(raw: string): LogPattern[] {
  const lines = meaningfulLines(raw)
  if (lines.length === 0) return crashSignaturePatterns()
  if (lines.length === 1 && lines[0].toLowerCase() === 'none') return []
  return lines.map(source => ({ source, regex: compile(source), count: 1 }))
}

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/

/** KEY=VALUE lines; the value is everything after the first `=`, kept verbatim. */
export function parseKeyValues(raw: string): [string, string][] {
  const out: [string, string][] = []
  for (const line of raw.split(/\r?\n/)) {
    const trimmed = line.trimStart()
    if (trimmed.trim() === '' || trimmed.startsWith('#')) continue
    const at = trimmed.indexOf('=')
    // A bare KEY would make docker copy the runner's own variable into the container.
    if (at < 0) throw new FieldError(`expected KEY=VALUE lines, got "${trimmed.trim()}"`)
    const key = trimmed.slice(0, at).trim()
    if (!ENV_KEY.test(key)) {
      throw new FieldError(`"${key}" is not a valid variable name (letters, digits, _ . -)`)
    }
    out.push([key, trimmed.slice(at + 1)])
  }
  return out
}

export function parseCommand(raw: string): string[] | undefined {
  if (raw.trim() === '') return undefined
  try {
    return splitShellWords(raw)
  } catch (err) {
    throw new FieldError(`cannot split into words: ${(err as Error).message}`)
  }
}

/** One argument per line, kept verbatim apart from the line break (no comments: `#` is data). */
export function parseArgs(raw: string): string[] {
  return raw.split(/\r?\n/).filter(l => l.trim() !== '')
}

function portNumber(v: string): boolean {
  const n = Number(v)
  return /^\d{1,5}$/.test(v) && n >= 1 && n <= 65535
}

/** `[ip:]hostPort:containerPort[/proto]`, ip may be IPv4 or bracketed IPv6. */
export function parsePorts(raw: string): string[] {
  return meaningfulLines(raw).map(line => {
    const m =
      /^(?:(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\]):)?(\d+):(\d+)(?:\/(tcp|udp|sctp))?$/.exec(
        line
      )
    if (!m || !portNumber(m[2]) || !portNumber(m[3])) {
      throw new FieldError(
        `"${line}" is not a port mapping; expected [ip:]hostPort:containerPort[/tcp|udp|sctp]`
      )
    }
    if (m[1] && !m[1].startsWith('[') && m[1].split('.').some(o => Number(o) > 255)) {
      throw new FieldError(`"${line}": ${m[1]} is not an IPv4 address`)
    }
    return line
  })
}

/** `URL [status=N] [body=REGEX]`; the regex cannot contain spaces (write \s). */
export function parseHttpProbes(raw: string): HttpProbe[] {
  return meaningfulLines(raw).map(line => {
    const [url, ...opts] = line.split(/\s+/)
    let parsed: URL | undefined
    try {
      parsed = new URL(url)
    } catch {
      parsed = undefined
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw new FieldError(`"${url}" is not an http(s) URL; expected URL [status=N] [body=REGEX]`)
    }
    const probe: HttpProbe = { url }
    for (const opt of opts) {
      const status = /^status=(\d{3})$/.exec(opt)
      if (status && Number(status[1]) >= 100 && Number(status[1]) <= 599) {
        probe.status = Number(status[1])
      } else if (opt.startsWith('body=') && opt.length > 5) {
        probe.body = compile(opt.slice(5))
      } else {
        throw new FieldError(`"${opt}" in "${line}": expected status=NNN (100-599) or body=REGEX`)
      }
    }
    return probe
  })
}

export function parseHealth(raw: string): HealthMode {
  const v = raw.trim().toLowerCase()
  if (v === '') return 'auto'
  if (v === 'auto' || v === 'true' || v === 'false') return v
  throw new FieldError(`expected auto, true or false, got "${raw.trim()}"`)
}

export function parseExitCode(raw: string): number | undefined {
  const v = raw.trim()
  if (v === '') return undefined
  if (!/^\d{1,3}$/.test(v) || Number(v) > 255) {
    throw new FieldError(`expected an exit code from 0 to 255, got "${v}"`)
  }
  return Number(v)
}

/** Docker rejects relative working directories only after creating the container. */
export function parseWorkdir(raw: string): string | undefined {
  const v = raw.trim()
  if (v === '') return undefined
  if (!v.startsWith('/') || /[\r\n]/.test(v)) {
    throw new FieldError(`expected an absolute path inside the container, got "${v}"`)
  }
  return v
}

/** A single word passed to docker as a flag value, so a space or newline is always a mistake. */
export function parseWord(raw: string): string | undefined {
  const v = raw.trim()
  if (v === '') return undefined
  if (/\s/.test(v)) throw new FieldError(`expected a single word, got "${v}"`)
  return v
}
