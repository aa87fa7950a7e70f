/**
 * merge-digests at run time: the planned `imagetools create` calls, immutable tags first in
 * every image and floating tags only once all of those succeeded (held floating tags left
 * out, as the floating-tags guard decides), then a read-back of every tag: they must all
 * carry one index digest, which is the `digest` output.
 */
import type { DockerCli } from '../docker/cli.js'
import { withoutRefs } from '../docker/imagetools-argv.js'
import type { Metadata } from '../meta/index.js'
import type { DockerCall } from '../docker/argv.js'
import { errorMessage } from '../util/errors.js'
import { imageClients } from './client.js'
import { Deadline } from './deadline.js'
import type { FloatingMode } from './floating.js'
import { credentialsMatcher, guardFloatingTags } from './floating-guard.js'
import { notMoved, pushReport, type PushReport, type TagResult } from './push.js'
import { remoteDigest, splitRef } from './verify.js'
import type { PushPhaseRequest } from './phase-request.js'
import type { HttpFetch } from '../util/http.js'

/** One planned `imagetools create` (the plan's MergeCall). */
export interface MergeCall {
  image: string
  floating: boolean
  refs: readonly string[]
  command: DockerCall
}

export interface MergeRequest extends PushPhaseRequest {
  calls: readonly MergeCall[]
  meta: Pick<Metadata, 'images' | 'tags'>
  floatingTags: FloatingMode
  warn: (message: string) => void
}

export async function mergeDigests(docker: DockerCli, req: MergeRequest): Promise<PushReport> {
  const deadline = new Deadline(req.deadlineSeconds)
  req.retry.startDeadline(deadline)
  try {
    const credentialsFor = credentialsMatcher(req.registry, req.credentials)
    const http = { signal: deadline.signal, ...(req.fetch ? { fetch: req.fetch } : {}) }
    const guard = await guardFloatingTags(req.meta, {
      mode: req.floatingTags,
      credentialsFor,
      budget: req.retry,
      timeoutMs: req.retry.attemptTimeoutMs() ?? 30000,
      warn: req.warn,
      info: req.info,
      ...http
    })
    const held = new Map(guard.held.map(h => [h.ref, h.message]))
    const results: TagResult[] = []
    const run = async (call: MergeCall, argv: readonly string[]): Promise<void> => {
      try {
        await req.retry.run(`imagetools create ${call.image}`, () =>
          docker.exec(argv, { stream: true, timeoutMs: req.retry.attemptTimeoutMs() })
        )
        for (const ref of call.refs.filter(r => !held.has(r)))
          results.push({ ref, floating: call.floating, status: 'published', attempts: 1 })
      } catch (err) {
        const error = errorMessage(err)
        for (const ref of call.refs.filter(r => !held.has(r)))
          results.push({ ref, floating: call.floating, status: 'failed', attempts: 1, error })
      }
    }
    for (const call of req.calls.filter(c => !c.floating)) await run(call, call.command.argv)
    const failed = results.filter(r => r.status === 'failed').map(r => r.ref)
    for (const call of req.calls.filter(c => c.floating)) {
      for (const ref of call.refs.filter(r => held.has(r))) {
        results.push({ ref, floating: true, status: 'held', attempts: 0, error: held.get(ref) })
      }
      const argv = withoutRefs(call.command.argv, new Set(held.keys()))
      if (!argv) continue
      if (failed.length > 0) {
        for (const ref of call.refs.filter(r => !held.has(r))) {
          results.push(notMoved(ref, undefined, failed))
        }
        continue
      }
      await run(call, argv)
    }
    await readBack(results, credentialsFor, http, req)
    return pushReport(results)
  } finally {
    deadline.dispose()
  }
}

/** Every published tag must carry one digest: the index's. */
async function readBack(
  results: TagResult[],
  credentialsFor: ReturnType<typeof credentialsMatcher>,
  http: { signal: AbortSignal; fetch?: HttpFetch },
  req: MergeRequest
): Promise<void> {
  const clientOf = imageClients(credentialsFor, {
    timeoutMs: req.retry.attemptTimeoutMs() ?? 30000,
    ...http
  })
  for (const r of results.filter(x => x.status === 'published')) {
    const { image, tag } = splitRef(r.ref)
    const { client, repository } = clientOf(image)
    try {
      const digest = await req.retry.run(`read back ${r.ref}`, () =>
        remoteDigest(client, repository, tag)
      )
      if (digest) r.digest = digest
      else {
        r.status = 'failed'
        r.error = 'imagetools create succeeded, but the registry has no such tag'
      }
    } catch (err) {
      req.warn(`Could not read back the digest of ${r.ref}: ${errorMessage(err)}`)
    }
  }
  const digests = new Set(results.filter(r => r.digest).map(r => r.digest))
  if (digests.size > 1) {
    for (const r of results.filter(x => x.digest)) {
      r.status = 'failed'
      r.error = `the tags differ: ${[...digests].join(', ')}`
    }
  }
}
