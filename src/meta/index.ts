import { InputError } from '../util/errors.js'
import type { RepoInfo, RunContext } from './context.js'
import { effectiveContext } from './context.js'
import { DEFAULT_RULES_NOTICE, defaultTagRules } from './defaults.js'
import { globalScope, type ExpressionEnv } from './expressions.js'
import { parseFlavor } from './flavor.js'
import { parseImages, validateImageName } from './images.js'
import { quote } from './csv.js'
import { buildKeyValues, toRecord } from './labels.js'
import { TagResolver } from './resolve-tags.js'
import { parseTagRules } from './tags.js'
import type { MetaInputs, MetaOptions, Metadata, TagRule } from './types.js'

export type {
  Flavor,
  ImageEntry,
  MetaInputs,
  MetaOptions,
  Metadata,
  ResolvedTag,
  TagRule,
  TagType,
  TagVersion
} from './types.js'
export { parseTagRules } from './tags.js'
export { parseFlavor } from './flavor.js'
export { parseImages, parseImageReference, validateImageName } from './images.js'
export type { ImageReference } from './images.js'
export { commitDateFromPayload, effectiveContext, repoInfoFromPayload } from './context.js'
export { DEFAULT_RULES_NOTICE, defaultTagRules } from './defaults.js'

const DEFAULT_SHA_LENGTH = 7

function shaLengthOf(inputs: MetaInputs): number {
  const n = inputs.shaLength ?? DEFAULT_SHA_LENGTH
  if (!Number.isInteger(n) || n < 1) {
    throw new InputError('sha-length', `"${n}" must be a whole number of at least 1, e.g. 7 or 12`)
  }
  return n
}

/** `type=edge,value=edge` is accepted and the value ignored, as metadata-action does: say so. */
function ignoredAttributeWarnings(rules: TagRule[]): string[] {
  return rules.flatMap(r =>
    r.ignored
      ? [
          `tags: ${quote(r.line)}: type=${r.type} takes no ${r.ignored.join(' or ')}; ignored, as metadata-action does`
        ]
      : []
  )
}

export function resolveMetadata(
  rawCtx: RunContext,
  repo: RepoInfo,
  inputs: MetaInputs,
  opts: MetaOptions
): Metadata {
  const ctx = effectiveContext(rawCtx, inputs.prHeadSha)
  const shaLength = shaLengthOf(inputs)
  // SOURCE_DATE_EPOCH pins every clock-derived value, so reproducible builds stay so.
  const pinned =
    opts.sourceDateEpoch !== undefined ? new Date(opts.sourceDateEpoch * 1000) : undefined
  const date = pinned ?? opts.now
  const env: ExpressionEnv = {
    ctx,
    repo,
    shaLength,
    date,
    commitDate: opts.commitDate ?? date
  }

  // Parse every input before resolving so a typo fails on any event, not only on the event
  // whose rules happen to reach it.
  const entries = parseImages(inputs.images)
  const flavor = parseFlavor(inputs.flavor)
  const rules = inputs.tags.trim() ? parseTagRules(inputs.tags) : defaultTagRules(ctx)

  const imagesFromInput = entries.length > 0
  let images: string[]
  if (imagesFromInput) {
    images = entries.filter(e => e.enable).map(e => e.name)
  } else {
    const fallback = opts.defaultImage.toLowerCase()
    validateImageName(fallback, 'images')
    images = [fallback]
  }

  const resolver = new TagResolver(flavor, env)
  const { version, tags } = resolver.resolve(rules)
  const bare = tags.map(t => t.tag)
  const fullTags = images.length > 0 ? images.flatMap(i => bare.map(t => `${i}:${t}`)) : bare

  const facts = { repo, version, created: pinned ?? opts.commitDate ?? opts.now, revision: ctx.sha }
  const scope = globalScope(env)
  const warnings = [...ignoredAttributeWarnings(rules), ...resolver.warnings]
  const labels = buildKeyValues(facts, inputs.labels, 'labels', scope, warnings)
  const plainAnnotations = buildKeyValues(facts, inputs.annotations, 'annotations', scope, warnings)
  const levels = opts.annotationLevels ?? ['manifest']
  const annotations =
    levels.length > 0
      ? levels.flatMap(l => plainAnnotations.map(a => `${l}:${a}`))
      : plainAnnotations

  return {
    version,
    images,
    imagesFromInput,
    tags,
    fullTags,
    labels,
    annotations,
    // The key order and `tag-names` (since v5.9.0) match metadata-action's json output.
    json: { tags: fullTags, 'tag-names': bare, labels: toRecord(labels), annotations },
    warnings,
    notices: !inputs.tags.trim() && imagesFromInput ? [DEFAULT_RULES_NOTICE] : []
  }
}
