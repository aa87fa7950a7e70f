/**
 * Reads an image's tags with the registry's tag-list API (`GET /v2/<name>/tags/list`),
 * following its pagination: `?n=` asks for a page size and a `Link: <…>; rel="next"` header
 * points at the next page (`?last=` is the marker the registry puts in it).
 */
import type { RegistryClient } from './client.js'

/** Common ceiling for a page (Docker Hub's and GHCR's); registries may return fewer. */
export const TAG_PAGE_SIZE = 100
/** A runaway pagination (a registry that keeps linking) stops here. */
const MAX_PAGES = 1000

/** The `rel="next"` target of a Link header, if any. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part)
    if (m && /\brel\s*=\s*"?next"?/i.test(m[2])) return m[1]
  }
  return undefined
}

/**
 * Every tag of the repository; a repository that does not exist yet (404) has none. Each page
 * is one request; `onPage` lets the caller count them.
 */
export async function listTags(
  client: RegistryClient,
  repository: string,
  opts: { pageSize?: number; onPage?: (url: string) => void } = {}
): Promise<string[]> {
  const scope = `repository:${repository}:pull`
  let path: string | undefined = `/v2/${repository}/tags/list?n=${opts.pageSize ?? TAG_PAGE_SIZE}`
  const tags: string[] = []
  const seen = new Set<string>()
  for (let page = 0; path !== undefined; page++) {
    if (page >= MAX_PAGES || seen.has(path)) {
      throw new Error(`tag list of ${repository}: pagination does not end (${page} pages)`)
    }
    seen.add(path)
    opts.onPage?.(path)
    const res = await client.request(path, { scope, allow404: true })
    if (res.status === 404) {
      await res.body?.cancel()
      return tags
    }
    const body = (await res.json()) as { tags?: string[] | null }
    tags.push(...(body.tags ?? []))
    path = nextLink(res.headers.get('link'))
  }
  return tags
}
