import { InputError } from '../util/errors.js'
import type { RepoInfo, RunContext } from './context.js'
import { quote } from './csv.js'
import { lazyModules, LazyModulesNeeded } from '../util/lazy.js'

export interface ExpressionEnv {
  ctx: RunContext
  repo: RepoInfo
  shaLength: number
  /** Clock for `{{date}}`: SOURCE_DATE_EPOCH when set, so rebuilds reproduce the same tags. */
  date: Date
  /** Falls back to `date` when the commit time is unknown, as metadata-action does. */
  commitDate: Date
}

export class ExpressionError extends Error {}

export function shortSha(sha: string, length: number): string {
  return length >= sha.length ? sha : sha.slice(0, length)
}

type HelperOptions = { hash?: Record<string, unknown> }

/**
 * `{{date 'YYYYMMDD' tz='Asia/Tokyo'}}`. Handlebars passes its options last, so with no
 * argument at all `options` is missing: that is an error, as in metadata-action. An argument
 * that resolves to nothing (an unquoted `{{date YYYYMMDD}}` is a lookup of a name that does not
 * exist) formats with moment's default, e.g. `2020-01-10T00:30:00Z`, exactly as there.
 */
function dateHelper(when: Date, name: string) {
  return (format: unknown, options: unknown): string => {
    if (options === undefined) {
      throw new ExpressionError(`{{${name}}} needs a format, e.g. {{${name} 'YYYYMMDD'}}`)
    }
    if (format !== undefined && format !== null && typeof format !== 'string') {
      throw new ExpressionError(`{{${name}}} format must be a quoted string, e.g. 'YYYYMMDD'`)
    }
    const { moment } = lazyModules('moment-timezone')
    let tz = 'UTC'
    for (const [key, value] of Object.entries((options as HelperOptions)?.hash ?? {})) {
      if (key !== 'tz') {
        throw new ExpressionError(`{{${name}}} has unknown attribute ${key}, only tz is allowed`)
      }
      tz = String(value)
    }
    if (moment.tz.zone(tz) === null) {
      throw new ExpressionError(
        `{{${name}}} has unknown time zone "${tz}", expected e.g. Asia/Tokyo`
      )
    }
    return moment(when)
      .tz(tz)
      .format(format ?? undefined)
  }
}

function payloadDefaultBranch(env: ExpressionEnv): string | undefined {
  const repo = env.ctx.payload['repository'] as { default_branch?: unknown } | undefined
  if (typeof repo?.default_branch === 'string') return repo.default_branch
  return env.repo.defaultBranch || undefined
}

function isDefaultBranch(env: ExpressionEnv): boolean {
  const { ctx } = env
  const branch = ctx.ref.replace(/^refs\/heads\//, '')
  if (branch.length === 0) return false
  if (payloadDefaultBranch(env) === branch) return true
  // These events only ever run for the last commit of the default branch.
  return /create|discussion|issues|schedule/.test(ctx.eventName)
}

function baseRef(ctx: RunContext): string {
  const payload = ctx.payload as {
    base_ref?: unknown
    pull_request?: { base?: { ref?: unknown } }
  }
  if (/^refs\/tags\//.test(ctx.ref) && typeof payload.base_ref === 'string') {
    return payload.base_ref.replace(/^refs\/heads\//, '')
  }
  if (/^refs\/pull\//.test(ctx.ref) && typeof payload.pull_request?.base?.ref === 'string') {
    return payload.pull_request.base.ref
  }
  return ''
}

/** The names templates may use, as lambdas so each is computed only when referenced. */
export function globalScope(env: ExpressionEnv): Record<string, unknown> {
  const { ctx } = env
  return {
    branch: () => (/^refs\/heads\//.test(ctx.ref) ? ctx.ref.replace(/^refs\/heads\//, '') : ''),
    tag: () => (/^refs\/tags\//.test(ctx.ref) ? ctx.ref.replace(/^refs\/tags\//, '') : ''),
    sha: () => shortSha(ctx.sha, env.shaLength),
    base_ref: () => baseRef(ctx),
    is_default_branch: () => String(isDefaultBranch(env)),
    is_not_default_branch: () => String(!isDefaultBranch(env)),
    date: dateHelper(env.date, 'date'),
    commit_date: dateHelper(env.commitDate, 'commit_date')
  }
}

/** The schedule pattern only ever saw the two date helpers in metadata-action. */
export function scheduleScope(env: ExpressionEnv): Record<string, unknown> {
  return {
    date: dateHelper(env.date, 'date'),
    commit_date: dateHelper(env.commitDate, 'commit_date')
  }
}

/**
 * Renders a template. Output is HTML-escaped as Handlebars does by default, because
 * metadata-action renders that way and tags must come out identical after migration.
 */
export function render(
  template: string,
  scope: Record<string, unknown>,
  input: string,
  line: string
): string {
  if (!template.includes('{{')) return template
  const simple = simpleTemplate(template)
  const handlebars = simple ? undefined : lazyModules('handlebars').handlebars
  try {
    return simple ? renderSimple(simple, scope) : handlebars!.compile(template)(scope)
  } catch (err) {
    if (err instanceof LazyModulesNeeded) throw err
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err)
    throw new InputError(input, `${quote(line)}: cannot evaluate "${template}" (${why})`)
  }
}

/** True when a pattern is exactly `{{raw}}`, the one pattern a prerelease still honours. */
export function isRawStatement(pattern: string): boolean {
  const simple = simpleTemplate(pattern)
  if (simple)
    return simple.length === 3 && simple[0] === '' && simple[2] === '' && simple[1] === 'raw'
  const { handlebars } = lazyModules('handlebars')
  try {
    const ast = handlebars.parseWithoutProcessing(pattern)
    const only = ast.body.length === 1 ? ast.body[0] : undefined
    if (only?.type !== 'MustacheStatement') return false
    const path = (only as hbs.AST.MustacheStatement).path as hbs.AST.PathExpression
    return path.parts?.length === 1 && path.parts[0] === 'raw'
  } catch {
    return false
  }
}

/**
 * Names Handlebars resolves to something other than a context property (keywords, literals
 * and built-in helpers): a template using them goes to Handlebars itself.
 */
const NOT_PLAIN = new Set([
  'this',
  'true',
  'false',
  'null',
  'undefined',
  'else',
  'if',
  'unless',
  'each',
  'with',
  'log',
  'lookup',
  'helperMissing',
  'blockHelperMissing'
])

/**
 * Splits a template made only of text and `{{name}}` placeholders into
 * [text, name, text, name, …, text]; undefined for anything else (arguments, blocks,
 * comments, whitespace control, escapes), which Handlebars renders.
 */
function simpleTemplate(template: string): string[] | undefined {
  if (/\\|\{\{\{|\}\}\}/.test(template)) return undefined
  const parts = template.split(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/)
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0 ? parts[i].includes('{{') : NOT_PLAIN.has(parts[i])) return undefined
  }
  return parts
}

/** Handlebars' escapeExpression: the same HTML escaping, so tags come out identical. */
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
  '=': '&#x3D;'
}

function escapeValue(value: unknown): string {
  if (value === null || value === undefined) return ''
  // Any value stringifies as Handlebars' own escaping does it (an object gives "[object Object]").
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  const text = typeof value === 'string' ? value : String(value)
  return text.replace(/[&<>"'`=]/g, c => ESCAPES[c])
}

/**
 * `{{name}}` as Handlebars evaluates it on a plain object: an own property, called with no
 * arguments when it is a function (so `{{date}}` fails as there), empty when missing.
 */
function renderSimple(parts: string[], scope: Record<string, unknown>): string {
  let out = parts[0]
  for (let i = 1; i < parts.length; i += 2) {
    const raw = Object.hasOwn(scope, parts[i]) ? scope[parts[i]] : undefined
    const value: unknown = typeof raw === 'function' ? (raw as () => unknown).call(scope) : raw
    out += escapeValue(value) + parts[i + 1]
  }
  return out
}
