/**
 * Pure argv for `docker buildx imagetools create`, which a merge job uses to assemble the
 * tagged multi-platform index from images pushed by digest (buildx 0.13's flags).
 */

/**
 * metadata-action's annotations (`manifest:key=value`, `index:…`, or bare `key=value`) as the
 * index-level annotations imagetools can apply: the platform manifests are already pushed and
 * cannot change, so manifest-level ones go on the index. `manifest-descriptor:` ones are kept
 * (imagetools puts them on the index's entries); `index-descriptor:` ones have no place here.
 */
export function mergeAnnotations(annotations: readonly string[]): string[] {
  const out: string[] = []
  for (const a of annotations) {
    const m = /^([a-z-]+)(\[[^\]]*\])?:([^=]+=.*)$/s.exec(a)
    const level = m?.[1] ?? ''
    const kv = m ? m[3] : a
    if (level === 'index-descriptor') continue
    const arg = level === 'manifest-descriptor' ? a : `index:${kv}`
    if (!out.includes(arg)) out.push(arg)
  }
  return out
}

export interface ImagetoolsCreate {
  /** `--builder`, when the workflow names one. */
  builder?: string
  /** Full references to tag, `image:tag`. */
  refs: readonly string[]
  /** Sources, `image@sha256:…`. */
  sources: readonly string[]
  /** `index:key=value` and friends, as mergeAnnotations makes them. */
  annotations: readonly string[]
}

export function imagetoolsCreateArgv(o: ImagetoolsCreate): string[] {
  const argv = ['buildx', 'imagetools', 'create']
  if (o.builder) argv.push('--builder', o.builder)
  for (const a of o.annotations) argv.push('--annotation', a)
  for (const ref of o.refs) argv.push('--tag', ref)
  return [...argv, ...o.sources]
}

/** The same call without some of its tags (floating tags the guard holds), or undefined if none is left. */
export function withoutRefs(
  argv: readonly string[],
  drop: ReadonlySet<string>
): string[] | undefined {
  const out: string[] = []
  let kept = 0
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--tag') {
      const ref = argv[i + 1]
      i++
      if (drop.has(ref)) continue
      out.push('--tag', ref)
      kept++
      continue
    }
    out.push(argv[i])
  }
  return kept > 0 ? out : undefined
}
