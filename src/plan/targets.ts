import type { Metadata } from '../meta/index.js'
import type { PushTarget } from './types.js'

/**
 * Every image × tag of the run, built from the structured metadata (never by splitting
 * `image:tag` strings). Without any enabled image the tags stay bare, as metadata-action
 * prints them.
 */
export function imageTargets(meta: Pick<Metadata, 'images' | 'tags'>): PushTarget[] {
  const images = meta.images.length > 0 ? meta.images : ['']
  return images.flatMap(image =>
    meta.tags.map(t => ({
      image,
      tag: t.tag,
      ref: image ? `${image}:${t.tag}` : t.tag,
      floating: t.floating
    }))
  )
}
