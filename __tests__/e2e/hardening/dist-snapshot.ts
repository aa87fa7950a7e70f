/**
 * Long hardening suites run the bundle from a private copy of dist/, taken once: `npm run
 * bundle` deletes and rewrites dist/ in place, and a shared checkout may rebuild it while a
 * suite that needs minutes is still starting the action.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  actionEnv,
  readCommandFile,
  repoRoot,
  runAction,
  runPost,
  startNode,
  type ActionEntries,
  type ActionRun,
  type RunActionOptions,
  type Spawned,
  type StartedNode
} from '../helpers/lab.js'

export interface DistSnapshot extends ActionEntries {
  remove(): void
}

export async function snapshotDist(): Promise<DistSnapshot> {
  const src = join(repoRoot, 'dist')
  // Wait out a rebuild in progress: the post bundle is written last.
  for (let i = 0; i < 240 && !existsSync(join(src, 'post', 'index.js')); i++) {
    await new Promise(r => setTimeout(r, 500))
  }
  const dir = mkdtempSync(join(tmpdir(), 'btp-hard-dist-'))
  cpSync(src, dir, { recursive: true })
  return {
    main: join(dir, 'index.js'),
    post: join(dir, 'post', 'index.js'),
    remove: () => rmSync(dir, { recursive: true, force: true })
  }
}

export function startMain(
  snap: DistSnapshot,
  opts: RunActionOptions
): { started: StartedNode; env: Record<string, string>; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'btp-hard-run-'))
  const env = actionEnv(opts, dir)
  return { started: startNode(snap.main, env, opts.workspace ?? dir), env, dir }
}

export function runPostFrom(
  snap: DistSnapshot,
  env: Record<string, string>,
  cwd: string
): Promise<Spawned> {
  return runPost(env, readCommandFile(env.GITHUB_STATE), cwd, snap)
}

/** runAction, from the snapshot. */
export function runFrom(snap: DistSnapshot, opts: RunActionOptions): Promise<ActionRun> {
  return runAction(opts, snap)
}

const RELEASE_SHA = 'c0ffee0123456789abcdef0123456789abcdef01'

/**
 * A tag push of v1.2.3 of `image`, built from `context` with the legacy builder. The commit
 * timestamp pins the created label, so a rebuild after a failure is the same image.
 */
export function releaseOptions(
  image: string,
  context: string,
  extra: Record<string, string> = {}
): RunActionOptions {
  return {
    eventName: 'push',
    ref: 'refs/tags/v1.2.3',
    sha: RELEASE_SHA,
    payload: {
      ref: 'refs/tags/v1.2.3',
      head_commit: { id: RELEASE_SHA, timestamp: '2026-01-02T03:04:05Z' }
    },
    inputs: { images: image, context, buildx: 'false', 'smoke-log': 'ready', ...extra }
  }
}
