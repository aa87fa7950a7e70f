export type TagType = 'schedule' | 'semver' | 'pep440' | 'match' | 'edge' | 'ref' | 'raw' | 'sha'

export const TAG_TYPES: readonly TagType[] = [
  'schedule',
  'semver',
  'pep440',
  'match',
  'edge',
  'ref',
  'raw',
  'sha'
]

export const DEFAULT_PRIORITIES: Record<TagType, number> = {
  schedule: 1000,
  semver: 900,
  pep440: 900,
  match: 800,
  edge: 700,
  ref: 600,
  raw: 200,
  sha: 100
}

/** One parsed line of the `tags` input. Attribute values are still unevaluated templates. */
export interface TagRule {
  type: TagType
  /** The line as the user wrote it, quoted back in errors. */
  line: string
  /** Attributes explicitly given or defaulted by the type, lower-cased keys. */
  attrs: Record<string, string>
  priority: number
  /**
   * Only set by our built-in default rules; the text syntax cannot express them, which keeps
   * user-written rules exactly as metadata-action would read them.
   */
  /**
   * Set only on our default rules. `lenient`: a tag made from a branch name the user never
   * wrote as a tag is cut to a valid one (or dropped) instead of failing the run.
   */
  internal?: { lowerCase?: boolean; noLatest?: boolean; lenient?: boolean }
  /**
   * Attributes of other tag types that this rule was given and does not use (e.g. `value=` on
   * type=edge). metadata-action ignores them, so we do too, and the caller warns.
   */
  ignored?: string[]
}

export interface Flavor {
  latest: 'auto' | 'true' | 'false'
  prefix: string
  prefixLatest: boolean
  suffix: string
  suffixLatest: boolean
}

export interface ImageEntry {
  name: string
  enable: boolean
}

export interface MetaInputs {
  images: string
  tags: string
  flavor: string
  labels: string
  annotations: string
  shaLength?: number
  prHeadSha: boolean
}

export interface MetaOptions {
  now: Date
  sourceDateEpoch?: number
  commitDate?: Date
  defaultImage: string
  /** Prefixes for the `annotations` output, like DOCKER_METADATA_ANNOTATIONS_LEVELS. */
  annotationLevels?: string[]
}

/**
 * Which release a version-derived tag belongs to, so the push phase can tell whether a
 * floating tag would move backwards (a backport must not take `latest`).
 */
export interface TagVersion {
  scheme: 'semver' | 'pep440'
  /** The stable release version, normalised (`1.2.4`). */
  version: string
  /**
   * What the tag stands for: `full` pins the version (immutable); `minor` (`1.2`) and `major`
   * (`1`) cover that part of the version; `all` (`latest`) covers every release.
   */
  level: 'full' | 'minor' | 'major' | 'all'
  /** The rule's prefix and suffix (its own or the flavor's) around the rendered pattern. */
  prefix: string
  suffix: string
}

export interface ResolvedTag {
  tag: string
  floating: boolean
  priority: number
  /** Rule type that produced the tag, or `latest` for the flavor-driven latest tag. */
  type: string
  /** Set for tags of stable semver/pep440 releases and for the flavor's `latest`. */
  version?: TagVersion
}

export interface Metadata {
  version: string
  images: string[]
  imagesFromInput: boolean
  tags: ResolvedTag[]
  fullTags: string[]
  labels: string[]
  annotations: string[]
  json: {
    tags: string[]
    'tag-names': string[]
    labels: Record<string, string>
    annotations: string[]
  }
  /** Non-fatal notes (a tag that is not semver, a regex that did not match), for the log. */
  warnings: string[]
  /** Facts a user migrating from metadata-action should see in the log (not problems). */
  notices: string[]
}
