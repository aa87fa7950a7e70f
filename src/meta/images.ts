import { isIPv6 } from 'node:net'
import { InputError } from '../util/errors.js'
import { csvFields, inputLines, quote, splitAttr } from './csv.js'
import type { ImageEntry } from './types.js'

const NAME_MAX = 255
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const HOST_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/

export function parseImages(text: string): ImageEntry[] {
  const lines = inputLines(text)
  // metadata-action's original format: one line, comma-separated bare names.
  if (lines.length === 1) {
    const fields = csvFields(lines[0], 'images')
    if (fields.every(f => splitAttr(f).key === undefined)) {
      return fields
        .map(f => f.trim())
        .filter(f => f.length > 0)
        .map(f => image(f, true))
    }
  }
  return lines.map(line => {
    let name = ''
    let enable = true
    for (const field of csvFields(line, 'images')) {
      const { key, value } = splitAttr(field)
      if (key === undefined || key === 'name') {
        name = value
      } else if (key === 'enable') {
        if (value !== 'true' && value !== 'false') {
          throw new InputError('images', `${quote(line)}: enable "${value}" must be true or false`)
        }
        enable = value === 'true'
      } else {
        throw new InputError(
          'images',
          `${quote(line)}: unknown attribute "${key}", allowed attributes are name, enable`
        )
      }
    }
    if (name.length === 0) throw new InputError('images', `${quote(line)} has no image name`)
    return image(name, enable)
  })
}

/** Image names are lower-cased before validation, as metadata-action lower-cases them. */
function image(name: string, enable: boolean): ImageEntry {
  const lower = name.toLowerCase()
  validateImageName(lower, 'images')
  return { name: lower, enable }
}

interface SplitName {
  registry?: string
  path: string
}

/**
 * The first component is a registry when it looks like a host (has a dot or a port, is
 * `localhost`, or is a bracketed IPv6 address) and something follows it; otherwise the whole
 * name is a repository path on Docker Hub, which is also how the docker CLI decides.
 */
function splitRegistry(name: string): SplitName {
  const slash = name.indexOf('/')
  if (slash < 0) return { path: name }
  const first = name.slice(0, slash)
  if (
    first.includes('.') ||
    first.includes(':') ||
    first === 'localhost' ||
    first.startsWith('[')
  ) {
    return { registry: first, path: name.slice(slash + 1) }
  }
  return { path: name }
}

function validateRegistry(full: string, registry: string, input: string): void {
  const fail = (detail: string): never => {
    throw new InputError(input, `${quote(full)} ${detail}`)
  }
  let host = registry
  let port: string | undefined
  if (registry.startsWith('[')) {
    const m = /^\[([^\]]*)\](?::(.*))?$/.exec(registry)
    if (!m || !isIPv6(m[1])) fail(`has registry "${registry}" which is not a valid [IPv6] address`)
    host = m![1]
    port = m![2]
  } else {
    const colon = registry.lastIndexOf(':')
    if (colon >= 0) {
      host = registry.slice(0, colon)
      port = registry.slice(colon + 1)
    }
    if (/^\d+(?:\.\d+){3}$/.test(host)) {
      if (host.split('.').some(o => Number(o) > 255)) {
        fail(`has registry host "${host}" which is not a valid IPv4 address (octets are 0-255)`)
      }
    } else if (host.length === 0 || !host.split('.').every(l => HOST_LABEL.test(l))) {
      fail(
        `has registry host "${host}" which is not a valid host name (dot-separated labels of ` +
          'letters, digits and inner dashes)'
      )
    }
  }
  if (port !== undefined) {
    if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
      fail(`has port ${port || '(empty)'}, expected 1-65535`)
    }
  }
}

function validatePath(full: string, path: string, input: string): void {
  const fail = (detail: string): never => {
    throw new InputError(input, `${quote(full)} ${detail}`)
  }
  for (const component of path.split('/')) {
    if (component.length === 0)
      fail('has an empty path component (check for "//" or a trailing "/")')
    if (/[:@]/.test(component)) {
      fail('must not include a tag or digest here; give the image name only')
    }
    if (/[A-Z]/.test(component)) fail(`must be lower case (path component "${component}")`)
    if (!PATH_COMPONENT.test(component)) {
      fail(
        `has path component "${component}"; path components may only contain a-z, 0-9 and ` +
          'the separators ".", "_", "__" or "-", and must start and end with a letter or digit'
      )
    }
  }
}

/** Validates an image name without tag or digest against the docker reference grammar. */
export function validateImageName(name: string, input: string): void {
  if (name.length === 0) throw new InputError(input, 'image name is empty')
  if (name.length > NAME_MAX) {
    throw new InputError(
      input,
      `${quote(name)} is ${name.length} characters long, image names may have at most ${NAME_MAX}`
    )
  }
  const { registry, path } = splitRegistry(name)
  if (registry !== undefined) validateRegistry(name, registry, input)
  validatePath(name, path, input)
}

export interface ImageReference {
  registry: string
  repository: string
  tag?: string
  digest?: string
}

/**
 * Splits `host:port/path:tag@digest`. Names are not lower-cased here, because a reference the
 * user typed in full is used verbatim by docker, which would reject upper case.
 */
export function parseImageReference(ref: string, input: string): ImageReference {
  let rest = ref.trim()
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!DIGEST.test(digest) || (digest.startsWith('sha256:') && digest.length !== 71)) {
      throw new InputError(
        input,
        `${quote(ref)} has digest "${digest}", expected algorithm:hex such as sha256:<64 hex digits>`
      )
    }
  }
  let tag: string | undefined
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/') && !rest.slice(colon).includes(']')) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!TAG.test(tag)) {
      throw new InputError(
        input,
        `${quote(ref)} has tag "${tag}"; tags are 1-128 of A-Z a-z 0-9 _ . - and may not start with . or -`
      )
    }
  }
  validateImageName(rest, input)
  const { registry, path } = splitRegistry(rest)
  const out: ImageReference = { registry: registry ?? 'docker.io', repository: path }
  if (tag !== undefined) out.tag = tag
  if (digest !== undefined) out.digest = digest
  return out
}
