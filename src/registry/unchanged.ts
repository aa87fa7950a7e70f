/**
 * A rerun of the same image sends no manifest PUT: before pushing, one HEAD per tag asks the
 * registry what each tag holds, and tags that already hold this image are left alone
 * ("unchanged"). Anything short of proof means push: a HEAD that fails (no credentials, the
 * network, a 5xx) or an answer that cannot be compared makes every tag it touches go out as
 * before, since pushing is idempotent and skipping is only an optimisation.
 *
 * How "this image" is recognised depends on the engine's image store:
 * - containerd store (engine 24+ with the snapshotter): the local image id is the manifest or
 *   index digest `docker push` sends, so a tag whose remote digest equals it is unchanged;
 * - classic store: the id is the image config's digest, and the manifest digest is only known
 *   after a push (the layers' compressed form is the engine's). The remote manifest's
 *   `config.digest` is compared with the id instead: the same config (it lists every layer's
 *   uncompressed digest) is the same content. Because a push from this engine could produce a
 *   different manifest for the same config, such matches skip only when every tag holds one
 *   and the same manifest: then nothing is pushed and every tag reads back on one digest.
 */
import type { ImageClients, RegistryClient } from './client.js'
import { MANIFEST_ACCEPT, remoteDigest, splitRef } from './verify.js'

/** The `config.digest` of an image manifest, or '' for an index or anything unreadable. */
async function configDigest(
  client: RegistryClient,
  repository: string,
  digest: string
): Promise<string> {
  const res = await client.request(`/v2/${repository}/manifests/${digest}`, {
    accept: MANIFEST_ACCEPT,
    scope: `repository:${repository}:pull`
  })
  const body = (await res.json()) as { config?: { digest?: unknown } }
  return typeof body.config?.digest === 'string' ? body.config.digest : ''
}

/**
 * The tags (of `refs`) the registry already holds as the local image `imageId`, each with
 * the registry's digest for it. Never throws: what cannot be checked is pushed.
 */
export async function findUnchanged(
  refs: readonly string[],
  imageId: string,
  clientOf: ImageClients
): Promise<Map<string, string>> {
  const unchanged = new Map<string, string>()
  if (!/^sha256:[0-9a-f]{64}$/.test(imageId) || refs.length === 0) return unchanged
  const remote = await Promise.all(
    refs.map(async ref => {
      const { image, tag } = splitRef(ref)
      const { client, repository } = clientOf(image)
      try {
        return { ref, image, digest: await remoteDigest(client, repository, tag) }
      } catch {
        return { ref, image, digest: '' }
      }
    })
  )
  // containerd store: the id is what `docker push` would send.
  for (const r of remote) if (r.digest === imageId) unchanged.set(r.ref, r.digest)
  if (unchanged.size > 0) return unchanged
  // classic store: one manifest, on every tag, whose config is this image.
  const digests = new Set(remote.map(r => r.digest))
  const [only] = digests
  if (digests.size !== 1 || !only) return unchanged
  const { client, repository } = clientOf(remote[0].image)
  const config = await configDigest(client, repository, only).catch(() => '')
  if (config !== imageId) return unchanged
  for (const r of remote) unchanged.set(r.ref, r.digest)
  return unchanged
}
