import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../../src/util/errors.js'
import { parseImageReference, parseImages, validateImageName } from '../../../src/meta/index.js'
import { eventContext, resolve, thrown } from './helpers.js'

describe('images input', () => {
  it.each([
    ['one per line', 'user/app\nghcr.io/user/app', ['user/app', 'ghcr.io/user/app']],
    ['legacy comma list', 'user/app,ghcr.io/user/app', ['user/app', 'ghcr.io/user/app']],
    ['name attribute', 'name=user/app\nname=ghcr.io/user/app', ['user/app', 'ghcr.io/user/app']],
    ['upper case is lowered', 'GHCR.io/User/App', ['ghcr.io/user/app']],
    ['comments skipped', '# registry\nuser/app', ['user/app']],
    ['empty', '', []]
  ])('%s', (_name, text, names) => {
    expect(parseImages(text).map(i => i.name)).toEqual(names)
  })

  it('keeps disabled entries flagged', () => {
    expect(parseImages('name=user/app\nname=ghcr.io/user/app,enable=false')).toEqual([
      { name: 'user/app', enable: true },
      { name: 'ghcr.io/user/app', enable: false }
    ])
  })

  it('crosses every image with every tag, image by image', () => {
    const meta = resolve(eventContext('push-tag'), {
      images: 'user/app\nname=ghcr.io/user/app\nname=quay.io/user/app,enable=false',
      tags: 'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}'
    })
    expect(meta.images).toEqual(['user/app', 'ghcr.io/user/app'])
    expect(meta.imagesFromInput).toBe(true)
    expect(meta.fullTags).toEqual([
      'user/app:1.2.3',
      'user/app:1',
      'user/app:latest',
      'ghcr.io/user/app:1.2.3',
      'ghcr.io/user/app:1',
      'ghcr.io/user/app:latest'
    ])
    expect(meta.json.tags).toEqual(meta.fullTags)
  })

  it('gives bare tags when every image is disabled, as metadata-action does', () => {
    const meta = resolve(eventContext('push-branch'), {
      images: 'name=user/app,enable=false',
      tags: 'type=sha'
    })
    expect(meta.images).toEqual([])
    expect(meta.fullTags).toEqual(['sha-90dd603'])
  })
})

describe('validateImageName', () => {
  it.each([
    'app',
    'user/app',
    'ghcr.io/acme/app',
    'localhost/app',
    'localhost:5000/app',
    'registry:5000/team/app',
    '127.0.0.1:5000/app',
    '[::1]:5000/app',
    '[2001:db8::1]/app',
    'my-registry.example.com/a.b/c__d/e---f',
    `user/${'a'.repeat(240)}`
  ])('accepts %s', name => {
    expect(() => validateImageName(name, 'images')).not.toThrow()
  })

  it.each([
    ['127.0.0.1:99999/app', 'has port 99999, expected 1-65535'],
    ['localhost:0/app', 'has port 0, expected 1-65535'],
    ['localhost:/app', 'has port (empty), expected 1-65535'],
    ['300.1.1.1/app', 'not a valid IPv4 address'],
    ['[fe80::zz]/app', 'not a valid [IPv6] address'],
    ['-bad.example.com/app', 'not a valid host name'],
    ['user/App', 'must be lower case'],
    ['user//app', 'empty path component'],
    ['user/app/', 'empty path component'],
    ['user/-app', 'must start and end with a letter or digit'],
    ['user/app_', 'must start and end with a letter or digit'],
    ['user/a___b', 'path components may only contain'],
    ['user/app:1.0', 'must not include a tag or digest'],
    [`user/${'a'.repeat(260)}`, 'image names may have at most 255'],
    ['', 'image name is empty']
  ])('rejects %s', (name, says) => {
    const err = thrown(() => validateImageName(name, 'images'))
    expect(err).toBeInstanceOf(InputError)
    expect(err.message).toContain('Input "images": ')
    expect(err.message).toContain(says)
    if (name.length > 0 && name.length < 200) expect(err.message).toContain(`"${name}"`)
  })

  it('has the documented message for a bad port', () => {
    expect(thrown(() => validateImageName('127.0.0.1:99999/app', 'images')).message).toBe(
      'Input "images": "127.0.0.1:99999/app" has port 99999, expected 1-65535'
    )
  })
})

describe('parseImageReference', () => {
  const digest = `sha256:${'a'.repeat(64)}`
  it.each([
    ['app', { registry: 'docker.io', repository: 'app' }],
    ['user/app:1.0', { registry: 'docker.io', repository: 'user/app', tag: '1.0' }],
    [
      'localhost:5000/team/app:edge',
      { registry: 'localhost:5000', repository: 'team/app', tag: 'edge' }
    ],
    [`ghcr.io/acme/app@${digest}`, { registry: 'ghcr.io', repository: 'acme/app', digest }],
    [
      `[::1]:5000/app:v1@${digest}`,
      { registry: '[::1]:5000', repository: 'app', tag: 'v1', digest }
    ],
    ['[::1]:5000/app', { registry: '[::1]:5000', repository: 'app' }]
  ])('parses %s', (ref, expected) => {
    expect(parseImageReference(ref, 'image')).toEqual(expected)
  })

  it.each([
    ['ghcr.io/acme/App:1', 'must be lower case'],
    ['acme/app:-x', 'has tag "-x"'],
    [`acme/app:${'t'.repeat(129)}`, 'tags are 1-128'],
    ['acme/app@sha256:abc', 'has digest "sha256:abc"'],
    ['host:70000/app:1', 'has port 70000']
  ])('rejects %s', (ref, says) => {
    const err = thrown(() => parseImageReference(ref, 'image'))
    expect(err).toBeInstanceOf(InputError)
    expect(err.message).toContain('Input "image": ')
    expect(err.message).toContain(says)
  })
})
