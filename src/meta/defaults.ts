import semver from 'semver'
import type { RunContext } from './context.js'
import { parseTagLine } from './tags.js'
import type { TagRule } from './types.js'

function rule(line: string, internal?: TagRule['internal']): TagRule {
  const parsed = parseTagLine(line)
  return internal ? { ...parsed, internal } : parsed
}

/**
 * Our rules for an empty `tags` input. They differ from metadata-action's defaults: a semver
 * tag also gets its partial versions and `latest`, but a prerelease or a non-semver tag never
 * moves a floating tag, and branch builds carry the commit so every push stays addressable.
 */
/**
 * Said in the log when `images` is set and `tags` is empty, because a workflow moved over from
 * docker/metadata-action with the same inputs gets more tags here than it did there.
 */
export const DEFAULT_RULES_NOTICE = [
  "No tags input, so build-tag-push's default tag rules apply.",
  "They differ from docker/metadata-action's defaults (type=schedule, and type=ref for branch,",
  'tag and pr): a semver tag push also gets {{version}}, {{major}}.{{minor}} and {{major}},',
  'a branch push also gets sha-<short sha>, and a prerelease or non-semver tag does not move',
  'latest. Set tags to choose the rules.'
].join(' ')

export function defaultTagRules(ctx: RunContext): TagRule[] {
  if (/schedule/.test(ctx.eventName)) return [rule('type=schedule')]
  const ref = ctx.ref
  if (/^refs\/tags\//.test(ref)) {
    const name = ref.replace(/^refs\/tags\//, '').replace(/\//g, '-')
    const version = semver.valid(name) ? semver.parse(name, { loose: true }) : null
    if (!version) return [rule('type=ref,event=tag', { noLatest: true })]
    if (version.prerelease.length > 0) {
      return [
        rule('type=semver,pattern={{version}}', { noLatest: true }),
        rule('type=ref,event=tag', { noLatest: true })
      ]
    }
    const rules = [
      rule('type=semver,pattern={{version}}'),
      rule('type=semver,pattern={{major}}.{{minor}}')
    ]
    // 0.y.z promises no compatibility within major 0, so a bare `0` tag would mislead.
    if (version.major > 0) rules.push(rule('type=semver,pattern={{major}}'))
    rules.push(rule('type=ref,event=tag'))
    return rules
  }
  if (/^refs\/heads\//.test(ref)) {
    // Any branch name is legal in git (`日本語-fix`, `$(x)`): sanitized like metadata-action
    // does, then trimmed to a valid tag; when nothing usable is left, the sha tag alone remains.
    return [rule('type=ref,event=branch', { lowerCase: true, lenient: true }), rule('type=sha')]
  }
  if (/^refs\/pull\//.test(ref)) return [rule('type=ref,event=pr')]
  return ctx.sha ? [rule('type=sha')] : []
}
