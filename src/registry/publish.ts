/**
 * The push phase, start to end: one deadline over all of it, the floating-tag guard, the
 * pushes, and the read-back that proves every tag is the image that was tested. (The login
 * happens before the build, so private base images and caches can use it.)
 */
import type { DockerCli } from '../docker/cli.js'
import type { Metadata } from '../meta/index.js'
import { errorMessage } from '../util/errors.js'
import { imageClients, RegistryHttpError, type ImageClients } from './client.js'
import { Deadline, DeadlineError } from './deadline.js'
import type { FloatingMode } from './floating.js'
import { credentialsMatcher, guardFloatingTags, type GuardResult } from './floating-guard.js'
import { pushAll, type PushItem, type PushReport } from './push.js'
import { findUnchanged } from './unchanged.js'
import { manifestSender } from './early-upload.js'
import type { UploadSet } from './image-archive.js'
import { mismatches, remoteDigest, splitRef } from './verify.js'
import type { PushPhaseRequest } from './phase-request.js'

export interface PublishRequest extends PushPhaseRequest {
  /** The planned pushes, in push order. */
  targets: readonly PushItem[]
  meta: Pick<Metadata, 'images' | 'tags'>
  floatingTags: FloatingMode
  warn: (message: string) => void
  /**
   * The tested image's id: tags the registry already holds as this image are not pushed
   * (unchanged.ts). Unset: every tag is pushed.
   */
  imageId?: string
  /** The image store, when the build told it: pushes need not learn it (push.ts). */
  imageStore?: 'classic' | 'containerd'
  /** upload-during-smoke: its blobs are in every repository; each tag is a manifest PUT. */
  uploaded?: UploadSet
}

export async function publish(docker: DockerCli, req: PublishRequest): Promise<PushReport> {
  const deadline = new Deadline(req.deadlineSeconds)
  req.retry.startDeadline(deadline)
  try {
    const credentialsFor = credentialsMatcher(req.registry, req.credentials)
    const http = {
      signal: deadline.signal,
      ...(req.fetch ? { fetch: req.fetch } : {})
    }
    const guard: GuardResult = await guardFloatingTags(req.meta, {
      mode: req.floatingTags,
      credentialsFor,
      budget: req.retry,
      timeoutMs: req.retry.attemptTimeoutMs() ?? 30000,
      warn: req.warn,
      info: req.info,
      ...http
    }).catch((err: unknown) => {
      if (err instanceof DeadlineError) throw new Error(`${err.message}; nothing was published`)
      throw err
    })
    // One client per image for the whole phase, so a token registry is asked for a token once.
    const clientOf = imageClients(credentialsFor, {
      timeoutMs: req.retry.attemptTimeoutMs() ?? 30000,
      ...http
    })
    const unchanged = await unchangedTags(req, guard, clientOf)
    const send = req.uploaded ? manifestSender(req.uploaded, clientOf) : undefined
    const report = await pushAll(docker, req.targets, req.retry, {
      held: guard.held,
      unchanged,
      ...(send ? { send } : {}),
      ...(req.imageStore ? { imageStore: req.imageStore } : {}),
      ...(req.imageId ? { imageId: req.imageId } : {})
    })
    // Unchanged tags were read just now, by the HEAD that found them holding this image.
    const sent = report.results.filter(r => r.status === 'published').map(r => r.ref)
    const kept = report.results.filter(r => r.status === 'unchanged').length
    if (!report.error && sent.length + kept > 0) await readBack(report, sent, kept, clientOf, req)
    return report
  } finally {
    deadline.dispose()
  }
}

/** One HEAD per tag that would be pushed (held tags are not); logs what is left alone. */
async function unchangedTags(
  req: PublishRequest,
  guard: GuardResult,
  clientOf: ImageClients
): Promise<Map<string, string>> {
  if (!req.imageId) return new Map()
  const held = new Set(guard.held.map(h => h.ref))
  const refs = req.targets.map(t => t.ref).filter(ref => !held.has(ref))
  const unchanged = await findUnchanged(refs, req.imageId, clientOf)
  if (unchanged.size > 0) {
    const n = unchanged.size
    req.info(
      n === refs.length
        ? `The registry already holds this image under every tag (${n}): nothing to push.`
        : `The registry already holds this image under ${n} of ${refs.length} tags: pushing the rest.`
    )
  }
  return unchanged
}

/**
 * One HEAD per published tag; every tag must carry the digest docker reported for the tested
 * image. A tag that cannot be read (no credentials for the listing API) is a warning: the
 * push itself succeeded, only the proof is missing.
 */
async function readBack(
  report: PushReport,
  refs: readonly string[],
  /** Tags found unchanged: already read, counted in the message. */
  kept: number,
  clientOf: ImageClients,
  req: PublishRequest
): Promise<void> {
  const expected = report.digest
  if (!expected) return
  type Read = { ref: string; digest: string } | undefined
  const reads: Read[] = await Promise.all(
    refs.map(async (ref): Promise<Read> => {
      const { image, tag } = splitRef(ref)
      const { client, repository } = clientOf(image)
      try {
        const digest = await req.retry.run(`read back ${ref}`, () =>
          remoteDigest(client, repository, tag)
        )
        return { ref, digest }
      } catch (err) {
        if (err instanceof DeadlineError) throw err
        const why = err instanceof RegistryHttpError ? err.message : errorMessage(err)
        req.warn(`Could not read back the digest of ${ref}: ${why}`)
        return undefined
      }
    })
  ).catch((err: unknown) => {
    if (!(err instanceof DeadlineError)) throw err
    report.error = `${err.message} (the read-back of the published tags did not finish)`
    return []
  })
  const read = reads.filter((r): r is NonNullable<Read> => r !== undefined)
  const bad = mismatches(expected, read)
  for (const r of report.results) {
    const m = bad.find(b => b.ref === r.ref)
    if (m) {
      r.status = 'failed'
      r.error = `the registry has ${m.actual} for this tag, not the tested image's ${expected}`
    }
  }
  if (bad.length > 0) {
    report.pushed = report.pushed.filter(ref => !bad.some(b => b.ref === ref))
    report.notPushed.push(...bad.map(b => b.ref))
    report.error =
      `the registry's tags differ from the tested image (${expected}): ` +
      bad.map(b => `${b.ref} is ${b.actual}`).join(', ')
  } else if (read.length === refs.length) {
    const n = read.length + kept
    req.info(`Read back ${n} tag${n === 1 ? '' : 's'}: all on ${expected}.`)
  }
}
