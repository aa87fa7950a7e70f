import * as pep440 from '@renovatebot/pep440'
import semver from 'semver'
import { InputError } from '../util/errors.js'
import { quote } from './csv.js'
import {
  globalScope,
  isRawStatement,
  render,
  scheduleScope,
  shortSha,
  type ExpressionEnv
} from './expressions.js'
import { compileMatchPattern } from './tags.js'
import type { Flavor, ResolvedTag, TagRule, TagVersion } from './types.js'

const TAG_MAX = 128

/** What one rule yields before prefix, suffix and sanitizing. */
interface Produced {
  value: string
  /** Whether this rule asks for `latest` when flavor is `latest=auto`. */
  autoLatest: boolean
  floating: boolean
  /** The stable release a semver/pep440 tag stands for (unset for prereleases and others). */
  release?: Pick<TagVersion, 'scheme' | 'version' | 'level'>
}

export function sanitizeTag(tag: string): string {
  return tag.replace(/[^a-zA-Z0-9._-]+/g, '-')
}

/**
 * metadata-action's sanitizing (every run of characters a tag cannot hold becomes `-`), then
 * what docker also requires: no leading `.` or `-`, at most 128 characters. May return ''.
 */
export function lenientTag(raw: string): string {
  return sanitizeTag(raw)
    .replace(/^[.-]+/, '')
    .slice(0, TAG_MAX)
}

/**
 * A semver/pep440 pattern makes an immutable tag when it pins the full version; patterns
 * such as `{{major}}.{{minor}}` are moved by every later release.
 */
function patternPinsVersion(pattern: string): boolean {
  const names = new Set([...pattern.matchAll(/\{\{\s*([a-z_]+)/g)].map(m => m[1]))
  if (names.has('raw') || names.has('version')) return true
  return names.has('major') && names.has('minor') && names.has('patch')
}

/** The part of the version a pattern covers: `{{major}}.{{minor}}` covers one minor line. */
function patternLevel(pattern: string): TagVersion['level'] {
  if (patternPinsVersion(pattern)) return 'full'
  const names = new Set([...pattern.matchAll(/\{\{\s*([a-z_]+)/g)].map(m => m[1]))
  if (names.has('major') && names.has('minor')) return 'minor'
  if (names.has('major')) return 'major'
  return 'all'
}

export class TagResolver {
  readonly warnings: string[] = []
  private readonly scope: Record<string, unknown>

  constructor(
    private readonly flavor: Flavor,
    private readonly env: ExpressionEnv
  ) {
    this.scope = globalScope(env)
  }

  private get ref(): string {
    return this.env.ctx.ref
  }

  resolve(rules: TagRule[]): { version: string; tags: ResolvedTag[] } {
    // Array.prototype.sort is stable, so equal priorities keep the order they were written in.
    const sorted = [...rules].sort((a, b) => b.priority - a.priority)
    const tags: ResolvedTag[] = []
    let latest: { want: boolean; priority: number } | undefined
    // The release `latest` stands for: the first stable semver/pep440 version of the run.
    let release: Produced['release']
    for (const rule of sorted) {
      const enabled = render(rule.attrs['enable'], this.scope, 'tags', rule.line)
      if (enabled !== 'true' && enabled !== 'false') {
        throw new InputError(
          'tags',
          `${quote(rule.line)}: enable evaluated to "${enabled}", expected true or false`
        )
      }
      if (enabled === 'false') continue
      const produced = this.produce(rule)
      if (produced === undefined) continue
      const { prefix, suffix } = this.affix(rule)
      const raw = `${prefix}${produced.value}${suffix}`
      if (raw.length === 0) continue
      const tag = rule.internal?.lenient ? lenientTag(raw) : sanitizeTag(raw)
      if (tag.length === 0) continue
      checkTag(tag, 'tags', rule.line)
      release ??= produced.release
      const existing = tags.find(t => t.tag === tag)
      if (existing) existing.floating ||= produced.floating
      else {
        const version = produced.release ? { ...produced.release, prefix, suffix } : undefined
        tags.push({
          tag,
          floating: produced.floating,
          priority: rule.priority,
          type: rule.type,
          ...(version ? { version } : {})
        })
      }
      // Like metadata-action, the first rule that yields a tag decides about `latest`.
      if (latest === undefined) {
        let want =
          this.flavor.latest === 'auto' ? produced.autoLatest : this.flavor.latest === 'true'
        if (rule.internal?.noLatest) want = false
        latest = { want, priority: rule.priority }
      }
    }
    if (latest?.want) this.addLatest(tags, latest.priority, release)
    return { version: tags[0]?.tag ?? '', tags }
  }

  private addLatest(tags: ResolvedTag[], priority: number, release: Produced['release']): void {
    const f = this.flavor
    const prefix = f.prefixLatest
      ? render(f.prefix, this.scope, 'flavor', `prefix=${f.prefix}`)
      : ''
    const suffix = f.suffixLatest
      ? render(f.suffix, this.scope, 'flavor', `suffix=${f.suffix}`)
      : ''
    const tag = sanitizeTag(`${prefix}latest${suffix}`)
    checkTag(
      tag,
      'flavor',
      `${prefix ? `prefix=${f.prefix}` : ''}${suffix ? `suffix=${f.suffix}` : ''}`
    )
    const version = release ? { ...release, level: 'all' as const, prefix, suffix } : undefined
    const existing = tags.find(t => t.tag === tag)
    if (existing) {
      existing.floating = true
      if (version) existing.version = version
    } else
      tags.push({ tag, floating: true, priority, type: 'latest', ...(version ? { version } : {}) })
  }

  /** A rule's own prefix/suffix, even an empty one, wins over the flavor's. */
  private affix(rule: TagRule): { prefix: string; suffix: string } {
    const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(rule.attrs, k)
    const part = (k: 'prefix' | 'suffix'): string => {
      if (has(k)) return render(rule.attrs[k], this.scope, 'tags', rule.line)
      const fromFlavor = this.flavor[k]
      return fromFlavor ? render(fromFlavor, this.scope, 'flavor', `${k}=${fromFlavor}`) : ''
    }
    return { prefix: part('prefix'), suffix: part('suffix') }
  }

  private produce(rule: TagRule): Produced | undefined {
    const ref = this.ref
    const isBranch = /^refs\/heads\//.test(ref)
    switch (rule.type) {
      case 'schedule': {
        if (!/schedule/.test(this.env.ctx.eventName)) return undefined
        const value = render(rule.attrs['pattern'], scheduleScope(this.env), 'tags', rule.line)
        return { value, autoLatest: false, floating: true }
      }
      case 'semver':
        return this.semver(rule)
      case 'pep440':
        return this.pep440(rule)
      case 'match':
        return this.match(rule)
      case 'edge': {
        if (!isBranch) return undefined
        const branch = rule.attrs['branch'] || this.env.repo.defaultBranch
        if (branch !== ref.replace(/^refs\/heads\//, '')) return undefined
        return { value: 'edge', autoLatest: false, floating: true }
      }
      case 'ref':
        return this.refValue(rule)
      case 'raw': {
        const value = render(rule.attrs['value'], this.scope, 'tags', rule.line)
        return { value, autoLatest: false, floating: value === 'latest' }
      }
      case 'sha': {
        const sha = this.env.ctx.sha
        if (!sha) return undefined
        const value = rule.attrs['format'] === 'short' ? shortSha(sha, this.env.shaLength) : sha
        return { value, autoLatest: false, floating: false }
      }
    }
  }

  private refValue(rule: TagRule): Produced | undefined {
    const ref = this.ref
    switch (rule.attrs['event']) {
      case 'branch': {
        if (!/^refs\/heads\//.test(ref)) return undefined
        let value = ref.replace(/^refs\/heads\//, '')
        if (rule.internal?.lowerCase) value = value.toLowerCase()
        return { value, autoLatest: false, floating: true }
      }
      case 'tag':
        if (!/^refs\/tags\//.test(ref)) return undefined
        return { value: ref.replace(/^refs\/tags\//, ''), autoLatest: true, floating: false }
      default:
        if (!/^refs\/pull\//.test(ref)) return undefined
        return {
          value: ref.replace(/^refs\/pull\//, '').replace(/\/merge$/, ''),
          autoLatest: false,
          floating: true
        }
    }
  }

  /** The version a semver/pep440/match rule looks at: its value, else the pushed tag. */
  private versionSource(rule: TagRule, slashToDash: boolean): string | undefined {
    let vraw: string
    if (rule.attrs['value'].length > 0) {
      vraw = render(rule.attrs['value'], this.scope, 'tags', rule.line)
    } else {
      if (!/^refs\/tags\//.test(this.ref)) return undefined
      vraw = this.ref.replace(/^refs\/tags\//, '')
      if (!slashToDash) return vraw
    }
    const match = rule.attrs['match']
    if (match) {
      const found = vraw.match(compileMatchPattern(match, rule.line))
      if (!found) this.warnings.push(`${match} does not match ${vraw}`)
      else vraw = found[1] ?? ''
    }
    return slashToDash ? vraw.replace(/\//g, '-') : vraw
  }

  private semver(rule: TagRule): Produced | undefined {
    const vraw = this.versionSource(rule, true)
    if (vraw === undefined) return undefined
    if (!semver.valid(vraw)) {
      this.warnings.push(`${vraw} is not a valid semver, ${quote(rule.line)} skipped`)
      return undefined
    }
    const parsed = semver.parse(vraw, { loose: true })!
    const scope = {
      raw: vraw,
      version: parsed.version,
      major: parsed.major,
      minor: parsed.minor,
      patch: parsed.patch,
      prerelease: parsed.prerelease,
      build: parsed.build
    }
    const pattern = rule.attrs['pattern']
    if (semver.prerelease(vraw)) {
      // Prereleases never move partial tags: only {{raw}} is honoured, else the full version.
      const value = isRawStatement(pattern)
        ? render(pattern, scope, 'tags', rule.line)
        : parsed.version
      return { value, autoLatest: false, floating: false }
    }
    return {
      value: render(pattern, scope, 'tags', rule.line),
      autoLatest: true,
      floating: !patternPinsVersion(pattern),
      release: { scheme: 'semver', version: parsed.version, level: patternLevel(pattern) }
    }
  }

  private pep440(rule: TagRule): Produced | undefined {
    const vraw = this.versionSource(rule, true)
    if (vraw === undefined) return undefined
    const explained = pep440.valid(vraw) ? pep440.explain(vraw) : null
    if (!explained) {
      this.warnings.push(`${vraw} does not conform to PEP 440, ${quote(rule.line)} skipped`)
      return undefined
    }
    const pattern = rule.attrs['pattern']
    const cleaned = pep440.clean(vraw) ?? vraw
    if (explained.is_prerelease || explained.is_postrelease || explained.is_devrelease) {
      return {
        value: isRawStatement(pattern) ? vraw : cleaned,
        autoLatest: false,
        floating: false
      }
    }
    const scope = {
      raw: () => vraw,
      version: () => cleaned,
      major: () => pep440.major(vraw),
      minor: () => pep440.minor(vraw),
      patch: () => pep440.patch(vraw)
    }
    return {
      value: render(pattern, scope, 'tags', rule.line),
      autoLatest: true,
      floating: !patternPinsVersion(pattern),
      release: { scheme: 'pep440', version: cleaned, level: patternLevel(pattern) }
    }
  }

  private match(rule: TagRule): Produced | undefined {
    const vraw = this.versionSource(rule, false)
    if (vraw === undefined) return undefined
    const pattern = rule.attrs['pattern']
    const found = vraw.match(compileMatchPattern(pattern, rule.line))
    if (!found) {
      this.warnings.push(`${pattern} does not match ${vraw}, ${quote(rule.line)} skipped`)
      return undefined
    }
    const group = found[Number(rule.attrs['group'])]
    if (group === undefined) {
      this.warnings.push(`group ${rule.attrs['group']} does not exist for ${pattern}, skipped`)
      return undefined
    }
    // A tag cut out of an immutable git tag is treated as immutable; a regex cannot tell us
    // whether the user meant a partial version.
    return { value: group, autoLatest: true, floating: false }
  }
}

export function checkTag(tag: string, input: string, line: string): void {
  if (tag.length > TAG_MAX) {
    throw new InputError(
      input,
      `${quote(line)} gives tag "${tag.slice(0, 40)}…" of ${tag.length} characters; ` +
        `docker tags may have at most ${TAG_MAX}`
    )
  }
  if (tag.startsWith('.') || tag.startsWith('-')) {
    throw new InputError(
      input,
      `${quote(line)} gives tag "${tag}"; docker tags may not start with "." or "-"`
    )
  }
}
