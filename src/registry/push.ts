/**
 * Publishes every tag of the built image, surviving registry faults and losing no tag:
 * immutable tags go first and floating tags (`latest`, `1`, `1.2`) only once every immutable
 * tag is published, so neither a failure nor a kill at any moment can leave `latest`
 * pointing at a release whose own version tag is missing. Pushing is idempotent (the same
 * image yields the same digest), so the fix for a partial push is to run the job again.
 */
import * as core from '../util/core.js'
import type { DockerCli } from '../docker/cli.js'
import { registryHost } from '../docker/reference.js'
import { STREAM_TAIL_BYTES } from '../docker/cli.js'
import { DockerError, errorMessage } from '../util/errors.js'
import { mapPool } from '../util/pool.js'
import { CommandFence, oneLine } from '../util/untrusted.js'
import { mdCell, mdCode } from '../util/markdown.js'
import { DEFAULT_RETRY, RetryBudget, type RegistryRetry } from './retry.js'
import type { HeldTag } from './floating-guard.js'

/** One planned push: the reference, whether it floats, and the exact argv to run. */
export interface PushItem {
  /** Fully qualified reference, e.g. `127.0.0.1:5000/acme/app:1.2.3`. */
  ref: string
  /** Moves between releases (`latest`, `1`, `1.2`, branch names): pushed after the fixed ones. */
  floating: boolean
  argv: readonly string[]
}

/**
 * `skipped`: a floating tag held back because an immutable tag failed; `held`: a floating
 * tag kept where it is because the registry holds a newer version in its range;
 * `unchanged`: the registry already holds this image under the tag, so it was not pushed
 * (it counts as published).
 */
export type TagStatus = 'published' | 'unchanged' | 'failed' | 'skipped' | 'held'

export interface TagResult {
  ref: string
  floating: boolean
  status: TagStatus
  /** Manifest digest the registry acknowledged or already held (published, unchanged). */
  digest?: string
  /** Why the tag is not published: the registry's words, or why it was held back. */
  error?: string
  attempts: number
  /** For a held tag: the newer version that keeps it. */
  heldOn?: string
}

export interface PushReport {
  /** Digest of the first published tag; every tag of one image has the same one. */
  digest: string
  pushed: string[]
  notPushed: string[]
  /** Floating tags left where they are (a newer release holds them); not a failure. */
  held: string[]
  /** One line for the log and the failure message; unset when every tag is published. */
  error?: string
  /** Per tag, in push order. */
  results: TagResult[]
}

/**
 * Immutable tags first and floating tags last, so an interrupted push never leaves `latest`
 * pointing at a release whose own version tag is missing.
 */
export function pushOrder<T extends { floating: boolean }>(targets: readonly T[]): T[] {
  return [...targets.filter(t => !t.floating), ...targets.filter(t => t.floating)]
}

/** Retries are logged as warnings unless the caller routes them elsewhere. */
export function withDefaultWarn(retry: RegistryRetry | RetryBudget): RegistryRetry | RetryBudget {
  if (retry instanceof RetryBudget || retry.warn) return retry
  return { ...retry, warn: message => core.warning(message) }
}

const DIGEST = /digest: (sha256:[0-9a-f]{64})/

/** The daemon trusts plain HTTP on loopback; the CLI's manifest command must be told. */
function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
  return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name)
}

export function manifestInspectArgv(ref: string): string[] {
  const argv = ['manifest', 'inspect', '--verbose']
  if (isLoopback(registryHost(ref))) argv.push('--insecure')
  return [...argv, ref]
}

/** The digest `docker manifest inspect --verbose` reports (an object, or a list for indexes). */
export function inspectedDigest(stdout: string): string {
  try {
    const parsed = JSON.parse(stdout) as unknown
    const first: unknown = Array.isArray(parsed) ? (parsed as unknown[])[0] : parsed
    const digest = (first as { Descriptor?: { digest?: unknown } })?.Descriptor?.digest
    return typeof digest === 'string' ? digest : ''
  } catch {
    return ''
  }
}

/**
 * How many `docker push` processes run at once. Each one is a small client; the daemon does
 * the uploads and shares layers between concurrent pushes of one image, so 8 keeps 3
 * registries × a handful of tags in one wave without flooding a registry or the runner.
 */
export const PUSH_CONCURRENCY = 8

export interface PushOptions {
  /** Floating tags the registry's newer versions keep in place (floating-guard.ts). */
  held?: readonly HeldTag[]
  /** At most this many pushes at once (PUSH_CONCURRENCY). */
  concurrency?: number
  /** Tags the registry already holds as this image, with its digest (unchanged.ts): not pushed. */
  unchanged?: ReadonlyMap<string, string>
  /**
   * The pushed image's id: on the classic store it differs from the digest a push reports,
   * and pushes run in parallel; otherwise (containerd store, or unknown) one at a time.
   */
  imageId?: string
  /** Where each push's output goes once it ends (whole, so parallel outputs never mix). */
  echo?: (text: string | Uint8Array) => void
  /** The image store, when the build told it: then the first push need not find it out. */
  imageStore?: 'classic' | 'containerd'
  /**
   * Publishes one tag instead of its `docker push` and returns the digest the registry stored
   * (upload-during-smoke: one manifest PUT). Such pushes run in parallel from the start.
   */
  send?: (ref: string) => Promise<string>
}

/** A push's own output, fenced: it is the registry's text, never a workflow command. */
function echoOutput(
  echo: (text: string | Uint8Array) => void,
  argv: readonly string[],
  output: string
): void {
  echo(`[command]docker ${oneLine(argv.join(' '))}\n`)
  const fence = new CommandFence(echo)
  fence.text(output)
  fence.end()
}

export async function pushAll(
  docker: DockerCli,
  targets: readonly PushItem[],
  retry: RegistryRetry | RetryBudget = DEFAULT_RETRY,
  opts: PushOptions = {}
): Promise<PushReport> {
  const budget = RetryBudget.of(withDefaultWarn(retry))
  const heldByRef = new Map((opts.held ?? []).map(h => [h.ref, h]))
  const ordered = pushOrder(targets)
  const limit = opts.concurrency ?? PUSH_CONCURRENCY
  const echo = opts.echo ?? ((text: string | Uint8Array) => void process.stdout.write(text))

  const unchanged = opts.unchanged ?? new Map<string, string>()
  let knownDigest = [...unchanged.values()][0] ?? ''

  /** `docker push` of one planned argv; its output is echoed whole; returns the digest it reports. */
  const dockerPush = async (target: PushItem): Promise<string | undefined> => {
    try {
      const r = await docker.exec(target.argv, {
        keepBytes: STREAM_TAIL_BYTES,
        timeoutMs: budget.attemptTimeoutMs()
      })
      echoOutput(echo, target.argv, r.stdout + r.stderr)
      return DIGEST.exec(r.stdout)?.[1]
    } catch (err) {
      if (err instanceof DockerError) echoOutput(echo, target.argv, err.stderr)
      throw err
    }
  }
  const send = opts.send
  const publishOne = send
    ? async (target: PushItem): Promise<string | undefined> => {
        const digest = await send(target.ref)
        echo(`Published ${target.ref} (manifest PUT, layers uploaded during the smoke test)\n`)
        return digest
      }
    : dockerPush

  const pushOne = async (target: PushItem): Promise<TagResult> => {
    let attempts = 0
    const base = { ref: target.ref, floating: target.floating }
    const same = unchanged.get(target.ref)
    if (same) return { ...base, status: 'unchanged', digest: same, attempts: 0 }
    try {
      const digest = await budget.run(`push ${target.ref}`, attempt => {
        attempts = attempt
        return publishOne(target)
      })
      if (digest) knownDigest ||= digest
      return { ...base, status: 'published', attempts, ...(digest ? { digest } : {}) }
    } catch (err) {
      return { ...base, status: 'failed', error: errorMessage(err), attempts }
    }
  }

  const tagDigest = (ref: string): Promise<string> =>
    budget
      .run(`check ${ref}`, () =>
        docker.exec(manifestInspectArgv(ref), { timeoutMs: budget.attemptTimeoutMs() })
      )
      .then(res => inspectedDigest(res.stdout))
      .catch(() => '')

  /**
   * A push that failed late (EOF on the manifest PUT) may have been committed anyway: once the
   * wave is over and a digest is known, ask the registry, so the report says exactly what is
   * published and floating tags follow.
   */
  const confirmLate = (results: TagResult[]): Promise<TagResult[]> =>
    mapPool(results, limit, async r =>
      r.status === 'failed' && knownDigest && (await tagDigest(r.ref)) === knownDigest
        ? {
            ...r,
            status: 'published' as const,
            digest: knownDigest,
            error: `${r.error}; the registry has the tag anyway (manifest check)`
          }
        : r
    )

  /**
   * How many pushes may run at once, known after the first push answers. On the containerd
   * store (the image id is the digest `docker push` reports), concurrent pushes of one image
   * race in the engine: one PUTs the index before what it references is there (400, "manifest
   * list/index references to blobs and/or manifests are missing"), into the same repository
   * or not. So pushes stay one at a time there, and when the store is not known (no image id,
   * no digest); on the classic store every push of a wave runs at once, up to `limit`. When
   * the build already told the store (buildx's metadata), no push has to find it out.
   */
  let width: number | undefined =
    opts.send || opts.imageStore === 'classic'
      ? limit
      : opts.imageStore === 'containerd'
        ? 1
        : undefined
  const learn = (r: TagResult): void => {
    if (width !== undefined || r.status !== 'published') return
    width = opts.imageId && r.digest && r.digest !== opts.imageId ? limit : 1
  }
  const wave = async (
    items: readonly PushItem[],
    run: (target: PushItem) => Promise<TagResult>
  ): Promise<TagResult[]> => {
    const results: TagResult[] = []
    let i = 0
    for (; width === undefined && i < items.length; i++) {
      results.push(await run(items[i]))
      learn(results[i])
    }
    results.push(...(await mapPool(items.slice(i), width ?? 1, run)))
    return confirmLate(results)
  }

  // One wave of immutable tags, every one pushed even after another failed: each is correct on
  // its own, and every one published is one the rerun does not depend on.
  const immutable = await wave(
    ordered.filter(t => !t.floating),
    pushOne
  )
  const immutableFailed = immutable.filter(r => r.status === 'failed').map(r => r.ref)
  // Then, only when all of them are published, one wave of floating tags.
  const floating = await wave(
    ordered.filter(t => t.floating),
    async (target): Promise<TagResult> => {
      const held = heldByRef.get(target.ref)
      // A floating tag that already holds this image stays: moving it is a no-op.
      if (unchanged.has(target.ref)) return pushOne(target)
      return held || immutableFailed.length > 0
        ? notMoved(target.ref, held, immutableFailed)
        : pushOne(target)
    }
  )
  return pushReport([...immutable, ...floating])
}

/** A floating tag left where it is: the registry holds a newer version, or a fixed tag failed. */
export function notMoved(
  ref: string,
  held: HeldTag | undefined,
  immutableFailed: string[]
): TagResult {
  if (held) {
    return {
      ref,
      floating: true,
      status: 'held',
      error: held.message,
      attempts: 0,
      ...(held.decision.newest ? { heldOn: held.decision.newest } : {})
    }
  }
  return {
    ref,
    floating: true,
    status: 'skipped',
    error: `held back: floating tags move only after every immutable tag is published (${immutableFailed.join(', ')} failed)`,
    attempts: 0
  }
}

/** What was published, what was not and why, from the per-tag results in push order. */
export function pushReport(results: TagResult[]): PushReport {
  // An unchanged tag is published: the registry holds this image under it.
  const isPublished = (r: TagResult): boolean =>
    r.status === 'published' || r.status === 'unchanged'
  const published = results.filter(isPublished)
  const report: PushReport = {
    digest: published.find(r => r.digest)?.digest ?? '',
    pushed: published.map(r => r.ref),
    notPushed: results.filter(r => !isPublished(r) && r.status !== 'held').map(r => r.ref),
    held: results.filter(r => r.status === 'held').map(r => r.ref),
    results
  }
  const failed = results.filter(r => r.status === 'failed')
  if (failed.length > 0) {
    const skipped = results.filter(r => r.status === 'skipped').length
    report.error =
      failed.map(r => `${r.ref}: ${r.error}`).join('; ') +
      (skipped > 0 ? ` (${skipped} floating tag${skipped === 1 ? '' : 's'} held back)` : '')
  }
  return report
}

/**
 * Markdown for the job summary: every tag, whether it is published, and why not. When every
 * tag was published with one digest, the digest column is left out: the summary shows it once.
 */
export function pushReportMarkdown(report: PushReport): string {
  const icon: Record<TagStatus, string> = {
    published: '✅ published',
    unchanged: '☑️ unchanged',
    failed: '❌ failed',
    skipped: '⏸️ held back',
    held: '📌 held'
  }
  // Held tags stay on an older release's digest on purpose; they do not count here.
  const digests = new Set(report.results.filter(r => r.status !== 'held').map(r => r.digest ?? ''))
  const oneDigest = report.notPushed.length === 0 && digests.size === 1 && !digests.has('')
  const rows = report.results.map(r => {
    const digest = oneDigest ? '' : ` ${r.digest ? mdCode(r.digest) : ''} |`
    const detail = mdCell(r.error ?? (r.attempts > 1 ? `after ${r.attempts} attempts` : ''))
    return `| ${mdCode(r.ref)} | ${r.floating ? 'floating' : 'immutable'} | ${icon[r.status]} |${digest} ${detail} |`
  })
  const table = oneDigest
    ? ['| Tag | Kind | Status | Detail |', '|---|---|---|---|', ...rows]
    : ['| Tag | Kind | Status | Digest | Detail |', '|---|---|---|---|---|', ...rows]
  if (report.notPushed.length > 0) {
    table.push(
      '',
      `${report.notPushed.length} of ${report.results.length} tags are not published. ` +
        'Pushing is idempotent: re-running the job publishes the rest and leaves published tags as they are.'
    )
  }
  return table.join('\n')
}
