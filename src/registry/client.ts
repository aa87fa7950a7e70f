/**
 * The one small HTTP client for the registry API (distribution v2): tag lists and manifest
 * HEADs, and the uploads of push-by-digest (blob-upload.ts), which docker cannot do. Every
 * request has a timeout (and the push deadline, when one is given), and answers a 401
 * challenge the way docker does: Basic with the step's credentials, or Bearer with a token
 * fetched from the challenge's realm.
 */
import { registryHost, repositoryPath } from '../docker/reference.js'
import { nodeFetch, type HttpFetch, type HttpInit, type HttpResponse } from '../util/http.js'

export interface BasicCredentials {
  username: string
  password: string
}

/** A registry answered with an error status; the message carries `status NNN` for retry.ts. */
export class RegistryHttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    detail: string
  ) {
    super(`${url}: HTTP status ${status}${detail ? ` (${detail})` : ''}`)
    this.name = 'RegistryHttpError'
  }
}

export interface ClientOptions {
  /** Credentials for this registry, when the step has them. */
  credentials?: BasicCredentials
  /** One request (including the token fetch) may take this long. */
  timeoutMs?: number
  /** Aborts everything (the push deadline). */
  signal?: AbortSignal
  /** Injectable for unit tests (a fake `fetch` fits); node:http otherwise (util/http.ts). */
  fetch?: HttpFetch
}

const DEFAULT_TIMEOUT_MS = 30000

/** The daemon trusts plain HTTP on loopback; everything else is HTTPS. */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
  return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name)
}

/** Where an image's registry API lives: `{ base: 'https://ghcr.io', repository: 'acme/app' }`. */
export function apiLocation(image: string): { host: string; base: string; repository: string } {
  const host = registryHost(image)
  const apiHost = host === 'docker.io' ? 'registry-1.docker.io' : host
  const scheme = isLoopbackHost(host) ? 'http' : 'https'
  return { host, base: `${scheme}://${apiHost}`, repository: repositoryPath(image) }
}

/** `Bearer realm="…",service="…",scope="…"` → scheme and parameters. */
export function parseChallenge(
  header: string
): { scheme: string; params: Record<string, string> } | undefined {
  const m = /^\s*(\w+)\s*(.*)$/s.exec(header)
  if (!m) return undefined
  const params: Record<string, string> = {}
  for (const p of m[2].matchAll(/(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    params[p[1].toLowerCase()] = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1')
  }
  return { scheme: m[1].toLowerCase(), params }
}

function basic(c: BasicCredentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`
}

/** The first registry error message in a body, for the log (`{"errors":[{"message":…}]}`). */
async function errorDetail(res: HttpResponse): Promise<string> {
  try {
    const text = (await res.text()).slice(0, 2000)
    try {
      const body = JSON.parse(text) as { errors?: Array<{ code?: string; message?: string }> }
      const e = body.errors?.[0]
      if (e) return [e.code, e.message].filter(Boolean).join(': ')
    } catch {
      // not JSON
    }
    return res.statusText || ''
  } catch {
    return res.statusText || ''
  }
}

export class RegistryClient {
  private authorization: string | undefined
  private readonly doFetch: HttpFetch

  constructor(
    readonly base: string,
    private readonly opts: ClientOptions = {}
  ) {
    this.doFetch = opts.fetch ?? nodeFetch
  }

  private signal(): AbortSignal {
    const timeout = AbortSignal.timeout(this.opts.timeoutMs || DEFAULT_TIMEOUT_MS)
    return this.opts.signal ? AbortSignal.any([timeout, this.opts.signal]) : timeout
  }

  private async send(url: string, init: HttpInit): Promise<HttpResponse> {
    try {
      return await this.doFetch(url, { ...init, signal: this.signal(), redirect: 'follow' })
    } catch (err) {
      if (this.opts.signal?.aborted) {
        const reason: unknown = this.opts.signal.reason
        throw reason instanceof Error ? reason : new Error(`${url}: aborted`)
      }
      const e = err as Error & { cause?: { code?: string; message?: string } }
      if (e.name === 'TimeoutError') {
        throw new Error(
          `${url}: request timed out after ${((this.opts.timeoutMs || DEFAULT_TIMEOUT_MS) / 1000).toFixed(0)}s`
        )
      }
      // fetch hides the socket error in `cause`; surface its code for the retry classifier.
      const code = e.cause?.code ?? ''
      const wrapped = new Error(
        `${url}: ${e.cause?.message ?? e.message}${code ? ` (${code})` : ''}`
      ) as NodeJS.ErrnoException
      if (code) wrapped.code = code
      throw wrapped
    }
  }

  /** Answers a 401 challenge once; returns undefined when there is nothing better to send. */
  private async authorize(res: HttpResponse, scope: string): Promise<string | undefined> {
    const challenge = parseChallenge(res.headers.get('www-authenticate') ?? '')
    const cred = this.opts.credentials
    if (challenge?.scheme === 'basic') return cred ? basic(cred) : undefined
    if (challenge?.scheme !== 'bearer' || !challenge.params.realm) return undefined
    const url = new URL(challenge.params.realm)
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service)
    url.searchParams.set('scope', challenge.params.scope || scope)
    const tokenRes = await this.send(url.toString(), {
      headers: cred ? { Authorization: basic(cred) } : {}
    })
    if (!tokenRes.ok) {
      throw new RegistryHttpError(
        tokenRes.status,
        url.origin + url.pathname,
        await errorDetail(tokenRes)
      )
    }
    const body = (await tokenRes.json()) as { token?: string; access_token?: string }
    const token = body.token || body.access_token
    return token ? `Bearer ${token}` : undefined
  }

  /**
   * One request against the registry API, answering an auth challenge once. Errors (status
   * >= 400, except 404 when `allow404`) throw a RegistryHttpError naming the status.
   */
  async request(
    path: string,
    opts: {
      method?: string
      accept?: string
      scope: string
      allow404?: boolean
      /** Extra headers (Content-Type, Content-Length) for an upload. */
      headers?: Record<string, string>
      /** A new body per send: an auth challenge makes the request go out twice. */
      body?: () => NonNullable<HttpInit['body']>
    }
  ): Promise<HttpResponse> {
    const url = new URL(path, this.base).toString()
    const init = (): HttpInit => ({
      method,
      headers: {
        ...opts.headers,
        ...(opts.accept ? { Accept: opts.accept } : {}),
        ...(this.authorization ? { Authorization: this.authorization } : {})
      },
      // A streamed body needs half duplex in a fetch (a test's fake).
      ...(opts.body ? { body: opts.body(), duplex: 'half' } : {})
    })
    const method = opts.method ?? 'GET'
    // What this request sent: parallel requests share the client, and one that was refused
    // must retry with the answer even when another request stored the same one meanwhile.
    const sent = this.authorization
    let res = await this.send(url, init())
    if (res.status === 401) {
      await res.body?.cancel()
      const auth = await this.authorize(res, opts.scope)
      if (auth && auth !== sent) {
        this.authorization = auth
        res = await this.send(url, init())
      }
    }
    if (res.ok || (opts.allow404 && res.status === 404)) return res
    const detail = method === 'HEAD' ? res.statusText : await errorDetail(res)
    if (res.status === 401 && !this.opts.credentials) {
      throw new RegistryHttpError(
        401,
        url,
        `${detail || 'unauthorized'}; no credentials for this registry`
      )
    }
    const after = res.headers.get('retry-after')
    throw new RegistryHttpError(
      res.status,
      url,
      after && /^\d+$/.test(after) ? `${detail}; retry after ${after}s` : detail
    )
  }
}

/** An image's registry client, repository path and host (`imageClients`). */
export type ImageClients = (image: string) => ReturnType<typeof clientFor>

/**
 * One client per image, made on first use, each with the step's credentials for that image's
 * registry host only (so a password never goes to another registry).
 */
export function imageClients(
  credentialsFor: (host: string) => BasicCredentials | undefined,
  opts: Omit<ClientOptions, 'credentials'>
): ImageClients {
  const made = new Map<string, ReturnType<typeof clientFor>>()
  return image => {
    let c = made.get(image)
    if (!c) {
      c = clientFor(image, { ...opts, credentials: credentialsFor(apiLocation(image).host) })
      made.set(image, c)
    }
    return c
  }
}

export function clientFor(
  image: string,
  opts: ClientOptions
): { client: RegistryClient; repository: string; host: string } {
  const loc = apiLocation(image)
  return { client: new RegistryClient(loc.base, opts), repository: loc.repository, host: loc.host }
}
