/**
 * The action's one HTTP transport (the registry client, Octokit's requests to the GitHub
 * API, the smoke test's HTTP probes): the part of `fetch` they use, over node:http and
 * node:https.
 *
 * Why not the global `fetch`: Node's fetch is undici, whose HTTP parser is WebAssembly. Its
 * first request compiles that module, and V8 then keeps optimising it on background threads.
 * A process that has made one fetch waits for that work when it exits: about 150 ms on the
 * lab's runner-sized machine, for a step that made five loopback HEADs. node:http's parser is
 * native, so the same requests cost neither the compile nor the wait.
 *
 * Errors follow fetch, so callers (and their tests, which pass a fake fetch) see one shape: a
 * socket failure rejects with `TypeError('fetch failed')` and the socket error as `cause`, an
 * abort rejects with the signal's reason.
 */
import type { IncomingMessage, request as httpRequest } from 'node:http'
import { Readable } from 'node:stream'

/** The response fields the callers read; a real `Response` has them all. */
export interface HttpResponse {
  readonly status: number
  readonly ok: boolean
  readonly statusText: string
  /** The URL that answered (after redirects). */
  readonly url: string
  readonly headers: HttpHeaders
  readonly body: { cancel(): Promise<void> } | null
  text(): Promise<string>
  json(): Promise<unknown>
  arrayBuffer(): Promise<ArrayBuffer>
}

/** `get` as on `Headers`, and iteration as `[lower-case name, value]` pairs (Octokit reads both). */
export interface HttpHeaders extends Iterable<[string, string]> {
  get(name: string): string | null
}

/** The request fields the callers set; every one means what it means to `fetch`. */
export interface HttpInit {
  method?: string
  headers?: Record<string, string>
  body?: string | Uint8Array | ReadableStream<Uint8Array>
  signal?: AbortSignal
  redirect?: 'follow' | 'manual'
  duplex?: 'half'
}

export type HttpFetch = (url: string, init?: HttpInit) => Promise<HttpResponse>

/** What nodeFetch answers: an HttpResponse that can also read just the start of its body. */
export interface NodeHttpResponse extends HttpResponse {
  /** At most `max` bytes of the body as text; the rest is not read. */
  textUpTo(max: number): Promise<string>
}

const MAX_REDIRECTS = 10
const REDIRECTS = new Set([301, 302, 303, 307, 308])
const USER_AGENT = 'build-tag-push'

/** A body that can be sent again after a redirect (a stream cannot). */
function replayable(body: HttpInit['body']): boolean {
  return body === undefined || typeof body === 'string' || body instanceof Uint8Array
}

function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause })
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  // A DOMException (a timeout's reason) may come from another realm; its name is what counts.
  if (
    reason instanceof Error ||
    (typeof reason === 'object' && reason !== null && 'name' in reason)
  )
    return reason as Error
  return new DOMException(
    typeof reason === 'string' ? reason : 'This operation was aborted',
    'AbortError'
  )
}

class NodeResponse implements NodeHttpResponse {
  readonly status: number
  readonly statusText: string
  readonly headers: HttpHeaders
  readonly body: { cancel(): Promise<void> }

  constructor(
    private readonly res: IncomingMessage,
    readonly url: string,
    private readonly signal?: AbortSignal
  ) {
    this.status = res.statusCode ?? 0
    this.statusText = res.statusMessage ?? ''
    const joined = (v: string | string[]): string => (Array.isArray(v) ? v.join(', ') : v)
    this.headers = {
      get: (name: string): string | null => {
        const v = res.headers[name.toLowerCase()]
        return v === undefined ? null : joined(v)
      },
      *[Symbol.iterator](): Iterator<[string, string]> {
        for (const [name, v] of Object.entries(res.headers)) {
          if (v !== undefined) yield [name, joined(v)]
        }
      }
    }
    this.body = {
      cancel: (): Promise<void> => {
        // A short body is drained so the connection can serve the next request.
        const length = Number(res.headers['content-length'] ?? NaN)
        if (res.complete || length <= 64 * 1024) res.resume()
        else res.destroy()
        return Promise.resolve()
      }
    }
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300
  }

  async text(): Promise<string> {
    return (await this.bytes()).toString('utf8')
  }

  async textUpTo(max: number): Promise<string> {
    return (await this.bytes(max)).subarray(0, max).toString('utf8')
  }

  private bytes(max = Infinity): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = []
      let size = 0
      const onAbort = (): void => {
        this.res.destroy()
        reject(abortReason(this.signal as AbortSignal))
      }
      if (this.signal?.aborted) return onAbort()
      this.signal?.addEventListener('abort', onAbort, { once: true })
      const done = (): void => this.signal?.removeEventListener('abort', onAbort)
      this.res.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        size += chunk.length
        if (size < max) return
        // Enough read: the connection is not reused for the rest.
        done()
        this.res.destroy()
        resolve(Buffer.concat(chunks))
      })
      this.res.on('end', () => {
        done()
        resolve(Buffer.concat(chunks))
      })
      this.res.on('error', err => {
        done()
        reject(fetchFailed(err))
      })
    })
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.bytes()
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
  }
}

/**
 * node:http or node:https, loaded on first use: a run that never talks HTTP (or only over
 * plain HTTP) does not load TLS, which costs memory and start-up time. getBuiltinModule is
 * synchronous, and unlike `import()` it works the same in the bundle and under jest.
 */
function requestFor(protocol: string): typeof httpRequest | undefined {
  if (protocol === 'https:') return process.getBuiltinModule('node:https').request
  if (protocol === 'http:') return process.getBuiltinModule('node:http').request
  return undefined
}

function sendOnce(url: URL, init: HttpInit): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const signal = init.signal
    if (signal?.aborted) return reject(abortReason(signal))
    const request = requestFor(url.protocol)
    if (!request) return reject(fetchFailed(new Error(`unsupported protocol ${url.protocol}`)))
    const headers: Record<string, string> = { 'User-Agent': USER_AGENT, ...init.headers }
    const body = init.body
    if (body !== undefined && !(body instanceof ReadableStream)) {
      headers['Content-Length'] ??= String(Buffer.byteLength(body))
    }
    const req = request(url, { method: init.method ?? 'GET', headers })
    const onAbort = (): void => {
      req.destroy()
      reject(abortReason(signal as AbortSignal))
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    req.on('response', res => {
      signal?.removeEventListener('abort', onAbort)
      resolve(res)
    })
    req.on('error', err => {
      signal?.removeEventListener('abort', onAbort)
      reject(signal?.aborted ? abortReason(signal) : fetchFailed(err))
    })
    if (body instanceof ReadableStream) {
      const stream = Readable.fromWeb(body as import('node:stream/web').ReadableStream)
      stream.on('error', err => req.destroy(err))
      stream.pipe(req)
    } else {
      req.end(body)
    }
  })
}

/** `fetch(url, init)`, with redirects followed unless `redirect: 'manual'`. */
export const nodeFetch = async (url: string, init: HttpInit = {}): Promise<NodeHttpResponse> => {
  let target = new URL(url)
  let current: HttpInit = init
  for (let hops = 0; ; hops++) {
    const res = await sendOnce(target, current)
    const location = res.headers.location
    const follow =
      current.redirect !== 'manual' &&
      REDIRECTS.has(res.statusCode ?? 0) &&
      location !== undefined &&
      (res.statusCode === 303 || replayable(current.body))
    if (!follow) return new NodeResponse(res, target.toString(), init.signal)
    if (hops >= MAX_REDIRECTS) {
      res.destroy()
      throw fetchFailed(new Error(`more than ${MAX_REDIRECTS} redirects from ${url}`))
    }
    res.resume()
    const next = new URL(location, target)
    const headers = { ...current.headers }
    // Credentials go to the origin they were meant for, never to where it redirects.
    if (next.origin !== target.origin) {
      for (const name of Object.keys(headers)) {
        if (/^(authorization|cookie)$/i.test(name)) delete headers[name]
      }
    }
    const asGet = res.statusCode === 303 && current.method !== 'HEAD'
    if (asGet) {
      for (const name of Object.keys(headers)) {
        if (/^content-/i.test(name)) delete headers[name]
      }
    }
    current = {
      ...current,
      headers,
      ...(asGet ? { method: 'GET', body: undefined } : {})
    }
    target = next
  }
}
