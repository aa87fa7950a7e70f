/**
 * Read-back after a push: one HEAD per tag through the registry API, so a release whose
 * tags ended up on different manifests (a proxy that mangled a response, a concurrent push)
 * fails instead of being shown as published.
 */
import type { RegistryClient } from './client.js'

/** Every manifest type docker or buildx pushes: plain manifests and indexes, OCI and Docker. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(', ')

/** `127.0.0.1:5000/acme/app:1.2` → image and tag (a tag never holds `/` or `:`). */
export function splitRef(ref: string): { image: string; tag: string } {
  const at = ref.lastIndexOf(':')
  if (at < 0 || ref.indexOf('/', at) >= 0) return { image: ref, tag: 'latest' }
  return { image: ref.slice(0, at), tag: ref.slice(at + 1) }
}

/** The registry's digest for a tag (`Docker-Content-Digest`), or '' when it has no such tag. */
export async function remoteDigest(
  client: RegistryClient,
  repository: string,
  tag: string
): Promise<string> {
  const res = await client.request(`/v2/${repository}/manifests/${encodeURIComponent(tag)}`, {
    method: 'HEAD',
    accept: MANIFEST_ACCEPT,
    scope: `repository:${repository}:pull`,
    allow404: true
  })
  await res.body?.cancel()
  if (res.status === 404) return ''
  return res.headers.get('docker-content-digest') ?? ''
}

export interface Mismatch {
  ref: string
  expected: string
  actual: string
}

/** Tags whose read-back digest is not the expected one; '' (tag missing) counts as different. */
export function mismatches(
  expected: string,
  readBack: ReadonlyArray<{ ref: string; digest: string }>
): Mismatch[] {
  return readBack
    .filter(r => r.digest !== expected)
    .map(r => ({ ref: r.ref, expected, actual: r.digest || '(no such tag)' }))
}
