import { InputError } from '../util/errors.js'
import { csvFields, inputLines, quote, splitAttr } from './csv.js'
import { DEFAULT_PRIORITIES, TAG_TYPES, type TagRule, type TagType } from './types.js'

const COMMON_ATTRS = ['type', 'enable', 'priority', 'prefix', 'suffix']

const TYPE_ATTRS: Record<TagType, string[]> = {
  schedule: ['pattern'],
  semver: ['pattern', 'value', 'match'],
  pep440: ['pattern', 'value', 'match'],
  match: ['pattern', 'group', 'value'],
  edge: ['branch'],
  ref: ['event'],
  raw: ['value'],
  sha: ['format']
}

/** Every attribute some tag type takes: one given to a type that does not take it is ignored. */
const KNOWN_ATTRS = new Set(Object.values(TYPE_ATTRS).flat())

const REF_EVENTS = ['branch', 'tag', 'pr']
const SHA_FORMATS = ['short', 'long']

export function parseTagRules(text: string): TagRule[] {
  return inputLines(text).map(line => parseTagLine(line))
}

function isTagType(v: string): v is TagType {
  return (TAG_TYPES as readonly string[]).includes(v)
}

function fail(line: string, detail: string): never {
  throw new InputError('tags', `${quote(line)}: ${detail}`)
}

interface RawTagLine {
  type: TagType
  attrs: Record<string, string>
  /** Attribute names in the order given (`value` for a bare value). */
  seen: string[]
  bareValue: boolean
}

/** The line's CSV fields as `type` and attributes, before any per-type rule is applied. */
function readFields(line: string): RawTagLine {
  let type: TagType | undefined
  const attrs: Record<string, string> = {}
  const seen: string[] = []
  let bareValue = false
  for (const field of csvFields(line, 'tags')) {
    const { key, value } = splitAttr(field)
    if (key === undefined) {
      attrs['value'] = value
      seen.push('value')
      bareValue = true
      continue
    }
    if (key === 'type') {
      if (!isTagType(value)) {
        fail(line, `unknown type "${value}", expected one of ${TAG_TYPES.join(', ')}`)
      }
      type = value
      continue
    }
    attrs[key] = value
    seen.push(key)
  }
  return { type: type ?? 'raw', attrs, seen, bareValue }
}

/**
 * Another type's attribute (`type=edge,value=edge` is seen in real workflows) is dropped, as
 * metadata-action does, and named in the result; a name no type knows is a typo and fails.
 */
function dropForeignAttrs(line: string, raw: RawTagLine): string[] {
  const t = raw.type
  const allowed = [...COMMON_ATTRS, ...TYPE_ATTRS[t]]
  const ignored: string[] = []
  for (const key of new Set(raw.seen)) {
    if (allowed.includes(key)) continue
    if (KNOWN_ATTRS.has(key)) {
      ignored.push(key === 'value' && raw.bareValue ? 'bare value' : `${key}=`)
      delete raw.attrs[key]
      continue
    }
    fail(
      line,
      `unknown attribute "${key}" for type=${t}, allowed attributes are ${allowed.join(', ')}`
    )
  }
  return ignored
}

/** Each type's required attributes and defaults, as metadata-action fills them in. */
function applyTypeRules(line: string, t: TagType, attrs: Record<string, string>): void {
  const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(attrs, k)
  switch (t) {
    case 'schedule':
      if (!has('pattern')) attrs['pattern'] = 'nightly'
      break
    case 'semver':
    case 'pep440':
      if (!has('pattern')) fail(line, `type=${t} needs a pattern, e.g. pattern={{version}}`)
      if (!has('value')) attrs['value'] = ''
      // `match` cuts the version out of a tag like `app/v1.2.3` (its first capture group).
      if (!has('match')) attrs['match'] = ''
      if (attrs['match']) compileMatchPattern(attrs['match'], line)
      break
    case 'match':
      if (!has('pattern')) fail(line, 'type=match needs a pattern, e.g. pattern=v(.*)')
      if (!has('group')) attrs['group'] = '0'
      if (!/^\d+$/.test(attrs['group'])) {
        fail(line, `group "${attrs['group']}" must be a capture group number (0, 1, 2, ...)`)
      }
      if (!has('value')) attrs['value'] = ''
      compileMatchPattern(attrs['pattern'], line)
      break
    case 'edge':
      if (!has('branch')) attrs['branch'] = ''
      break
    case 'ref':
      if (!has('event')) fail(line, 'type=ref needs event=branch, event=tag or event=pr')
      if (!REF_EVENTS.includes(attrs['event'])) {
        fail(line, `event "${attrs['event']}" is not one of ${REF_EVENTS.join(', ')}`)
      }
      if (attrs['event'] === 'pr' && !has('prefix')) attrs['prefix'] = 'pr-'
      break
    case 'raw':
      if (!has('value')) fail(line, 'type=raw needs a value, e.g. type=raw,value=foo')
      break
    case 'sha':
      if (!has('prefix')) attrs['prefix'] = 'sha-'
      if (!has('format')) attrs['format'] = 'short'
      if (!SHA_FORMATS.includes(attrs['format'])) {
        fail(line, `format "${attrs['format']}" is not one of ${SHA_FORMATS.join(', ')}`)
      }
      break
  }
  if (!has('enable')) attrs['enable'] = 'true'
  if (!attrs['enable'].includes('{{') && !['true', 'false'].includes(attrs['enable'])) {
    fail(line, `enable "${attrs['enable']}" must be true or false (or an expression giving one)`)
  }
}

function priorityOf(line: string, t: TagType, attrs: Record<string, string>): number {
  const given = attrs['priority']
  if (given === undefined) return DEFAULT_PRIORITIES[t]
  if (!/^-?\d{1,9}$/.test(given)) fail(line, `priority "${given}" must be an integer`)
  return Number(given)
}

export function parseTagLine(line: string): TagRule {
  const raw = readFields(line)
  const ignored = dropForeignAttrs(line, raw)
  const { type: t, attrs } = raw
  applyTypeRules(line, t, attrs)
  const priority = priorityOf(line, t, attrs)
  return ignored.length > 0
    ? { type: t, line, attrs, priority, ignored }
    : { type: t, line, attrs, priority }
}

/**
 * `/re/flags` is a regular expression with flags; anything else is a regular expression
 * source, which is how String.prototype.match treats a string argument in metadata-action.
 */
export function compileMatchPattern(pattern: string, line: string): RegExp {
  const slashed = /^\/(.+)\/(.*)$/.exec(pattern)
  try {
    return slashed ? new RegExp(slashed[1], slashed[2]) : new RegExp(pattern)
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    return fail(line, `pattern "${pattern}" is not a valid regular expression (${why})`)
  }
}
