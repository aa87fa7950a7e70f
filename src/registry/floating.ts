/**
 * Floating tags never move backwards. A backport (`v1.2.4` cut after `v2.0.0`) must not take
 * `latest` or `2`: a floating tag moves only when the release is the highest stable version in
 * that tag's range, judged against the versions the registry already holds for the image.
 *
 * Pure: the registry's tag list comes in as data (see tag-list.ts for the HTTP side).
 */
import * as pep440 from '@renovatebot/pep440'
import semver from 'semver'
import type { ResolvedTag, TagVersion } from '../meta/index.js'

export type FloatingMode = 'guard' | 'always' | 'strict'
export const FLOATING_MODES: readonly FloatingMode[] = ['guard', 'always', 'strict']

/** How a full version is written in a tag: `before` + version + `after` (e.g. `v` + 1.2.4 + `-alpine`). */
export interface VersionForm {
  before: string
  after: string
  /** The rule's prefix and suffix that produced the form, to pair it with floating tags. */
  prefix: string
  suffix: string
  scheme: TagVersion['scheme']
}

export interface FloatingDecision {
  /** The bare tag (`latest`, `1`, `1.2`). */
  tag: string
  /** The version this release would point it at. */
  release: string
  /** True when the registry holds a newer version in the tag's range: the tag is not pushed. */
  held: boolean
  /** The highest version in range the registry holds (only when it is newer). */
  newest?: string
  /** The registry tag that carries `newest`. */
  newestTag?: string
}

/** Floating tags that stand for a range of versions; `raw`/`ref` floating tags are not ranged. */
export function rangedFloatingTags(tags: readonly ResolvedTag[]): ResolvedTag[] {
  return tags.filter(t => t.floating && t.version && t.version.level !== 'full')
}

/**
 * The forms in which this run writes full versions: each immutable semver/pep440 tag, split
 * around its version. Registry tags are read only in these forms, so `1.2.4-alpine` is not
 * mistaken for the plain line, and `v`-less rules do not read `v2.0.0` left by another rule.
 */
export function versionForms(tags: readonly ResolvedTag[]): VersionForm[] {
  const forms: VersionForm[] = []
  for (const t of tags) {
    const v = t.version
    if (!v || v.level !== 'full') continue
    const at = t.tag.lastIndexOf(v.version)
    if (at < 0) continue
    const form: VersionForm = {
      before: t.tag.slice(0, at),
      after: t.tag.slice(at + v.version.length),
      prefix: v.prefix,
      suffix: v.suffix,
      scheme: v.scheme
    }
    if (!forms.some(f => f.before === form.before && f.after === form.after)) forms.push(form)
  }
  return forms
}

/**
 * The forms that speak for one floating tag: those made with the same prefix and suffix; else
 * (a `latest` without the flavor's suffix) every form of the run; else, when the run writes no
 * full version at all, the plain `{{version}}` form with the tag's own prefix and suffix.
 */
export function formsFor(version: TagVersion, forms: readonly VersionForm[]): VersionForm[] {
  const same = forms.filter(
    f => f.scheme === version.scheme && f.prefix === version.prefix && f.suffix === version.suffix
  )
  if (same.length > 0) return same
  const scheme = forms.filter(f => f.scheme === version.scheme)
  if (scheme.length > 0) return scheme
  return [
    {
      before: version.prefix,
      after: version.suffix,
      prefix: version.prefix,
      suffix: version.suffix,
      scheme: version.scheme
    }
  ]
}

interface Scheme {
  /** The normalised stable version, or undefined for anything else (prereleases too). */
  stable(text: string): string | undefined
  compare(a: string, b: string): number
  major(v: string): number
  minor(v: string): number
}

const SCHEMES: Record<TagVersion['scheme'], Scheme> = {
  semver: {
    stable: text => {
      // semver.valid accepts a leading `v`; the form decides whether one is there.
      if (!/^\d/.test(text)) return undefined
      const v = semver.valid(text)
      return v && semver.prerelease(v) === null ? v : undefined
    },
    compare: (a, b) => semver.compare(a, b),
    major: v => semver.major(v),
    minor: v => semver.minor(v)
  },
  pep440: {
    stable: text => {
      if (!/^\d/.test(text) || !pep440.valid(text)) return undefined
      const e = pep440.explain(text)
      if (!e || e.is_prerelease || e.is_postrelease || e.is_devrelease || e.local) return undefined
      return pep440.clean(text) ?? text
    },
    compare: (a, b) => pep440.compare(a, b),
    major: v => pep440.major(v),
    minor: v => pep440.minor(v)
  }
}

function inRange(scheme: Scheme, version: TagVersion, candidate: string): boolean {
  switch (version.level) {
    case 'all':
      return true
    case 'major':
      return scheme.major(candidate) === scheme.major(version.version)
    case 'minor':
      return (
        scheme.major(candidate) === scheme.major(version.version) &&
        scheme.minor(candidate) === scheme.minor(version.version)
      )
    case 'full':
      return false
  }
}

/** Reads a registry tag as a stable version in one of the forms, or undefined. */
export function parseVersionTag(
  tag: string,
  forms: readonly VersionForm[],
  schemeName: TagVersion['scheme']
): string | undefined {
  const scheme = SCHEMES[schemeName]
  for (const f of forms) {
    if (tag.length <= f.before.length + f.after.length) continue
    if (!tag.startsWith(f.before) || !tag.endsWith(f.after)) continue
    const v = scheme.stable(tag.slice(f.before.length, tag.length - f.after.length))
    if (v !== undefined) return v
  }
  return undefined
}

/**
 * For each ranged floating tag of the run: push it, or hold it because the registry already
 * holds a newer stable version in its range. An equal version (a rerun) is not newer.
 */
export function decideFloating(
  runTags: readonly ResolvedTag[],
  registryTags: readonly string[]
): FloatingDecision[] {
  const forms = versionForms(runTags)
  return rangedFloatingTags(runTags).map(t => {
    const version = t.version!
    const scheme = SCHEMES[version.scheme]
    const mine = formsFor(version, forms)
    let newest: { version: string; tag: string } | undefined
    for (const candidate of registryTags) {
      const v = parseVersionTag(candidate, mine, version.scheme)
      if (v === undefined || !inRange(scheme, version, v)) continue
      if (!newest || scheme.compare(v, newest.version) > 0) newest = { version: v, tag: candidate }
    }
    const held = newest !== undefined && scheme.compare(newest.version, version.version) > 0
    return {
      tag: t.tag,
      release: version.version,
      held,
      ...(held && newest ? { newest: newest.version, newestTag: newest.tag } : {})
    }
  })
}

/** The log line for a held tag, e.g. `latest stays on 2.0.0 (newer than 1.2.4)`. */
export function holdMessage(d: FloatingDecision): string {
  return `${d.tag} stays on ${d.newest} (newer than ${d.release})`
}
