import { isAbsolute, resolve } from 'node:path'

/** A remote context (a git URL or tarball, as build-push-action accepts) goes to docker as is. */
export function isRemoteContext(context: string): boolean {
  return /^(https?:\/\/|git@|git:\/\/|github\.com\/)/.test(context)
}

/** The build context and Dockerfile as docker gets them: local paths resolved against the workspace. */
export function contextPaths(
  opts: { context: string; file: string },
  workspace: string
): { context: string; file: string } {
  const local = (p: string): string => (isAbsolute(p) ? p : resolve(workspace, p))
  return {
    context: isRemoteContext(opts.context) ? opts.context : local(opts.context),
    file: opts.file ? local(opts.file) : ''
  }
}
