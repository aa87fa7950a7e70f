/**
 * The BuildKit inputs, with docker/build-push-action's names and list syntax so a workflow can
 * move over unchanged: `platforms`, `provenance`, `sbom`, `builder`, `build-contexts`, `ssh`,
 * `outputs`, `add-hosts`, `shm-size`, `ulimit`, `allow`, `no-cache-filters`; and the
 * many-runners inputs `push-by-digest`, `digests-dir`, `merge-digests`, `smoke-platform`.
 * Pure: parsed once, before any docker call; every bad value names its input.
 */
import { InputError } from '../util/errors.js'

export interface BuildkitOptions {
  /** `os/arch[/variant]`, in the order given. Empty: the engine's own platform. */
  platforms: string[]
  /** The platform to smoke-test when none of `platforms` is the runner's (needs emulation). */
  smokePlatform: string
  /** `--provenance` / `--sbom` values as build-push-action passes them ('' = buildx's default). */
  provenance: string
  sbom: string
  builder: string
  buildContexts: string[]
  ssh: string[]
  outputs: string[]
  addHosts: string[]
  shmSize: string
  ulimit: string[]
  allow: string[]
  noCacheFilters: string[]
  /** Push the platform manifest by digest with no tag (one job of a matrix). */
  pushByDigest: boolean
  /** Where the pushed digest is written as a file, for upload as an artifact. */
  digestsDir: string
  /** Digests to merge into the tagged index (lines), or a directory of digest files. */
  mergeDigests: string
  /** `mergeDigests` parsed; a directory is read (inside the workspace) before the plan. */
  merge: MergeSource
}

type Reader = (name: string) => string

/** build-push-action's list rule: one item per line, and (unless told otherwise) per comma. */
export function bpaList(text: string, ignoreComma = false): string[] {
  return text
    .split(/\r?\n/)
    .flatMap(line => (ignoreComma ? [line] : line.split(',')))
    .map(s => s.trim())
    .filter(s => s !== '' && !s.startsWith('#'))
}

const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/
const SIZE = /^\d+(\.\d+)?[bkmgBKMG]?$/
const ULIMIT = /^[a-z]+=-?\d+(:-?\d+)?$/
const HOST = /^[^\s=:]+[:=][0-9a-fA-F.:[\]]+$/
const ENTITLEMENT = /^(network\.host|security\.insecure|device(=.*)?)$/
const NAMED = /^[^\s=]+=\S.*$/
const SSH = /^[A-Za-z0-9_.-]+(=\S+)?$/

function each(name: string, items: string[], ok: RegExp, form: string): string[] {
  for (const item of items) {
    if (!ok.test(item)) throw new InputError(name, `expected ${form}, got "${item}"`)
  }
  return items
}

function trueFalse(name: string, text: string): boolean {
  const v = text.trim().toLowerCase()
  if (v === '' || v === 'false') return false
  if (v === 'true') return true
  throw new InputError(name, `expected true or false, got "${text.trim()}"`)
}

/** build-push-action's provenance values: true/false, or `mode=min|max` and friends. */
function attestation(name: string, text: string): string {
  const v = text.trim()
  if (v === '' || /^(true|false|[a-z-]+=[^,\s]+(,[a-z-]+=[^,\s]+)*)$/i.test(v)) return v
  throw new InputError(
    name,
    `expected true, false or KEY=VALUE[,KEY=VALUE] (e.g. mode=max), got "${v}"`
  )
}

/** `platforms` and `smoke-platform`, checked against each other. */
function parsePlatforms(read: Reader): Pick<BuildkitOptions, 'platforms' | 'smokePlatform'> {
  const platforms = each(
    'platforms',
    bpaList(read('platforms')).map(p => p.toLowerCase()),
    PLATFORM,
    'os/arch[/variant] items such as linux/amd64,linux/arm64'
  )
  if (new Set(platforms).size !== platforms.length) {
    throw new InputError('platforms', `lists a platform twice: ${platforms.join(',')}`)
  }
  const smokePlatform = read('smoke-platform').trim().toLowerCase()
  if (smokePlatform)
    each('smoke-platform', [smokePlatform], PLATFORM, 'one os/arch such as linux/arm64')
  if (smokePlatform && platforms.length > 0 && !platforms.includes(smokePlatform)) {
    throw new InputError(
      'smoke-platform',
      `"${smokePlatform}" is not one of platforms (${platforms.join(',')})`
    )
  }
  return { platforms, smokePlatform }
}

/** One digest line of `merge-digests`. */
export const DIGEST_LINE = /^sha256:[0-9a-f]{64}$/

/**
 * `merge-digests`: digests one per line, or one line naming a directory of digest files
 * (resolved against the workspace by the caller, which knows it).
 */
export type MergeSource =
  { kind: 'none' } | { kind: 'digests'; digests: string[] } | { kind: 'dir'; path: string }

const MERGE_FORM =
  'one sha256:<64 lowercase hex digits> digest per line, or the path of a directory of digest files named by their hex'

/** Pure: a directory is recognised by not looking like a digest at all. */
export function parseMergeDigests(text: string): MergeSource {
  const lines = text
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l !== '' && !l.startsWith('#'))
  if (lines.length === 0) return { kind: 'none' }
  const looksLikeDigest = (l: string): boolean => /^sha256:|^[0-9a-f]{64}$/i.test(l)
  if (lines.length === 1 && !looksLikeDigest(lines[0])) {
    if (/[\u0000-\u001f]/.test(lines[0])) {
      throw new InputError('merge-digests', `expected ${MERGE_FORM}; got a control character`)
    }
    return { kind: 'dir', path: lines[0] }
  }
  for (const line of lines) {
    if (!DIGEST_LINE.test(line)) {
      throw new InputError('merge-digests', `expected ${MERGE_FORM}; got "${line}"`)
    }
  }
  return { kind: 'digests', digests: [...new Set(lines)] }
}

/** `push-by-digest`, `digests-dir` and `merge-digests`, checked against each other. */
function parseDigestInputs(
  read: Reader,
  platforms: readonly string[]
): Pick<BuildkitOptions, 'pushByDigest' | 'digestsDir' | 'mergeDigests' | 'merge'> {
  const pushByDigest = trueFalse('push-by-digest', read('push-by-digest'))
  const digestsDir = read('digests-dir').trim()
  const mergeDigests = read('merge-digests').trim()
  if (digestsDir && !pushByDigest) {
    throw new InputError('digests-dir', 'is only used with push-by-digest: true')
  }
  if (pushByDigest && mergeDigests) {
    throw new InputError(
      'merge-digests',
      'cannot be combined with push-by-digest: true (a merge job builds nothing)'
    )
  }
  if (pushByDigest && platforms.length > 1) {
    throw new InputError(
      'platforms',
      'give one platform per job with push-by-digest: true; a later job merges them with merge-digests'
    )
  }
  return { pushByDigest, digestsDir, mergeDigests, merge: parseMergeDigests(mergeDigests) }
}

export function parseBuildkitInputs(read: Reader): BuildkitOptions {
  const { platforms, smokePlatform } = parsePlatforms(read)
  const shmSize = read('shm-size').trim()
  if (shmSize && !SIZE.test(shmSize)) {
    throw new InputError('shm-size', `expected a size such as 2g or 512m, got "${shmSize}"`)
  }
  const builder = read('builder').trim()
  if (builder && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(builder)) {
    throw new InputError('builder', `expected a buildx builder name, got "${builder}"`)
  }
  const digests = parseDigestInputs(read, platforms)
  return {
    platforms,
    smokePlatform,
    provenance: attestation('provenance', read('provenance')),
    sbom: attestation('sbom', read('sbom')),
    builder,
    buildContexts: each(
      'build-contexts',
      bpaList(read('build-contexts'), true),
      NAMED,
      'name=path-or-url lines'
    ),
    ssh: each('ssh', bpaList(read('ssh')), SSH, 'default or id=path items'),
    outputs: each('outputs', bpaList(read('outputs'), true), /^(type=|\S+$)/, 'type=... lines'),
    addHosts: each(
      'add-hosts',
      bpaList(read('add-hosts')),
      HOST,
      'host:ip items such as db:127.0.0.1'
    ),
    shmSize,
    ulimit: each(
      'ulimit',
      bpaList(read('ulimit'), true),
      ULIMIT,
      'type=soft[:hard] lines such as nofile=1024:1024'
    ),
    allow: each('allow', bpaList(read('allow')), ENTITLEMENT, 'network.host or security.insecure'),
    noCacheFilters: each(
      'no-cache-filters',
      bpaList(read('no-cache-filters')),
      /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
      'build stage names'
    ),
    ...digests
  }
}

/**
 * The argv fragment for `docker buildx build` from these inputs and the run's annotations
 * (metadata-action's `annotations` output, `manifest:key=value`). Output flags (`--load`,
 * `--push`, `--output`) are the caller's: they depend on the engine and the phase.
 */
export function buildkitArgv(
  o: BuildkitOptions,
  extra: { platforms: readonly string[]; annotations: readonly string[]; attestations: boolean }
): string[] {
  const argv: string[] = []
  if (o.builder) argv.push('--builder', o.builder)
  if (extra.platforms.length > 0) argv.push('--platform', extra.platforms.join(','))
  // Attestations only where they survive to the registry (the caller refuses an explicit
  // request elsewhere); one `--flag=value` element, as `--provenance false` would not parse.
  if (extra.attestations) {
    if (o.provenance) argv.push(`--provenance=${o.provenance}`)
    if (o.sbom) argv.push(`--sbom=${o.sbom}`)
  } else {
    // An explicit `false` is passed on any store: buildx's default adds a provenance
    // attestation on the containerd store, whose build times make every build a new index.
    if (o.provenance.toLowerCase() === 'false') argv.push('--provenance=false')
    if (o.sbom.toLowerCase() === 'false') argv.push('--sbom=false')
  }
  for (const a of extra.annotations) argv.push('--annotation', a)
  for (const c of o.buildContexts) argv.push('--build-context', c)
  for (const s of o.ssh) argv.push('--ssh', s)
  for (const h of o.addHosts) argv.push('--add-host', h)
  if (o.shmSize) argv.push('--shm-size', o.shmSize)
  for (const u of o.ulimit) argv.push('--ulimit', u)
  for (const a of o.allow) argv.push('--allow', a)
  for (const f of o.noCacheFilters) argv.push('--no-cache-filter', f)
  return argv
}
