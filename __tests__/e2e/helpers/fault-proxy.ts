/**
 * A reverse proxy on 127.0.0.1 in front of a lab registry that injects registry faults on
 * cue: 5xx on blob uploads, 429 with Retry-After, a connection reset halfway through a body,
 * a stalled response, 401 on everything. The Docker engine trusts plain HTTP on loopback,
 * so `127.0.0.1:<proxy port>/name:tag` is a registry reference the engine pushes through.
 *
 * Bodies stream in both directions (layers can be large), and `Location` headers are
 * rewritten so upload sessions keep going through the proxy instead of around it.
 */
import { request as httpRequest, createServer, Agent, type IncomingMessage } from 'node:http'
import type { Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

export interface RequestInfo {
  method: string
  /** Path with query, as the client sent it. */
  url: string
  path: string
  headers: IncomingMessage['headers']
}

export type FaultAction =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  /** Reads `afterBytes` of the request body (or all of it if shorter), then drops the socket. */
  | { kind: 'reset'; afterBytes: number }
  /** Forwards the request but holds the upstream response for `ms`. */
  | { kind: 'stall'; ms: number }
  /** Forwards the request (the registry commits it) but drops the socket instead of answering. */
  | { kind: 'drop-response' }
  /**
   * Serves the upstream tag list in pages of at most `pageSize`, sorted, with `?n=`/`?last=`
   * and a `Link: <…>; rel="next"` header, as distribution 3, GHCR and Docker Hub do
   * (distribution 2.8 in the lab ignores `n` and returns every tag at once).
   */
  | { kind: 'paginate'; pageSize: number }

export interface FaultRule {
  /** Which requests the rule applies to; see the `match` helpers. */
  match: (req: RequestInfo) => boolean
  /** Applies to the first `times` matching requests only (default: all of them). */
  times?: number
  action: FaultAction
  /** Label used in the request log. */
  name?: string
}

export interface RecordedRequest {
  method: string
  url: string
  /** Status sent to the client; 0 when the socket was dropped before a response. */
  status: number
  /** Name of the fault rule that hit, if any. */
  fault?: string
  /** Request body bytes the proxy read from the client. */
  bytesIn: number
  at: number
}

export const match = {
  any: (): ((r: RequestInfo) => boolean) => () => true,
  /** PATCH/PUT to an upload session: the layer bytes (the engine retries these itself). */
  blobUpload: (): ((r: RequestInfo) => boolean) => r =>
    (r.method === 'PATCH' || r.method === 'PUT') && /\/blobs\/uploads\//.test(r.path),
  /** POST that opens an upload session. */
  uploadStart: (): ((r: RequestInfo) => boolean) => r =>
    r.method === 'POST' && /\/blobs\/uploads\/?$/.test(r.path),
  /** PUT of a manifest: the step that creates the tag (not retried by the engine). */
  manifestPut:
    (tag?: string): ((r: RequestInfo) => boolean) =>
    r =>
      r.method === 'PUT' &&
      /\/manifests\/[^/]+$/.test(r.path) &&
      (tag === undefined || r.path.endsWith(`/manifests/${tag}`)),
  method:
    (method: string): ((r: RequestInfo) => boolean) =>
    r =>
      r.method === method,
  pathMatches:
    (re: RegExp): ((r: RequestInfo) => boolean) =>
    r =>
      re.test(r.path)
}

/** Ready-made faults for the scenarios the tests exercise. */
export const faults = {
  serverErrorOnBlobUploads: (n: number, status = 500): FaultRule => ({
    name: `${status} on blob upload`,
    match: match.blobUpload(),
    times: n,
    action: { kind: 'status', status, body: statusBody(status) }
  }),
  serverErrorOnManifestPut: (n: number, status = 500, tag?: string): FaultRule => ({
    name: `${status} on manifest put`,
    match: match.manifestPut(tag),
    times: n,
    action: { kind: 'status', status, body: statusBody(status) }
  }),
  tooManyRequests: (
    n: number,
    retryAfterSeconds: number,
    which: (r: RequestInfo) => boolean = match.any()
  ): FaultRule => ({
    name: '429',
    match: which,
    times: n,
    action: {
      kind: 'status',
      status: 429,
      headers: { 'Retry-After': String(retryAfterSeconds), 'Content-Type': 'application/json' },
      body: JSON.stringify({
        errors: [
          {
            code: 'TOOMANYREQUESTS',
            message: `rate limit exceeded, retry after ${retryAfterSeconds}s`
          }
        ]
      })
    }
  }),
  resetMidUpload: (n: number, afterBytes = 1024): FaultRule => ({
    name: 'reset mid-upload',
    match: match.blobUpload(),
    times: n,
    action: { kind: 'reset', afterBytes }
  }),
  resetOn: (which: (r: RequestInfo) => boolean, n: number, afterBytes = 0): FaultRule => ({
    name: 'reset',
    match: which,
    times: n,
    action: { kind: 'reset', afterBytes }
  }),
  /** The registry commits the request, but the client never hears back (EOF). */
  dropResponse: (which: (r: RequestInfo) => boolean, n?: number): FaultRule => ({
    name: 'drop response',
    match: which,
    ...(n !== undefined ? { times: n } : {}),
    action: { kind: 'drop-response' }
  }),
  stall: (ms: number, which: (r: RequestInfo) => boolean = match.any(), n?: number): FaultRule => ({
    name: `stall ${ms}ms`,
    match: which,
    ...(n !== undefined ? { times: n } : {}),
    action: { kind: 'stall', ms }
  }),
  paginateTagList: (pageSize: number): FaultRule => ({
    name: 'paginate',
    match: r => r.method === 'GET' && /\/tags\/list$/.test(r.path),
    action: { kind: 'paginate', pageSize }
  }),
  unauthorizedEverything: (): FaultRule => ({
    name: '401',
    match: match.any(),
    action: {
      kind: 'status',
      status: 401,
      headers: {
        'Content-Type': 'application/json',
        'WWW-Authenticate': 'Basic realm="fault-proxy"'
      },
      body: JSON.stringify({
        errors: [{ code: 'UNAUTHORIZED', message: 'authentication required', detail: null }]
      })
    }
  })
}

function statusBody(status: number): string {
  if (status === 500) return 'Internal Server Error\n'
  if (status === 502) return 'Bad Gateway\n'
  if (status === 503) return 'Service Unavailable\n'
  return `status ${status}\n`
}

export interface FaultProxy {
  /** `127.0.0.1:<port>`: use as the registry host in image references. */
  host: string
  port: number
  readonly requests: RecordedRequest[]
  /** Replaces the fault script; hit counters start again from zero. */
  setFaults(rules: FaultRule[]): void
  /** Requests a rule has hit so far, by rule name. */
  hits(name: string): number
  stop(): Promise<void>
}

export async function startFaultProxy(
  upstream: string,
  rules: FaultRule[] = []
): Promise<FaultProxy> {
  const [upHost, upPortText] = upstream.split(':')
  const upPort = Number(upPortText)
  const agent = new Agent({ keepAlive: true })
  let script = rules.map(r => ({ rule: r, used: 0 }))
  const requests: RecordedRequest[] = []
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  let proxyHost = ''

  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t)
      fn()
    }, ms)
    timers.add(t)
  }

  const rewriteLocation = (value: string): string =>
    value
      .replace(`http://${upstream}`, `http://${proxyHost}`)
      .replace(`http://localhost:${upPort}`, `http://${proxyHost}`)

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/'
    const info: RequestInfo = {
      method: req.method ?? 'GET',
      url,
      path: url.split('?')[0],
      headers: req.headers
    }
    const rec: RecordedRequest = { method: info.method, url, status: 0, bytesIn: 0, at: Date.now() }
    requests.push(rec)
    req.on('data', (chunk: Buffer) => (rec.bytesIn += chunk.length))

    const entry = script.find(
      e => (e.rule.times === undefined || e.used < e.rule.times) && e.rule.match(info)
    )
    const action = entry?.rule.action
    if (entry) {
      entry.used++
      rec.fault = entry.rule.name ?? entry.rule.action.kind
    }

    if (action?.kind === 'status') {
      // Drain the body first: answering mid-upload would look like a reset to the client.
      req.resume()
      req.on('end', () => {
        rec.status = action.status
        const body = action.body ?? ''
        res.writeHead(action.status, {
          'Content-Length': String(Buffer.byteLength(body)),
          'Docker-Distribution-API-Version': 'registry/2.0',
          ...action.headers
        })
        res.end(body)
      })
      return
    }

    if (action?.kind === 'reset') {
      let seen = 0
      const drop = (): void => {
        req.socket.destroy()
      }
      if (action.afterBytes <= 0) return drop()
      req.on('data', (chunk: Buffer) => {
        seen += chunk.length
        if (seen >= action.afterBytes) drop()
      })
      req.on('end', drop)
      return
    }

    if (action?.kind === 'paginate') {
      const query = new URL(url, 'http://proxy').searchParams
      const n = Math.min(Number(query.get('n')) || action.pageSize, action.pageSize)
      const last = query.get('last') ?? ''
      req.resume()
      const list = httpRequest(
        {
          host: upHost,
          port: upPort,
          method: 'GET',
          path: info.path,
          headers: { ...req.headers, host: upstream },
          agent
        },
        upRes => {
          let text = ''
          upRes.setEncoding('utf8')
          upRes.on('data', (d: string) => (text += d))
          upRes.on('end', () => {
            rec.status = upRes.statusCode ?? 502
            if (upRes.statusCode !== 200) {
              res.writeHead(rec.status, { 'Content-Type': 'application/json' })
              res.end(text)
              return
            }
            const body = JSON.parse(text) as { name: string; tags: string[] | null }
            const rest = (body.tags ?? []).sort().filter(t => last === '' || t > last)
            const page = rest.slice(0, n)
            const headers: Record<string, string> = { 'Content-Type': 'application/json' }
            if (rest.length > n) {
              headers.Link = `<${info.path}?n=${n}&last=${encodeURIComponent(page[page.length - 1])}>; rel="next"`
            }
            res.writeHead(200, headers)
            res.end(JSON.stringify({ name: body.name, tags: page }))
          })
        }
      )
      list.on('error', () => {
        rec.status = 502
        res.writeHead(502)
        res.end()
      })
      list.end()
      return
    }

    const headers = { ...req.headers, host: upstream }
    const up = httpRequest(
      { host: upHost, port: upPort, method: info.method, path: url, headers, agent },
      upRes => {
        const send = (): void => {
          if (res.destroyed) {
            upRes.resume()
            return
          }
          const outHeaders: Record<string, string | string[]> = {}
          for (const [k, v] of Object.entries(upRes.headers)) {
            if (v === undefined) continue
            outHeaders[k] = k === 'location' && typeof v === 'string' ? rewriteLocation(v) : v
          }
          rec.status = upRes.statusCode ?? 0
          res.writeHead(upRes.statusCode ?? 502, outHeaders)
          upRes.pipe(res)
        }
        if (action?.kind === 'stall') later(action.ms, send)
        else if (action?.kind === 'drop-response') {
          rec.status = upRes.statusCode ?? 0
          upRes.resume()
          upRes.on('end', () => req.socket.destroy())
        } else send()
      }
    )
    up.on('error', () => {
      if (!res.headersSent) {
        rec.status = 502
        res.writeHead(502, { 'Content-Type': 'text/plain' })
        res.end('fault-proxy: upstream error\n')
      } else res.destroy()
    })
    req.on('aborted', () => up.destroy())
    req.pipe(up)
  }

  const server: Server = createServer(handle)
  server.keepAliveTimeout = 5000
  server.on('connection', s => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  // Answer garbage (a TLS hello) like a plain-HTTP registry does, so clients that try https
  // first fall back to http; a client that drops mid-request must not crash the test process.
  server.on('clientError', (_err, s) => {
    if (s.writable) s.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    else s.destroy()
  })

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolveListen())
  })
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : 0
  proxyHost = `127.0.0.1:${port}`

  return {
    host: proxyHost,
    port,
    requests,
    setFaults(next: FaultRule[]): void {
      script = next.map(r => ({ rule: r, used: 0 }))
    },
    hits(name: string): number {
      return requests.filter(r => r.fault === name).length
    },
    stop: async (): Promise<void> => {
      for (const t of timers) clearTimeout(t)
      timers.clear()
      for (const s of sockets) s.destroy()
      agent.destroy()
      await new Promise<void>(r => server.close(() => r()))
    }
  }
}
