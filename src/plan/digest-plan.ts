/**
 * The plan of the two halves of "many runners, one image": a push-by-digest job (build,
 * smoke-test, upload by digest with no tag) and a merge job (no build: the tagged index from
 * the digests, with `imagetools create`). Pure, like the rest of the plan.
 */
import { join } from 'node:path'
import { imagetoolsCreateArgv, mergeAnnotations } from '../docker/imagetools-argv.js'
import type { MergeSource } from '../build/buildkit-options.js'
import { InputError } from '../util/errors.js'
import { runTempDir } from './build-plan.js'
import type { MergeCall, MergeStep, PlannedCommand, PushStep, PushTarget } from './types.js'

/** Stands in for the tested image's id in the planned `docker save` (known after the build). */
export const SAVED_IMAGE = '<built image id>'

/** `docker save` of the tested image into a run-private archive (push-by-digest, early upload). */
export function planSave(
  tempRoot: string,
  kind: string,
  runId: string
): { save: PlannedCommand; archive: string } {
  const archive = join(runTempDir(tempRoot, kind, runId), 'image.tar')
  return { save: { phase: 'push', argv: ['save', '--output', archive, SAVED_IMAGE] }, archive }
}

/** The planned `docker save` with the built image's id in place of SAVED_IMAGE. */
export function saveOf(save: PlannedCommand, imageId: string): PlannedCommand {
  return { ...save, argv: save.argv.map(a => (a === SAVED_IMAGE ? imageId : a)) }
}

export function planDigestPush(p: {
  images: readonly string[]
  targets: readonly PushTarget[]
  digestsDir: string
  tempRoot: string
  runId: string
}): { step: PushStep; apiSteps: string[] } {
  const { save, archive } = planSave(p.tempRoot, 'digest', p.runId)
  const apiSteps = p.images.map(
    image =>
      `registry API: upload the saved image's blobs and manifest(s) to ${image} by digest, no tag (HEAD/POST/PUT /v2/…/blobs, PUT /v2/…/manifests/<digest>)`
  )
  if (p.digestsDir) {
    apiSteps.push(`write ${join(p.digestsDir, '<digest hex>')} (empty file named after the digest)`)
  }
  return {
    step: {
      targets: [],
      commands: [save],
      digest: {
        save,
        archive,
        images: p.images,
        ...(p.digestsDir ? { digestsDir: p.digestsDir } : {}),
        unappliedTags: p.targets.map(t => t.ref)
      }
    },
    apiSteps
  }
}

/** A merge job's stand-in for the build: the digests, and why nothing is smoke-tested. */
export function planMergeProduce(merge: MergeSource, existingImage: string): MergeStep {
  if (existingImage) {
    throw new InputError(
      'merge-digests',
      'cannot be combined with image (a merge job builds and pulls nothing)'
    )
  }
  if (merge.kind !== 'digests') {
    // run.ts reads a directory into digests before planning; anything else is a bug.
    throw new Error('merge-digests: the digest directory was not read before planning')
  }
  return {
    kind: 'merge',
    digests: merge.digests,
    note: 'Smoke test skipped: a merge job builds nothing, and each platform was smoke-tested in its own push-by-digest job.'
  }
}

/**
 * One `imagetools create` per image for its immutable tags, then one per image for its
 * floating tags (run only once every immutable call succeeded), sources `image@digest`.
 */
export function planMergePush(p: {
  images: readonly string[]
  targets: readonly PushTarget[]
  digests: readonly string[]
  annotations: readonly string[]
  builder: string
}): PushStep {
  const annotations = mergeAnnotations(p.annotations)
  const calls: MergeCall[] = []
  for (const floating of [false, true]) {
    for (const image of p.images) {
      const refs = p.targets
        .filter(t => t.image === image && t.floating === floating)
        .map(t => t.ref)
      if (refs.length === 0) continue
      const argv = imagetoolsCreateArgv({
        ...(p.builder ? { builder: p.builder } : {}),
        refs,
        sources: p.digests.map(d => `${image}@${d}`),
        annotations
      })
      calls.push({ image, floating, refs, command: { phase: 'push', argv } })
    }
  }
  const ordered = [...p.targets.filter(t => !t.floating), ...p.targets.filter(t => t.floating)]
  return {
    targets: ordered,
    commands: calls.map(c => c.command),
    merge: { digests: p.digests, calls }
  }
}
